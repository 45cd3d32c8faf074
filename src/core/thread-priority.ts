import { readlinkSync } from 'node:fs';
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
    // '/proc/<pid>/task/<tid>'
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    // Relative to the process's own nice value, so a gateway started under `nice` keeps the gap.
    setPriority(tid, Math.min(19, getPriority(tid) + by));
    return true;
  } catch {
    return false;
  }
}
