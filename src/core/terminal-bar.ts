import cliProgress from 'cli-progress';

/** A progress bar that may be silent: the same calls either way. */
export interface TerminalBar {
  /** Draws `done` of `total` (the first call starts the bar); `payload` fills the format's other `{names}`. */
  update(done: number, total: number, payload?: Record<string, unknown>): void;
  /** Clears the bar, if it was ever drawn; a later update starts it again. */
  stop(): void;
}

/**
 * A cli-progress bar in `format` on `stream` (stderr) when it is a terminal and the output is not
 * `--json`; silent otherwise, so logs, pipes and scripts reading stdout or JSON stay clean. It
 * starts at its first update, once the total is known.
 *
 * @example const bar = terminalBar('training [{bar}] {value}/{total} epochs · {stage}'); bar.update(2, 8, { stage: 'train' }); bar.stop();
 */
export function terminalBar(format: string, options: { json?: boolean; stream?: NodeJS.WriteStream; etaBuffer?: number } = {}): TerminalBar {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY || options.json === true) return { update: () => undefined, stop: () => undefined };
  const settings = { stream, format, hideCursor: true, clearOnComplete: true, ...(options.etaBuffer === undefined ? {} : { etaBuffer: options.etaBuffer }) };
  const bar = new cliProgress.SingleBar(settings, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total, payload) {
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else bar.update(done, payload ?? {});
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
