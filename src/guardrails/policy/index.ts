/**
 * Policy and output checks, each a factory that validates its config (errors name unknown fields
 * and values) and returns `(text) => GuardVerdict`.
 */
export { type BannedWordsConfig, bannedWordsCheck, bannedWordsConfigSchema } from './banned-words.js';
export { type TopicsConfig, topicsCheck, topicsConfigSchema } from './topics.js';
export { type JsonSchemaCheckConfig, jsonSchemaCheck, jsonSchemaCheckConfigSchema } from './json-output.js';
export {
  DEFAULT_REFUSAL_PATTERNS,
  detectRefusal,
  type RefusalConfig,
  type RefusalResult,
  refusalCheck,
  refusalConfigSchema,
} from './refusal.js';
export { TermMatcher } from './term-matcher.js';
export { actionSchema, parseCheckConfig } from './parse-config.js';
export { GUARD_ACTIONS, type GuardAction, type GuardVerdict, strongestAction, TRIGGERED_ACTIONS, type TriggeredAction, verdict } from '../verdict.js';
