import cliProgress from 'cli-progress';
import type { TrainProgress } from '../../local/train/train-options.js';

/**
 * A training progress bar on `stream` (stderr) when it is a terminal and the output is not
 * `--json`, silent otherwise (logs, pipes and scripts reading JSON stay clean).
 *
 * @example const bar = trainingBar({ json: false }); bar.update({ stage: 'train', done: 2, total: 8 }); bar.stop();
 */
export function trainingBar(options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): { update(progress: TrainProgress): void; stop(): void } {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY || options.json === true) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: 'training [{bar}] {value}/{total} epochs · {stage}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      if (!started) {
        bar.start(progress.total, progress.done, { stage: progress.stage });
        started = true;
      } else bar.update(progress.done, { stage: progress.stage });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * A bar for reading a large data file (a `.json` array, read as it streams in) on `stream`
 * (stderr) when it is a terminal and the output is not `--json`, silent otherwise; shown only for
 * files of 8 MB or more, which take a second or more to read.
 *
 * @example const bar = readingBar('train.json', { json: false }); bar.update(4e6, 25e6); bar.stop();
 */
export function readingBar(file: string, options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): { update(readBytes: number, totalBytes: number): void; stop(): void } {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY || options.json === true) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: `reading ${file} [{bar}] {percentage}% of {size} MB`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(readBytes, totalBytes) {
      if (totalBytes < BAR_FROM_BYTES) return;
      if (!started) {
        bar.start(totalBytes, readBytes, { size: (totalBytes / 1e6).toFixed(0) });
        started = true;
      } else bar.update(readBytes);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

const BAR_FROM_BYTES = 8_000_000;
