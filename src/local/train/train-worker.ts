/**
 * Worker-thread entry for `trainInWorker`: trains, serialises, and posts the bytes back
 * (transferred, not copied). Progress and errors are posted as plain messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toSwitchyardError } from '../../core/errors.js';
import { serializeModel } from '../model-file/serialize-model.js';
import type { Example } from '../types.js';
import { trainClassifier } from './train-classifier.js';
import type { TrainOptions } from './train-options.js';

export type WorkerMessage =
  | { type: 'progress'; progress: { stage: string; done: number; total: number } }
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'error'; code: string; status: number; message: string };

const port = parentPort;
if (port) {
  const { examples, options, createdAt } = workerData as { examples: Example[]; options: TrainOptions; createdAt: number };
  try {
    const model = trainClassifier(examples, {
      ...options,
      now: () => createdAt,
      onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage),
    });
    const bytes = new Uint8Array(serializeModel(model));
    port.postMessage({ type: 'done', bytes } satisfies WorkerMessage, [bytes.buffer]);
  } catch (error) {
    const e = toSwitchyardError(error);
    port.postMessage({ type: 'error', code: e.code, status: e.status, message: e.message } satisfies WorkerMessage);
  }
}
