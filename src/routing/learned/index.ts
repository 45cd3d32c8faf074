/**
 * The learned router: trained from outcome records (`trainRouter`), saved and loaded as a compact
 * versioned file (`serializeRouter`, `loadRouter`), scoring prompts (`router.score`) against a
 * threshold chosen for a quality target (`router.thresholdFor`, `chooseThreshold`).
 */
export { type CurvePoint, type Outcome, type ThresholdChoice, apgr, chooseThreshold, cpt, pickOnCurve, qualityCurve, shareToReach } from './quality-curve.js';
export { parseRouterRecords, type RecordFields } from './read-records.js';
export { loadRouter, MAX_ROUTER_FILE_BYTES, ROUTER_FILE_VERSION, ROUTER_FORMAT, serializeRouter } from './router-file.js';
export { LearnedRouter, type RouterTraining, type RouterValidation } from './router-model.js';
export { MAX_RECORDS, MIN_RECORDS, type RouterRecord, type TrainRouterOptions, trainRouter } from './train-router.js';
