import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'sy-local-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard local train, stopped with Ctrl-C', () => {
  it('says training stopped and nothing was written, writes nothing, and exits 130', async () => {
    const out = join(dir, 'models/support.sylm');
    // The shipped banking77 training split: seconds of reading and training, so the Ctrl-C lands in them.
    const child = spawn(process.execPath, [join(ROOT, 'bin/switchyard.js'), 'local', 'train', '--data', join(ROOT, 'data/banking77/train.csv'), '--label-column', 'category', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // Once the command has loaded (its handler is installed before the file is read).
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const stopped = await exited;
    // Before: killed by the signal with nothing printed.
    expect(stopped).toEqual({ code: 130, signal: null });
    expect(stderr).toContain(`Ctrl-C: training stopped; nothing was written to ${out}`);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
