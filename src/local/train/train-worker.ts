/**
 * Worker-thread entry for `trainInWorker`: trains, serialises, decodes its own file (so the model
 * served is exactly the one saved: int8 weights), and posts back the bytes and the decoded model's
 * parts, transferred, not copied: the calling thread decodes nothing. Progress and errors are
 * posted as plain messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toSwitchyardError } from '../../core/errors.js';
import { type ClassifierParts, classifierParts } from '../model-file/model-parts.js';
import type { Example } from '../types.js';
import { trainClassifier } from './train-classifier.js';
import { toTrainedModel } from './trained-model.js';
import type { TrainOptions } from './train-options.js';

export type WorkerMessage =
  | { type: 'progress'; progress: { stage: string; done: number; total: number } }
  | { type: 'done'; bytes: Uint8Array; parts: ClassifierParts }
  | { type: 'error'; code: string; status: number; message: string };

const port = parentPort;
if (port) {
  const { examples, options, createdAt } = workerData as { examples: Example[]; options: TrainOptions; createdAt: number };
  try {
    const { model, bytes } = toTrainedModel(trainClassifier(examples, {
      ...options,
      now: () => createdAt,
      onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage),
    }));
    const { parts, transfer } = classifierParts(model);
    port.postMessage({ type: 'done', bytes, parts } satisfies WorkerMessage, [bytes.buffer as ArrayBuffer, ...transfer]);
  } catch (error) {
    const e = toSwitchyardError(error);
    port.postMessage({ type: 'error', code: e.code, status: e.status, message: e.message } satisfies WorkerMessage);
  }
}
