/**
 * Which reasoning efforts (`reasoning_effort`, `reasoning.effort`) each OpenAI reasoning model
 * takes, in one table: the simulator refuses the others as OpenAI does, and the gateway's
 * translation sends another vendor's thinking as an effort the model takes.
 *
 * From OpenAI's API reference ("All models before gpt-5.1 default to medium reasoning effort, and
 * do not support none"; "gpt-5-pro defaults to (and only supports) high"; "xhigh is supported for
 * all models after gpt-5.1-codex-max") and from OpenAI's own 400s, which list what a model takes:
 * "Unsupported value: 'none' is not supported with the 'o3' model. Supported values are: 'low',
 * 'medium', and 'high'." (recorded against the Responses API by pydantic-ai's reasoning probes,
 * gpt-5 to gpt-5.6), "'minimal' is not supported with the 'gpt-5.1' model" (openai-agents-python
 * #2089), "'none' … 'gpt-5.1-codex' … 'low', 'medium', and 'high'" (openai/codex#6647), "'minimal'
 * … 'gpt-5.2-codex-2026-01-14' … 'low', 'medium', 'high', and 'xhigh'", "'minimal' …
 * 'gpt-5.6-luna' … 'none', 'low', 'medium', 'high', 'xhigh', and 'max'", and "Supported values are:
 * 'medium'." for the gpt-5.x chat models.
 */

import { nearestInOrder } from './nearest-in-order.js';
import { AFTER_GPT_5 } from './openai-reasoning-family.js';

/** OpenAI's efforts, least to most. */
export const EFFORT_ORDER = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type OpenAIEffort = (typeof EFFORT_ORDER)[number];

// First match wins: the specific names before the families they belong to.
const TAKEN: readonly (readonly [RegExp, readonly OpenAIEffort[]])[] = [
  // gpt-5.1 on, the chat models reason at a fixed effort (gpt-5-chat-latest does not reason).
  [/^gpt-5\.\d+-chat/, ['medium']],
  [/^gpt-5-pro/, ['high']],
  // gpt-5.2-pro, gpt-5.4-pro, gpt-5.5-pro.
  [/^gpt-5\.\d+-pro/, ['medium', 'high', 'xhigh']],
  [/^gpt-5\.1-codex-mini/, ['medium', 'high']],
  [/^gpt-5\.1-codex-max/, ['low', 'medium', 'high', 'xhigh']],
  [/^gpt-5(?:\.1)?-codex/, ['low', 'medium', 'high']],
  [/^gpt-5\.2-codex/, ['low', 'medium', 'high', 'xhigh']],
  [/^gpt-5\.1/, ['none', 'low', 'medium', 'high']],
  [/^gpt-5\.6/, ['none', 'low', 'medium', 'high', 'xhigh', 'max']],
  // gpt-5.2 to gpt-5.5 with their -mini and -nano, and gpt-5.3-codex (which takes "none").
  [/^gpt-5\.\d/, ['none', 'low', 'medium', 'high', 'xhigh']],
  // gpt-5 itself, -mini and -nano.
  [/^gpt-5(?!-chat|-search)/, ['minimal', 'low', 'medium', 'high']],
  [/^o\d/, ['low', 'medium', 'high']],
  // gpt-6 on: the Astra models have no "none" (measured against the API in bolna-ai/bolna#1019:
  // low, medium, high, xhigh, max); gpt-6-sol takes it (its 400 says to "set reasoning_effort to
  // 'none'", onyx-dot-app/onyx#15008), as the GPT-5.6 models do.
  [/^gpt-(?:[6-9]|[1-9]\d)(?:\.\d+)?-astra/, ['low', 'medium', 'high', 'xhigh', 'max']],
  [AFTER_GPT_5, ['none', 'low', 'medium', 'high', 'xhigh', 'max']],
];

/**
 * The efforts `model` takes, least first; undefined for a model this table does not know (one
 * that does not reason, or another server's), whose effort goes as the client sent it.
 *
 * @example takenEfforts('gpt-5.1') // ['none', 'low', 'medium', 'high']
 * @example takenEfforts('gpt-4o') // undefined
 */
export function takenEfforts(model: string): readonly OpenAIEffort[] | undefined {
  for (const [pattern, efforts] of TAKEN) if (pattern.test(model)) return efforts;
  return undefined;
}

