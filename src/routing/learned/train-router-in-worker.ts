import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../../core/compiled-worker.js';
import { type ErrorCode, SwitchyardError } from '../../core/errors.js';
import type { RouterWorkerMessage } from './train-router-worker.js';
import type { RouterRecord, TrainRouterOptions } from './train-router.js';

/**
 * `trainRouter` in a worker thread, resolving to the router file's bytes. On this thread the
 * training (11 s on the shipped MMLU outcomes) blocked the event loop, so a Ctrl-C handler could
 * not run until it had finished and the file was written: `router train` could only die silently.
 *
 * @example writeFileSync(out, await trainRouterInWorker(records, { seed: 1, validationFraction: 0.2 }));
 */
export function trainRouterInWorker(records: readonly RouterRecord[], options: Omit<TrainRouterOptions, 'clock'> = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(compiledWorker(new URL('./train-router-worker.js', import.meta.url)), { workerData: { records, options } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: RouterWorkerMessage) => {
      if (message.type === 'done') settle(() => resolve(message.bytes));
      else settle(() => reject(new SwitchyardError(message.code as ErrorCode, message.message, { status: message.status })));
    });
    worker.on('error', (error) => settle(() => reject(new SwitchyardError('internal', `router training worker failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new SwitchyardError('internal', `router training worker exited with code ${code} before finishing`))));
  });
}
