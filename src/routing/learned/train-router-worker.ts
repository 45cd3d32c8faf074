/**
 * Worker-thread entry for `trainRouterInWorker`: trains and posts back the router file's bytes
 * (transferred), or the error as a plain message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toSwitchyardError } from '../../core/errors.js';
import { serializeRouter } from './router-file.js';
import { type RouterRecord, type TrainRouterOptions, trainRouter } from './train-router.js';

export type RouterWorkerMessage = { type: 'done'; bytes: Uint8Array } | { type: 'error'; code: string; status: number; message: string };

const port = parentPort;
if (port) {
  const { records, options } = workerData as { records: RouterRecord[]; options: Omit<TrainRouterOptions, 'clock'> };
  try {
    const bytes = serializeRouter(trainRouter(records, options));
    port.postMessage({ type: 'done', bytes } satisfies RouterWorkerMessage, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    const e = toSwitchyardError(error);
    port.postMessage({ type: 'error', code: e.code, status: e.status, message: e.message } satisfies RouterWorkerMessage);
  }
}
