import { exitWhenFlushed } from './exit-when-flushed.js';

/**
 * Until the returned function is called, Ctrl-C says `line` and leaves at once (exit 130): for a
 * start-up (an in-process gateway) or work that writes nothing until it ends (training), where
 * nothing done so far could be kept or reported. In core: the CLI, evals and routing all use it.
 *
 * @example const started = quitOnSigint('Ctrl-C while the gateway was starting: nothing was sent'); await start(); started();
 */
export function quitOnSigint(line: string): () => void {
  const handler = () => {
    process.stderr.write(`\n${line}\n`);
    exitWhenFlushed(130);
  };
  process.on('SIGINT', handler);
  return () => void process.off('SIGINT', handler);
}
