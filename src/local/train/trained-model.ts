import type { LocalClassifier } from '../classifier.js';
import { parseModel } from '../model-file/parse-model.js';
import { serializeModel } from '../model-file/serialize-model.js';

/** A trained model file and the classifier it decodes to: what serving the file gives. */
export interface TrainedModel {
  model: LocalClassifier;
  /** The model file (`serializeModel`), to save or register as it is. */
  bytes: Uint8Array;
}

/**
 * The file of a freshly trained classifier and the model that file decodes to (int8 weights), so
 * that what is served now is what a restart or another replica loads from the registry.
 *
 * @example const { model, bytes } = toTrainedModel(trainClassifier(examples)); writeFileSync('m.sylm', bytes)
 */
export function toTrainedModel(trained: LocalClassifier): TrainedModel {
  const bytes = new Uint8Array(serializeModel(trained));
  return { model: parseModel(bytes, 'trained model'), bytes };
}
