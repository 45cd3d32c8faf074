import type { CascadeRoute } from '../../config/route-schema.js';
import { quote } from './decision.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { compileJsonSchema, unfence } from '../../core/json-schema-validator.js';

type Validation = NonNullable<CascadeRoute['escalate_on']['validation']>;
type Confidence = NonNullable<CascadeRoute['escalate_on']['confidence']>;

/** Validation runs on at most this much answer text; a longer answer fails it (and escalates). */
export const MAX_CHECKED_ANSWER = 1_000_000;

interface CompiledValidation {
  schema?: (value: unknown) => string | undefined;
  labels?: Set<string>;
  regex?: RegExp;
}
const compiled = new WeakMap<Validation, CompiledValidation>();

function compile(v: Validation): CompiledValidation {
  let c = compiled.get(v);
  if (!c) {
    c = {};
    if (v.json_schema) c.schema = compileJsonSchema(v.json_schema);
    if (v.labels) c.labels = new Set(v.labels.map((l) => (v.ignore_case ? l.toLowerCase() : l)));
    if (v.regex) c.regex = new RegExp(v.regex, v.ignore_case ? 'iu' : 'u');
    compiled.set(v, c);
  }
  return c;
}

/**
 * Why an answer fails the validation, or undefined when it passes. JSON answers wrapped in a
 * Markdown code fence are unwrapped first, since models add fences even when told not to.
 *
 * @example validationFailure({ labels: ['refund', 'card'], ignore_case: false }, 'Refund') // 'answer "Refund" is not one of the 2 labels'
 */
export function validationFailure(validation: Validation, answer: string): string | undefined {
  if (answer.length > MAX_CHECKED_ANSWER) return `answer longer than ${MAX_CHECKED_ANSWER} characters`;
  const c = compile(validation);
  const trimmed = answer.trim();
  if (c.labels && !c.labels.has(validation.ignore_case ? trimmed.toLowerCase() : trimmed)) {
    return `answer ${quote(trimmed)} is not one of the ${c.labels.size} labels`;
  }
  if (c.regex && !c.regex.test(answer)) return `answer does not match /${validation.regex}/`;
  if (c.schema) {
    let value: unknown;
    try {
      value = JSON.parse(unfence(trimmed));
    } catch {
      return 'answer is not JSON';
    }
    const violations = c.schema(value);
    if (violations !== undefined) return `answer violates the JSON schema: ${violations}`;
  }
  return undefined;
}

/** Mean and minimum token log-probability of an answer. */
export interface LogprobStats {
  mean: number;
  min: number;
  tokens: number;
}

/**
 * Reads OpenAI's `choice.logprobs` (`{ content: [{ token, logprob }, …] }`), or an array of such
 * entries collected from a stream's chunks. Undefined when there are none (the provider gives no
 * log-probs, or the request did not ask for them).
 *
 * @example logprobStats({ content: [{ token: 'a', logprob: -0.1 }, { token: 'b', logprob: -0.3 }] }) // { mean: -0.2, min: -0.3, tokens: 2 }
 */
export function logprobStats(logprobs: unknown): LogprobStats | undefined {
  const entries = Array.isArray(logprobs) ? logprobs : isJsonObject(logprobs) && Array.isArray(logprobs.content) ? logprobs.content : undefined;
  if (!entries) return undefined;
  let sum = 0;
  let min = 0;
  let tokens = 0;
  for (const entry of entries) {
    const value = isJsonObject(entry) ? entry.logprob : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    sum += value;
    min = tokens === 0 ? value : Math.min(min, value);
    tokens++;
  }
  return tokens === 0 ? undefined : { mean: sum / tokens, min, tokens };
}

/**
 * Why an answer's confidence is too low, or undefined when it is high enough (or when log-probs
 * are missing and `when_missing` is `accept`).
 *
 * @example confidenceFailure({ min_mean_logprob: -0.5, when_missing: 'accept' }, { mean: -1.2, min: -4, tokens: 9 }) // 'mean token logprob -1.200 < -0.5'
 */
export function confidenceFailure(confidence: Confidence, stats: LogprobStats | undefined): string | undefined {
  if (!stats) return confidence.when_missing === 'escalate' ? 'no token logprobs from the provider' : undefined;
  if (confidence.min_mean_logprob !== undefined && stats.mean < confidence.min_mean_logprob) {
    return `mean token logprob ${stats.mean.toFixed(3)} < ${confidence.min_mean_logprob}`;
  }
  if (confidence.min_token_logprob !== undefined && stats.min < confidence.min_token_logprob) {
    return `lowest token logprob ${stats.min.toFixed(3)} < ${confidence.min_token_logprob}`;
  }
  return undefined;
}

