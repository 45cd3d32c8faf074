/**
 * OpenAI's limits on `stop`, met before a translated request (an Anthropic client's
 * `stop_sequences`) reaches an OpenAI model. OpenAI takes at most 4 sequences (Claude many): the
 * first 4 go, and the gateway applies the rest itself (`splitOpenAIStops`, held-stops.ts), so the
 * request works as it would on Claude. OpenAI's reasoning models (o-series, gpt-5 apart from the
 * chat snapshots) take none ("Unsupported parameter: 'stop' is not supported with this model"):
 * sent as it is, the client would get OpenAI's 400 about a field it never sent; refused here, it
 * gets a 400 in its own format naming its field, and a model with fallbacks tries the next target
 * (`decisions.unsupported`). Other OpenAI-compatible servers (vLLM, Ollama…) have their own
 * limits and get the list as it is. An OpenAI client's own request passes through untouched
 * and meets OpenAI's answer, in its own terms.
 */
import { SwitchyardError } from '../../core/errors.js';
import type { ClientFormat } from '../../core/formats.js';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { OPENAI_REASONING_NOT_CHAT } from '../../core/openai-reasoning-family.js';

/** OpenAI's most stop sequences per request. */
export const OPENAI_MAX_STOP = 4;

const OPENAI_MODEL = /^(gpt-|o\d|chatgpt-)/;

/** The field a client of each format sent its stop sequences in, for a refusal in its own terms. */
const STOP_FIELD: Partial<Record<ClientFormat, string>> = { anthropic: 'stop_sequences', gemini: 'generationConfig.stopSequences' };

/**
 * Throws the precise refusal when `model` takes no stop sequences and `request.stop` has some,
 * naming the field as `clientFormat`'s client sent it (chat's `stop` for any other); nothing to do
 * (and no work beyond one field read) when the request has no stop sequences.
 *
 * @example checkStopLimits({ model: 'm', messages: [], stop: ['four'] }, 'o4-mini', 'anthropic') // throws: stop_sequences is not supported by o4-mini …
 * @example checkStopLimits({ model: 'm', messages: [], stop: ['four'] }, 'o4-mini', 'gemini') // throws: generationConfig.stopSequences is not supported by o4-mini …
 */
export function checkStopLimits(request: ChatCompletionRequest, model: string, clientFormat?: ClientFormat): void {
  const stop = request.stop;
  if (stop === undefined || stop === null || !OPENAI_MODEL.test(model)) return;
  const count = typeof stop === 'string' ? 1 : stop.length;
  if (count === 0) return;
  if (OPENAI_REASONING_NOT_CHAT.test(model)) {
    const field = (clientFormat === undefined ? undefined : STOP_FIELD[clientFormat]) ?? 'stop';
    throw new SwitchyardError('unsupported', `${field} is not supported by ${model}: OpenAI's reasoning models refuse stop sequences; omit ${field} or use another model`, { param: field });
  }
}

/**
 * The request's `stop` split into what goes to `model` and what the gateway applies: past
 * OpenAI's 4, the rest are held back for OpenAI's models; other servers get the list as it is.
 *
 * @example splitOpenAIStops(['a', 'b', 'c', 'd', 'e'], 'gpt-4.1') // { sent: ['a', 'b', 'c', 'd'], held: ['e'] }
 */
export function splitOpenAIStops(stop: ChatCompletionRequest['stop'], model: string): { sent: ChatCompletionRequest['stop']; held: string[] } {
  if (!Array.isArray(stop) || stop.length <= OPENAI_MAX_STOP || !OPENAI_MODEL.test(model)) return { sent: stop, held: [] };
  return { sent: stop.slice(0, OPENAI_MAX_STOP), held: stop.slice(OPENAI_MAX_STOP).filter((sequence) => typeof sequence === 'string' && sequence !== '') };
}
