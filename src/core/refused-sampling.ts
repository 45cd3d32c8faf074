/**
 * Which sampling parameters each model refuses, in one table for the three vendors: the
 * gateway drops them before it sends a request there (and says so on the trace), and the
 * simulator refuses them as the vendor does. Parameters are named as OpenAI Chat Completions and
 * Anthropic name them (`temperature`, `top_p`, `top_k`, `presence_penalty`…); Gemini's camelCase
 * fields are the same settings.
 *
 * - Claude Opus 4.7 and later refuse `temperature`, `top_p` and `top_k` outright
 *   (`takesSamplingParams`; 400 "`temperature` is deprecated for this model.").
 * - OpenAI's reasoning models (o-series, the gpt-5 family but gpt-5-chat-latest) take
 *   `temperature` 1 only (400 `unsupported_value`) and refuse `top_p`, the penalties, `logprobs`,
 *   `top_logprobs` and `logit_bias` (400 `unsupported_parameter`). From gpt-5.1 on, `temperature`,
 *   `top_p` and log probabilities are taken again when the model does not reason: effort "none",
 *   which is also the default from gpt-5.1 to gpt-5.4 (not on the -pro and chat models, which
 *   cannot stop, nor GPT-5.5 and 5.6, whose default is "medium").
 * - Gemini 2.5 and later refuse a penalty other than 0 (400 "Penalty is not enabled for
 *   models/…"); gemini-2.0 takes them.
 */
import { takesSamplingParams } from './claude-models.js';
import { AFTER_GPT_5, OPENAI_REASONING_FAMILY } from './openai-reasoning-family.js';
import { takenEfforts } from './openai-efforts.js';

/** A sampling parameter as the chat and Messages APIs name it. */
export type SamplingParam = 'temperature' | 'top_p' | 'top_k' | 'presence_penalty' | 'frequency_penalty' | 'logprobs' | 'top_logprobs' | 'logit_bias';

/** What a model refuses: per parameter, which values, and why (for the trace). */
export interface SamplingRefusals {
  readonly params: ReadonlyMap<SamplingParam, (value: unknown) => boolean>;
  readonly reason: string;
}

const present = (value: unknown): boolean => value !== undefined && value !== null;
const notOne = (value: unknown): boolean => present(value) && value !== 1;
const nonZero = (value: unknown): boolean => present(value) && value !== 0;

const NONE: SamplingRefusals = { params: new Map(), reason: '' };

const CLAUDE: SamplingRefusals = {
  params: new Map([['temperature', present], ['top_p', present], ['top_k', present]]),
  reason: 'Claude Opus 4.7 and later take no sampling parameters (Anthropic answers 400 "`temperature` is deprecated for this model.")',
};

const OPENAI_REASONING: SamplingRefusals = {
  params: new Map<SamplingParam, (value: unknown) => boolean>([
    ['temperature', notOne], ['top_p', present], ['presence_penalty', present], ['frequency_penalty', present],
    ['logprobs', present], ['top_logprobs', present], ['logit_bias', present],
  ]),
  reason: 'OpenAI reasoning models take temperature 1 only and no top_p, penalties, logprobs or logit_bias (OpenAI answers 400 unsupported_value / unsupported_parameter)',
};

const OPENAI_NOT_REASONING: SamplingRefusals = {
  params: new Map<SamplingParam, (value: unknown) => boolean>([['presence_penalty', present], ['frequency_penalty', present], ['logit_bias', present]]),
  reason: 'OpenAI reasoning models take no penalties or logit_bias, even with reasoning effort "none" (OpenAI answers 400 unsupported_parameter)',
};

const GEMINI: SamplingRefusals = {
  params: new Map([['presence_penalty', nonZero], ['frequency_penalty', nonZero]]),
  reason: 'Gemini 2.5 and later refuse penalties other than 0 (Google answers 400 "Penalty is not enabled for models/…")',
};

// OpenAI's reasoning models (the o-series, gpt-5 and every major after) but gpt-5-chat-latest,
// which does not reason. The gpt-5.x chat models do, at a fixed "medium", and refuse temperature
// (pydantic-ai's recorded probes).
const NOT_REASONING_CHAT = /^gpt-5-chat/;
// gpt-5.1 on: sampling is taken again when the model does not reason.
const SAMPLES_WITHOUT_REASONING = /^gpt-5\.\d/;
// Of the models that can stop reasoning (effort "none", core/openai-efforts.ts), those that reason
// when the request names no effort: GPT-5.5, GPT-5.6 (these) and every major after (AFTER_GPT_5), default "medium";
// gpt-5.1 to gpt-5.4 default to "none" (OpenAI's model pages; the probes: gpt-5.5 refuses
// temperature without an effort).
const GPT_55_OR_56 = /^gpt-5\.[56]/;
const GEMINI_WITHOUT_PENALTIES = /^(?:models\/)?gemini-(?:2\.5|[3-9]|\d\d)/;

