import { type Clock, systemClock } from '../../core/clock.js';
import { type TerminalBar, terminalBar } from '../../core/terminal-bar.js';

/** How often a run without a terminal says how far it got: a CI log stays short, and a job that prints nothing for ten minutes is not taken for hung (CircleCI's no-output timeout). */
export const PROGRESS_LINE_EVERY_MS = 60_000;

/**
 * A progress bar over an eval's case×variant calls on stderr when it is a terminal; otherwise
 * (a CI log, a pipe) a plain line at most once a minute, with no escape codes, so a long run
 * shows it is alive and a short one prints nothing.
 *
 * @example const bar = progressBar('support'); bar.update(3, 10); bar.stop();
 */
export function progressBar(label: string, options: { stream?: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>; clock?: Pick<Clock, 'now'>; everyMs?: number } = {}): TerminalBar {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) return terminalBar(`${label} [{bar}] {value}/{total} case×variant · {eta_formatted} left`, { etaBuffer: 50, stream: stream as NodeJS.WriteStream });
  return progressLines(label, stream, options.clock ?? systemClock, options.everyMs ?? PROGRESS_LINE_EVERY_MS);
}

/** `eval: 1,200 of 9,980 case×variant (12%), about 7 min left`, once every `everyMs`. */
function progressLines(label: string, stream: Pick<NodeJS.WriteStream, 'write'>, clock: Pick<Clock, 'now'>, everyMs: number): TerminalBar {
  let started: { at: number; done: number } | undefined;
  let lastLine = 0;
  return {
    update(done, total) {
      const now = clock.now();
      if (!started) {
        started = { at: now, done };
        lastLine = now;
        return;
      }
      if (now - lastLine < everyMs || done >= total) return;
      lastLine = now;
      const rate = (done - started.done) / (now - started.at);
      const left = rate > 0 ? `, about ${minutes((total - done) / rate)} left` : '';
      stream.write(`${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} case×variant (${Math.floor((done / total) * 100)}%)${left}\n`);
    },
    stop() {
      started = undefined;
    },
  };
}

const minutes = (ms: number): string => (ms < 90_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`);
