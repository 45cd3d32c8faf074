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
