// BENCH_EXCLUSIVE=1 for the gateway benches: run this process again in a session of its own whose
// autogroup gets nice -20, so other sessions' work on a shared machine takes little of the pinned
// cores. With sched_autogroup (the default on most distributions) the scheduler first splits a core
// between sessions, then between a session's tasks by nice value. On 2026-12-02 at load average
// 14-17 from other helpers' sessions, the floor read 494-873 req/s even under `nice -n -20` (its
// event loop waited 820-950 ms a second on the run queue); in a session of its own with autogroup
// nice -20, 2,424-2,473 req/s, as on a quiet host. The gateway's own threads keep their relative
// nice values (the trace-write thread's +3) inside the session. Needs root or CAP_SYS_NICE.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * With BENCH_EXCLUSIVE=1, re-runs this script in its own session and exits with its status (never
 * returns there); in that session, raises its autogroup's priority. Returns how the bench runs:
 * null outside BENCH_EXCLUSIVE, else what the session got.
 *
 * @example const priority = await exclusiveSession(); // 'own session, autogroup nice -20'
 */
export async function exclusiveSession() {
  if (process.env.BENCH_EXCLUSIVE === '1' && process.env.BENCH_EXCLUSIVE_SESSION === undefined) {
    const child = spawn('setsid', ['--wait', process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, BENCH_EXCLUSIVE_SESSION: '1' } });
    // A new session leaves the terminal's process group: pass interrupts on (and only that: the
    // bench's own handlers, which would end this process first, are for the run in the session).
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.removeAllListeners(signal);
      process.on(signal, () => child.kill(signal));
    }
    const code = await new Promise((resolveExit) => child.on('exit', (status) => resolveExit(status ?? 1)));
    process.exit(code);
  }
  if (process.env.BENCH_EXCLUSIVE_SESSION === undefined) return null;
  try {
    writeFileSync('/proc/self/autogroup', '-20');
    return 'own session, autogroup nice -20';
  } catch (error) {
    return `own session, not prioritised (${error.code ?? error.message})`;
  }
}
