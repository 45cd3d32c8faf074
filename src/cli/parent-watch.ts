/**
 * Calls `onOrphaned` once when the process that started this one exits, so a server started
 * through a wrapper stops with it. `npx switchyard serve` runs the gateway under npm's `sh -c`;
 * `kill PID` of npm (from a script's `$!`, with no job control to signal the whole group) ended
 * npm and its shell and left the gateway serving, reparented and holding its port. The parent is
 * asked once a second on an unref'd timer (an orphan is adopted by init or the nearest subreaper,
 * so any other parent pid means the starter is gone); nothing is watched when the parent was
 * PID 1 (or 0, for PID 1 itself) from the start: a service manager, a container's init, or a
 * process that was detached on purpose (`setsid -f`, a double fork).
 *
 * @example watchParent((was) => void stop(`parent process ${was} exited`), { startedBy }) // returns a function that stops watching
 */
export function watchParent(onOrphaned: (was: number, now: number) => void, options: { startedBy?: number; intervalMs?: number; parentPid?: () => number } = {}): () => void {
  const parentPid = options.parentPid ?? (() => process.ppid);
  // Read when the command began, not when its server was up: a start of seconds (a journal
  // replay, a loaded machine) could outlast a starter that ended meanwhile, and the orphan would
  // then read as started by init.
  const started = options.startedBy ?? parentPid();
  if (started <= 1) return () => {};
  const timer = setInterval(() => {
    const now = parentPid();
    if (now === started) return;
    clearInterval(timer);
    onOrphaned(started, now);
  }, options.intervalMs ?? 1_000);
  // The watch never keeps the process alive: a server that closed for another reason exits.
  timer.unref();
  return () => clearInterval(timer);
}
