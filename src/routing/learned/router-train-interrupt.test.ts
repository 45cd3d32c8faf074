import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(join(tmpdir(), 'sy-router-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard router train, stopped with Ctrl-C', () => {
  it('says training stopped and nothing was written, writes nothing, and exits 130', async () => {
    const out = join(dir, 'routers/mmlu.router.json');
    // The shipped MMLU outcomes: seconds of training, so the Ctrl-C lands in the middle of it.
    const child = spawn(process.execPath, [join(ROOT, 'bin/switchyard.js'), 'router', 'train', '--data', join(ROOT, 'data/routellm/mmlu.jsonl.gz'), '--out', out, '--prompt-field', 'prompt', '--weak-field', 'weak', '--strong-field', 'strong'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // The "training a router on …" line comes after the records are read, as training starts.
    await new Promise<void>((started) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('training a router on')) started();
      });
    });
    const sent = performance.now();
    child.kill('SIGINT');
    const stopped = await exited;
    // Before: killed by the signal with nothing printed (training blocked the thread a handler needs).
    expect(stopped).toEqual({ code: 130, signal: null });
    expect(stderr).toContain(`Ctrl-C: router training stopped; nothing was written to ${out}`);
    expect(existsSync(out)).toBe(false);
    // At once, not once training has finished: about 11 s of CPU after this point on an idle
    // machine, more on a loaded one. The bound sits between the two, 8 s past a stop that needs
    // a few ms of the child's CPU.
    expect(performance.now() - sent).toBeLessThan(8_000);
  }, 60_000);
});
