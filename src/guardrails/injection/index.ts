/**
 * Prompt-injection and jailbreak detection: text normalisation, heuristic rules and two linear
 * classifiers (user turn; indirect content such as tool results and retrieved documents),
 * loaded from a model file trained by scripts/train-injection.mjs on the committed data.
 */
export {
  InjectionDetector,
  PASTED_USER_BAR,
  type DetectorHead,
  type InjectionDetectorOptions,
  type InjectionScore,
  type InjectionScoreOptions,
  type InjectionSource,
  type ScoreBreakdown,
} from './detector.js';
export { DEFAULT_MODEL_PATH, detectorFromModel, loadInjectionDetector, type LoadInjectionDetectorOptions } from './load-detector.js';
export { HEURISTIC_RULES, type HeuristicRule, type RuleCategory } from './heuristic-rules.js';
export { combineHits, type HeuristicHit, matchHeuristics } from './heuristics.js';
export { type NormalizationSignal, type NormalizedText, type NormalizeOptions, normalizeText } from './normalize/normalize-text.js';
export type { DecodedPayload, Encoding } from './normalize/embedded-encodings.js';
export { segmentSpans } from './segments.js';
export { type PastedSplit, splitPastedDocuments } from './pasted-documents.js';
export { injectionCheck, injectionCheckConfigSchema, type InjectionCheckConfig, parseInjectionCheckConfig } from './injection-check.js';
