/**
 * Whether a simulated OpenAI model thinks before answering, and so reports reasoning tokens (and,
 * on the Responses API, a reasoning item).
 */
import type { JsonObject } from '../core/openai-wire.js';
import { openAIReasons, requestedEffort } from '../core/refused-sampling.js';

// OpenAI's own names are judged by the gateway's table (core/refused-sampling.ts,
// core/openai-efforts.ts): the o-series, gpt-5 itself and the models that cannot stop reason
// unless told not to, as do GPT-5.5, 5.6 and the gpt-6 models (default "medium"); gpt-5.1 to
// gpt-5.4 default to "none" and answer at once, as priced. Billing gpt-5.4-mini for ~100 unasked
// reasoning tokens an answer made it cost more than claude-sonnet-4-6 in the README's
// walkthrough, against the real price lists. gpt-5-chat-latest does not reason.
const OPENAI_NAME = /^(?:o\d|gpt-)/;
// Stand-ins named for reasoning think unless told not to.
const REASONING_STANDIN = /reason|think/i;

/** The effort the request asked for, and whether a model refuses one or the value sent (one table, shared with the gateway). */
export { refusesEffort, requestedEffort } from '../core/refused-sampling.js';
export { invalidEffortMessage, refusedEffortMessage } from '../core/openai-efforts.js';

/**
 * Whether `model` reasons for this request: a reasoning model with an effort other than "none",
 * or with no effort given when it reasons by default.
 *
 * @example reasons('gpt-5.4-mini', {}) // false
 * @example reasons('gpt-5.4-mini', { reasoning_effort: 'low' }) // true
 */
export function reasons(model: string, body: JsonObject): boolean {
  const effort = requestedEffort(body);
  if (OPENAI_NAME.test(model)) return openAIReasons(model, effort);
  return REASONING_STANDIN.test(model) && effort !== 'none';
}
