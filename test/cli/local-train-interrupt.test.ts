import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
/** Preloaded into the child: says on stderr when a SIGINT listener is added (synchronously, just before it is). */
const HANDLED = 'test: a SIGINT listener was added';
const SAYS_WHEN_HANDLED = `process.on('newListener', (event) => { if (event === 'SIGINT') process.stderr.write('${HANDLED}\\n'); });`;
const dir = mkdtempSync(join(tmpdir(), 'sy-local-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard local train, stopped with Ctrl-C', () => {
  it('says training stopped and nothing was written, writes nothing, and exits 130', async () => {
    const out = join(dir, 'models/support.sylm');
    // The shipped banking77 training split: seconds of reading and training, so the Ctrl-C lands in them.
    const child = spawn(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(SAYS_WHEN_HANDLED)}`, join(ROOT, 'bin/switchyard.js'), 'local', 'train', '--data', join(ROOT, 'data/banking77/train.csv'), '--label-column', 'category', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let handlerAdded = () => {};
    const handled = new Promise<void>((ready) => (handlerAdded = ready));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(HANDLED)) handlerAdded();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // Once the command has installed its handler (before the file is read): a fixed wait lost the
    // race on a loaded machine, and the signal's default action killed the process first.
    await Promise.race([handled, exited]);
    child.kill('SIGINT');
    const stopped = await exited;
    // Before: killed by the signal with nothing printed.
    expect(stopped).toEqual({ code: 130, signal: null });
    expect(stderr).toContain(`Ctrl-C: training stopped; nothing was written to ${out}`);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
