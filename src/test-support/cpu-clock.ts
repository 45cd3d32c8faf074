/**
 * Milliseconds of CPU this process has spent so far. The linear-time tests of the detectors bound
 * the CPU a hostile input costs, not the wall clock: on a busy machine (CI next to other jobs at
 * load 15 on two cores) the wall clock of the same work stretches several-fold, while a quadratic
 * scan would still cost hundreds of times its bound in CPU. Vitest runs each test file in its own
 * process, so only this file's work is counted.
 *
 * @example const started = cpuMs(); scan(text); expect(cpuMs() - started).toBeLessThan(1000);
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
