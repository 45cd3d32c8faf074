import { execFileSync } from 'node:child_process';
import { readlinkSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the scheduling priority (raises the nice value by `by`) of the calling thread only, not of the
 * process: on Linux a thread is a task with an id of its own, and setpriority(2) given that id
 * changes just that task. A background thread that shares a core with the event loop then yields
 * to it sooner (shorter runs between the loop's turns), while it still gets the core whenever the
 * loop waits. Returns false where there is no /proc/thread-self (not Linux) or the call is refused.
 *
 * @example lowerThreadPriority(5) // in a worker thread: nice 0 becomes 5 for this thread alone
 */
export function lowerThreadPriority(by: number): boolean {
  try {
    const tid = threadId();
    if (tid === undefined) return false;
    // Relative to the process's own nice value, so a gateway started under `nice` keeps the gap.
    setPriority(tid, Math.min(19, getPriority(tid) + by));
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts the calling thread under SCHED_BATCH (same nice value, same share of the core): the
 * scheduler then no longer lets it preempt a running thread when it wakes. A thread woken by
 * the event loop's `postMessage` otherwise took the core it shares with the loop at once, in the
 * middle of the call: in bench:gateway (one pinned core, 64 connections) handing a 128-trace
 * batch to the trace-write thread read p99 5.6 ms, max 6.0 ms, of which 104 of 161 ms in 15 s
 * were the loop waiting on the run queue; under SCHED_BATCH p99 0.89 ms, 15 of 72 ms waiting.
 * Node has no sched_setscheduler, so this runs util-linux's `chrt` once. Returns false where
 * that is not possible (not Linux, no `chrt`, refused).
 *
 * @example batchScheduleThread() // in a worker thread that the event loop wakes with messages
 */
export function batchScheduleThread(): boolean {
  try {
    const tid = threadId();
    if (tid === undefined) return false;
    execFileSync('chrt', ['--batch', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 2_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Names the calling thread for the kernel (/proc/thread-self/comm, at most 15 bytes), so `top -H`
 * and per-thread CPU readings (bench:gateway's `BENCH_THREADS=1`) tell it from Node's own
 * threads, which are all called `node`. Returns false where that is not possible.
 *
 * @example nameThread('sy-trace-write')
 */
export function nameThread(name: string): boolean {
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
    return true;
  } catch {
    return false;
  }
}

/** The calling thread's kernel task id, from '/proc/thread-self' -> '/proc/<pid>/task/<tid>' (undefined where there is none). */
export function threadId(): number | undefined {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  return Number.isInteger(tid) && tid > 0 ? tid : undefined;
}
