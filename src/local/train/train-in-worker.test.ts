import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../__fixtures__/banking77-sample.js';
import { serializeModel } from '../model-file/serialize-model.js';
import { trainClassifier } from './train-classifier.js';
import { trainInWorker } from './train-in-worker.js';
import { toTrainedModel } from './trained-model.js';
import type { TrainProgress } from './train-options.js';

// The worker runs the compiled dist/ build: `npm test` builds first (run `npm run build` before
// running this file alone).
const examples = banking77('train', EIGHT_LABELS, 40);
const now = () => Date.UTC(2026, 1, 2);

describe('trainInWorker', () => {
  it('trains off the main thread and resolves with the same model as in-process training', async () => {
    const progress: TrainProgress[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const { model, bytes } = await trainInWorker(examples, { seed: 5, validationShare: 0.2, crossFitBelow: 0, now }, (p) => progress.push(p));
    clearInterval(timer);
    const local = toTrainedModel(trainClassifier(examples, { seed: 5, validationShare: 0.2, crossFitBelow: 0, now }));
    expect(Buffer.from(bytes).equals(Buffer.from(local.bytes))).toBe(true);
    // The model handed back is the file's (int8 weights), rebuilt from the worker's arrays.
    expect(model.linear.weights).toEqual(local.model.linear.weights);
    for (const text of examples.slice(0, 20).map((e) => e.text)) expect(model.predict(text)).toEqual(local.model.predict(text));
    expect(serializeModel(model).equals(Buffer.from(bytes))).toBe(true);
    expect(progress.at(-1)).toEqual({ stage: 'done', done: 8, total: 8 });
    // The event loop kept turning while the worker trained.
    expect(ticks).toBeGreaterThan(0);
  }, 60_000);

  it('rejects with the training error, unchanged', async () => {
    await expect(trainInWorker(examples.filter((e) => e.label === 'pin_blocked'))).rejects.toMatchObject({
      name: 'SwitchyardError',
      code: 'invalid_request',
      message: 'training data has a single label "pin_blocked" (40 examples); a classifier needs at least 2 labels',
    });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const training = trainInWorker(examples, { signal: controller.signal });
    controller.abort();
    await expect(training).rejects.toThrow('training was cancelled');
  });
});
