/**
 * Node flags for a child process that sends itself `signal` the moment its stdout carries
 * `banner`, inside the very write: the earliest instant a parent waiting for that line could
 * signal it, with no scheduler luck involved. A CLI that installs its signal handlers only after
 * printing its banner is killed by the default action here (a loaded machine hit that window by
 * chance: the gateway "exited by a signal" in CI).
 *
 * @example spawn(process.execPath, [...signalOnBanner('listening on', 'SIGTERM'), CLI, 'serve'])
 */
export function signalOnBanner(banner: string, signal: NodeJS.Signals): string[] {
  const preload = `const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).includes(${JSON.stringify(banner)})) process.kill(process.pid, ${JSON.stringify(signal)});
  return written;
};`;
  return ['--import', `data:text/javascript,${encodeURIComponent(preload)}`];
}
