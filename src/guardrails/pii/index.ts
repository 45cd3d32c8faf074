export { createPiiDetector, type PiiDetectorOptions } from './create-pii-detector.js';
export { isPiiEntityType, NATIONAL_ID_TYPES, PII_ENTITY_TYPES, type Finding, type PiiDetector, type PiiEntityType } from './entity-types.js';
export { defaultNameTagger, trainNameTagger, type NameTagger, type NameTaggerOptions } from './ner/name-tagger.js';
export { isHeldOutTemplate, readPresidioSynth, type SynthSample } from './ner/presidio-synth.js';
export { emptyCounts, evaluateText, scoreCounts, type EvaluationCounts, type TypedSpan } from './evaluation/span-evaluator.js';
export { detectPatterns } from './patterns/index.js';
export { DEFAULT_PHONE_REGIONS } from './patterns/phone.js';
export { resolveOverlaps } from './resolve-overlaps.js';
export { piiPolicySchema } from '../redaction/policy.js';