// GPT-4-era OpenAI models do not reason, and refuse an effort rather than ignore it.
const REFUSES_EFFORT = /^(?:gpt-4|gpt-3\.5|chatgpt-)/;

/**
 * Whether an OpenAI model refuses a reasoning effort (`reasoning_effort`, `reasoning.effort`)
 * with a 400 `unsupported_parameter`; the gateway refuses or drops it before, the simulator
 * answers it as OpenAI does.
 *
 * @example refusesEffort('gpt-4.1-mini') // true
 * @example refusesEffort('gpt-5.4-mini') // false
 */
export function refusesEffort(model: string): boolean {
  return REFUSES_EFFORT.test(model);
}

/**
 * The reasoning effort a request asked for: `reasoning_effort` (chat) or `reasoning.effort`
 * (Responses).
 *
 * @example requestedEffort({ reasoning: { effort: 'low' } }) // 'low'
 */
export function requestedEffort(body: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof body.reasoning_effort === 'string') return body.reasoning_effort;
  const effort = (body.reasoning as { effort?: unknown } | null | undefined)?.effort;
  return typeof effort === 'string' ? effort : undefined;
}

/**
 * Whether an OpenAI model reasons for a request with this effort (`reasoning_effort`, or the
 * Responses API's `reasoning.effort`): a reasoning model with an effort other than "none", or
 * with none given when it reasons by default.
 *
 * @example openAIReasons('gpt-5.4-mini', undefined) // false
 * @example openAIReasons('gpt-5.4-mini', 'low') // true
 * @example openAIReasons('gpt-4o', 'low') // false
 */
export function openAIReasons(model: string, effort: string | undefined): boolean {
  if (!isOpenAIReasoning(model)) return false;
  if (effort !== undefined) return effort !== 'none';
  // A model that cannot stop (gpt-5, the o-series, the -pro and chat models) reasons by default.
  const taken = takenEfforts(model);
  return taken === undefined || !taken.includes('none') || GPT_55_OR_56.test(model) || AFTER_GPT_5.test(model);
}

/**
 * The sampling parameters `model` refuses for a request with reasoning effort `effort`.
 *
 * @example samplingRefusals('claude-opus-4-7').params.has('temperature') // true
 * @example samplingRefusals('gpt-5-mini').params.get('temperature')?.(1) // false: 1 is the default
 * @example samplingRefusals('gpt-5.2', 'none').params.has('temperature') // false
 * @example samplingRefusals('gpt-4o').params.size // 0
 */
export function samplingRefusals(model: string, effort?: string): SamplingRefusals {
  let kind = kinds.get(model);
  if (kind === undefined) {
    // Read once per name: the request path asks on every call. The simulator asks with client
    // names, so the memo is bounded.
    if (kinds.size >= MAX_KINDS) kinds.clear();
    kind = kindOf(model);
    kinds.set(model, kind);
  }
  if (kind === 'openai') return SAMPLES_WITHOUT_REASONING.test(model) && !openAIReasons(model, effort) ? OPENAI_NOT_REASONING : OPENAI_REASONING;
  return kind;
}

const MAX_KINDS = 1000;

const isOpenAIReasoning = (model: string): boolean => OPENAI_REASONING_FAMILY.test(model) && !NOT_REASONING_CHAT.test(model);
const kinds = new Map<string, SamplingRefusals | 'openai'>();

function kindOf(model: string): SamplingRefusals | 'openai' {
  if (!takesSamplingParams(model)) return CLAUDE;
  if (isOpenAIReasoning(model)) return 'openai';
  if (GEMINI_WITHOUT_PENALTIES.test(model)) return GEMINI;
  return NONE;
}

/**
 * The parameters of `body` that `refusals` refuses at the values sent, in the table's order.
 *
 * @example refusedIn({ temperature: 0.2, top_p: 1 }, samplingRefusals('gpt-5')) // ['temperature', 'top_p']
 * @example refusedIn({ temperature: 1 }, samplingRefusals('gpt-5')) // []
 */
export function refusedIn(body: Readonly<Record<string, unknown>>, refusals: SamplingRefusals): SamplingParam[] {
  const names: SamplingParam[] = [];
  for (const [name, refuses] of refusals.params) if (refuses(body[name])) names.push(name);
  return names;
}
