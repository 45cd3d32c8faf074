import cliProgress from 'cli-progress';
import type { TrainProgress } from '../../local/train/train-options.js';

/**
 * A training progress bar on stderr when it is a terminal, silent otherwise (logs and pipes stay
 * clean).
 *
 * @example const bar = trainingBar(); bar.update({ stage: 'train', done: 2, total: 8 }); bar.stop();
 */
export function trainingBar(): { update(progress: TrainProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'training [{bar}] {value}/{total} epochs · {stage}', hideCursor: true, clearOnComplete: true },
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
