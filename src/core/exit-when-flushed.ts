/**
 * Ends the process with `code` once stdout and stderr have handed everything written to them to
 * the operating system. On a pipe Node writes asynchronously: `process.exit` right after a write
 * longer than the pipe's buffer (64 KiB on Linux) cut it at 65,536 bytes (a config with many
 * errors, read through `| less`, lost its end). On a terminal or a file the writes were already
 * done, so it exits at once. In core: the CLI, evals and routing leave through it.
 *
 * @example console.error(formatCliError(error)); exitWhenFlushed(1);
 */
export function exitWhenFlushed(code: number, streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  // Until the streams drain, the process must not end with another code (a natural exit), nor
  // take a second path out that exits before them.
  process.exitCode = code;
  let waiting = streams.length;
  const drained = () => {
    waiting--;
    if (waiting === 0) process.exit(code);
  };
  for (const stream of streams) {
    // A write's callback runs once it, and so everything queued before it, was written (or the
    // stream failed: a reader that left is no reason to wait).
    if (stream.writableLength === 0 || stream.destroyed) drained();
    else stream.write('', drained);
  }
}
