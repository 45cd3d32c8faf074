/**
 * Whether a simulated OpenAI model thinks before answering, and so reports reasoning tokens (and,
 * on the Responses API, a reasoning item).
 */
import type { JsonObject } from '../core/openai-wire.js';
import { requestedEffort } from '../core/refused-sampling.js';

// Reasoning models: OpenAI's o-series, gpt-5 and every major after it, and stand-ins named for it.
const REASONING_MODEL = /^(o\d|gpt-(?:[5-9]|[1-9]\d)(?=$|[.-]))|reason|think/i;
// Those that reason unless told not to: the o-series, gpt-5 itself (-mini, -nano) and stand-ins.
// From gpt-5.1 to gpt-5.4, OpenAI's default effort is "none": without reasoning_effort they answer
// at once, as priced. Billing gpt-5.4-mini for ~100 unasked reasoning tokens an answer made it cost
// more than claude-sonnet-4-6 in the README's walkthrough, against the real price lists. The
// GPT-5.6 models (Sol, Terra, Luna) default to "medium" again (their model pages), as do the gpt-6 ones.
const REASONS_BY_DEFAULT = /^(o\d|gpt-5(?!\.\d)|gpt-5\.6|gpt-(?:[6-9]|[1-9]\d)(?=$|[.-]))|reason|think/i;

/** The effort the request asked for, and whether a model refuses one or the value sent (one table, shared with the gateway). */
export { refusesEffort, requestedEffort } from '../core/refused-sampling.js';
export { refusedEffortMessage } from '../core/openai-efforts.js';

/**
 * Whether `model` reasons for this request: a reasoning model with an effort other than "none",
 * or with no effort given when it reasons by default.
 *
 * @example reasons('gpt-5.4-mini', {}) // false
 * @example reasons('gpt-5.4-mini', { reasoning_effort: 'low' }) // true
 */
export function reasons(model: string, body: JsonObject): boolean {
  if (!REASONING_MODEL.test(model)) return false;
  const effort = requestedEffort(body);
  if (effort === undefined) return REASONS_BY_DEFAULT.test(model);
  return effort !== 'none';
}
