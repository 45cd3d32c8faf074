import type { TrainProgress } from '../../local/train/train-options.js';
import { terminalBar } from '../../core/terminal-bar.js';

/**
 * A training progress bar on `stream` (stderr) when it is a terminal and the output is not
 * `--json`, silent otherwise (logs, pipes and scripts reading JSON stay clean).
 *
 * @example const bar = trainingBar({ json: false }); bar.update({ stage: 'train', done: 2, total: 8 }); bar.stop();
 */
export function trainingBar(options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): { update(progress: TrainProgress): void; stop(): void } {
  const bar = terminalBar('training [{bar}] {value}/{total} epochs · {stage}', options);
  return { update: (progress) => bar.update(progress.done, progress.total, { stage: progress.stage }), stop: () => bar.stop() };
}

/**
 * A bar for reading a large data file (a `.json` array, read as it streams in) on `stream`
 * (stderr) when it is a terminal and the output is not `--json`, silent otherwise; shown only for
 * files of 8 MB or more, which take a second or more to read.
 *
 * @example const bar = readingBar('train.json', { json: false }); bar.update(4e6, 25e6); bar.stop();
 */
export function readingBar(file: string, options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): { update(readBytes: number, totalBytes: number): void; stop(): void } {
  const bar = terminalBar(`reading ${file} [{bar}] {percentage}% of {size} MB`, options);
  return {
    update(readBytes, totalBytes) {
      if (totalBytes >= BAR_FROM_BYTES) bar.update(readBytes, totalBytes, { size: (totalBytes / 1e6).toFixed(0) });
    },
    stop: () => bar.stop(),
  };
}

const BAR_FROM_BYTES = 8_000_000;
