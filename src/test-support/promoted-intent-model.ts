import { banking77, EIGHT_LABELS } from '../local/__fixtures__/banking77-sample.js';
import type { LocalClassifier } from '../local/classifier.js';
import { trainClassifier } from '../local/train/train-classifier.js';
import { toTrainedModel } from '../local/train/trained-model.js';
import { openSqliteModelRegistry } from '../store/sqlite/sqlite-model-registry.js';

/**
 * A banking77 model of eight intents (or of `labels`) registered and promoted as the next version
 * of `route` in the SQLite store at `db`, as `local train --promote` leaves it: a gateway on that
 * store serves it at once. Returns the model, for tests that pick a question it answers confidently.
 *
 * @example const model = await promoteIntentModel(join(dir, 'sy.db'), 'support-intent'); model.predict('my card has not arrived')
 */
export async function promoteIntentModel(db: string, route: string, labels: readonly string[] = EIGHT_LABELS): Promise<LocalClassifier> {
  const registry = openSqliteModelRegistry(db);
  try {
    const { model, bytes } = toTrainedModel(trainClassifier(banking77('train', labels, 120), { minPrecision: 0.95, seed: 7 }));
    const v = await registry.register({ route, dataVersion: model.info.trainingDataHash, metrics: { ...model.info.metrics }, model: bytes, createdAt: Date.now() });
    await registry.promote(route, v.version, { minPrecision: 0.95, minCoverage: 0.3 }, Date.now());
    return model;
  } finally {
    await registry.close();
  }
}
