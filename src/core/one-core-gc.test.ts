import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledWorker } from './compiled-worker.js';

const module = compiledWorker(new URL('./one-core-gc.js', import.meta.url)).href;
const canPin = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/**
 * A Node process pinned to one core that calls gcOnOwnThreadOnOneCore (with `cores`, or as it
 * detects them), allocates ~1 GB of short- and longer-lived objects with a worker thread doing the
 * same, runs full collections, and reports the CPU of its main thread and of every other thread
 * but the worker's (V8's helper threads are among those), from /proc/self/task.
 */
function allocate(cores?: number): { set: boolean; mainMs: number; helpersMs: number } {
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { Worker } from 'node:worker_threads';
    const { gcOnOwnThreadOnOneCore } = await import(${JSON.stringify(module)});
    const set = gcOnOwnThreadOnOneCore(${cores ?? ''});
    const cpu = () => Object.fromEntries(readdirSync('/proc/self/task').map((t) => [t, Number(readFileSync('/proc/self/task/' + t + '/schedstat', 'utf8').split(' ')[0]) / 1e6]));
    const worker = new Worker("import { parentPort } from 'node:worker_threads'; import { readlinkSync } from 'node:fs'; parentPort.postMessage(Number(readlinkSync('/proc/thread-self').split('/').pop())); const keep = []; for (let i = 0; i < 1e6; i++) { keep.push({ i, s: 'y' + i }); if (keep.length > 100000) keep.splice(0, 50000); }", { eval: true });
    const workerTid = String(await new Promise((r) => worker.once('message', r)));
    const before = cpu();
    const keep = [];
    for (let i = 0; i < 3e6; i++) {
      keep.push({ a: i, b: 'x' + i, c: [i, i + 1] });
      if (keep.length > 200000) keep.splice(0, 100000);
    }
    for (let i = 0; i < 3; i++) globalThis.gc();
    await new Promise((r) => worker.once('exit', r));
    const after = cpu();
    let helpersMs = 0;
    for (const [tid, ms] of Object.entries(after)) if (Number(tid) !== process.pid && tid !== workerTid) helpersMs += ms - (before[tid] ?? 0);
    console.log(JSON.stringify({ set, mainMs: after[process.pid] - before[process.pid], helpersMs }));`;
  const out = execFileSync('taskset', ['-c', '0', process.execPath, '--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)) });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

describe.runIf(canPin)('gcOnOwnThreadOnOneCore', () => {
  it('on one core, collects on the thread that allocates: V8 helper threads take next to no CPU, and full collections still run', () => {
    const pinned = allocate();
    expect(pinned.set).toBe(true);
    expect(pinned.helpersMs).toBeLessThan(0.1 * pinned.mainMs);
  }, 60_000);

  it('with more than one core, leaves V8 as it is: its helper threads share the collections', () => {
    const shared = allocate(2);
    expect(shared.set).toBe(false);
    expect(shared.helpersMs).toBeGreaterThan(0.1 * shared.mainMs);
  }, 60_000);
});
