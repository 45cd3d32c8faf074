/**
 * Local task models: small classifiers trained in-process from labelled traffic that answer the
 * requests they are confident about and escalate the rest to the large model.
 *
 * @example
 * import { trainInWorker, loadModel } from './local/index.js';
 * const { model, bytes } = await trainInWorker(examples, { minPrecision: 0.95, seed: 1 });
 * writeFileSync('intent.sylm', bytes); // loadModel('intent.sylm') serves exactly `model`
 * model.predict('my card still has not arrived') // { label: 'card_arrival', confidence: 0.97, escalate: false }
 */
export { LocalClassifier, type ModelInfo } from './classifier.js';
export { parseExamples, readExamples, type ExampleFileOptions } from './data/read-examples.js';
export { evaluateClassifier, type Evaluation, type LabelEvaluation } from './evaluate-classifier.js';
export { DEFAULT_FEATURIZER_CONFIG, type FeaturizerConfig } from './features/featurizer-config.js';
export { loadModel } from './model-file/load-model.js';
export { parseModel } from './model-file/parse-model.js';
export { serializeModel } from './model-file/serialize-model.js';
export { decidePromotion, type PromotionBar, type PromotionDecision, type PromotionMetrics } from './registry/decide-promotion.js';
export type { ModelRegistry, ModelVersion, PromotionResult, RegisterInput, VersionStatus } from './registry/model-registry.js';
export { ShadowMonitor, type ShadowMonitorOptions, type ShadowReport } from './shadow/shadow-monitor.js';
export { trainClassifier } from './train/train-classifier.js';
export { nearDuplicateGroups } from './train/near-duplicates.js';
export { trainInWorker, type WorkerTrainOptions } from './train/train-in-worker.js';
export { toTrainedModel, type TrainedModel } from './train/trained-model.js';
export type { TrainOptions, TrainProgress } from './train/train-options.js';
export type { Example, Prediction, ValidationMetrics } from './types.js';