/** Whether `value` is one of OpenAI's efforts. */
export function isOpenAIEffort(value: unknown): value is OpenAIEffort {
  return typeof value === 'string' && (EFFORT_ORDER as readonly string[]).includes(value);
}

/**
 * The effort `model` takes nearest to `effort`: the effort itself when taken; below the least it
 * takes, the least; above the most, the most; between two, the nearer, and the lower of two as
 * near ("minimal" on gpt-5.1 is "none", which OpenAI made its lowest setting in its place).
 * Undefined when the table does not know the model.
 *
 * @example nearestEffort('gpt-5.1', 'minimal') // 'none'
 * @example nearestEffort('gpt-5.4-pro', 'low') // 'medium'
 * @example nearestEffort('o3', 'xhigh') // 'high'
 */
export function nearestEffort(model: string, effort: OpenAIEffort): OpenAIEffort | undefined {
  const taken = takenEfforts(model);
  return taken === undefined ? undefined : nearestInOrder(EFFORT_ORDER, taken, effort, 'lower');
}

/**
 * The least effort an OpenAI reasoning model takes, for a client that asked for no thinking:
 * "none" from gpt-5.1 on, "minimal" on gpt-5 and its -mini and -nano, "low" on the o-series and
 * the older -codex models. Undefined where there is nothing to choose (gpt-5-pro takes only
 * "high", the gpt-5.x chat models only "medium") and for models the table does not know.
 *
 * @example leastEffort('gpt-5.4-mini') // 'none'
 * @example leastEffort('gpt-5-mini') // 'minimal'
 * @example leastEffort('o4-mini') // 'low'
 * @example leastEffort('gpt-4o') // undefined
 */
export function leastEffort(model: string): OpenAIEffort | undefined {
  const taken = takenEfforts(model);
  return taken !== undefined && taken.length > 1 ? taken[0] : undefined;
}

/**
 * OpenAI's list of what a model takes, as its 400 words it: "'low', 'medium', and 'high'".
 *
 * @example effortList(['medium']) // "'medium'"
 * @example effortList(['medium', 'high']) // "'medium' and 'high'"
 */
export function effortList(efforts: readonly string[]): string {
  const quoted = efforts.map((effort) => `'${effort}'`);
  if (quoted.length <= 2) return quoted.join(' and ');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}

/**
 * OpenAI's 400 (`unsupported_value`) for an effort `model` does not take, in the words of the API
 * the client called, or undefined when the model takes it (or the table does not know the model,
 * or the value is none of OpenAI's efforts).
 *
 * @example refusedEffortMessage('gpt-5.1', 'minimal', 'responses') // "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'."
 * @example refusedEffortMessage('gpt-5.1', 'minimal', 'chat') // "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', and 'high'."
 */
export function refusedEffortMessage(model: string, effort: unknown, api: 'chat' | 'responses'): string | undefined {
  if (!isOpenAIEffort(effort)) return undefined;
  const taken = takenEfforts(model);
  if (taken === undefined || taken.includes(effort)) return undefined;
  const supported = `Supported values are: ${effortList(taken)}.`;
  // Chat Completions names its field and not the model (nextai-translator#1841, chatwise#1257);
  // the Responses API names the model.
  return api === 'chat'
    ? `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. ${supported}`
    : `Unsupported value: '${effort}' is not supported with the '${model}' model. ${supported}`;
}

/**
 * OpenAI's 400 (`invalid_value`) for an effort that is none of its efforts, or undefined for one
 * of them (or a value that is not a string, which is a type error). The list is the API's whole
 * enum, whatever the model ("Invalid value: 'max'. Supported values are: 'none', 'minimal', 'low',
 * 'medium', 'high', and 'xhigh'." from the Responses API before it took max, Wei-Shaw/sub2api#3889).
 *
 * @example invalidEffortMessage('ultra') // "Invalid value: 'ultra'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'."
 */
export function invalidEffortMessage(effort: unknown): string | undefined {
  if (typeof effort !== 'string' || isOpenAIEffort(effort)) return undefined;
  return `Invalid value: '${effort}'. Supported values are: ${effortList(EFFORT_ORDER)}.`;
}
