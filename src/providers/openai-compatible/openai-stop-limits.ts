/**
 * OpenAI's limits on `stop`, checked before a translated request (an Anthropic client's
 * `stop_sequences`) reaches an OpenAI model: OpenAI takes at most 4 sequences, and its reasoning
 * models (o-series, gpt-5 apart from the chat snapshots) take none ("Unsupported parameter:
 * 'stop' is not supported with this model"). Sent as it is, the client would get OpenAI's 400
 * about a field it never sent; refused here, it gets a 400 in its own format naming its field,
 * the count and the model's limit, and a model with fallbacks tries the next target
 * (`decisions.unsupported`). Other OpenAI-compatible servers (vLLM, Ollama…) have their own
 * limits and get the list as it is. An OpenAI client's own request passes through untouched
 * and meets OpenAI's answer, in its own terms.
 */
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';

/** OpenAI's most stop sequences per request. */
export const OPENAI_MAX_STOP = 4;

const OPENAI_MODEL = /^(gpt-|o\d|chatgpt-)/;
const TAKES_NO_STOP = /^(o\d|gpt-5(?!-chat|\.\d+-chat))/;

/**
 * Throws the precise refusal when `request.stop` breaks `model`'s limit; nothing to do (and no
 * work beyond one field read) when the request has no stop sequences.
 *
 * @example checkStopLimits({ model: 'm', messages: [], stop: ['1', '2', '3', '4', '5'] }, 'gpt-4o') // throws: stop_sequences: 5 …
 */
export function checkStopLimits(request: ChatCompletionRequest, model: string): void {
  const stop = request.stop;
  if (stop === undefined || stop === null || !OPENAI_MODEL.test(model)) return;
  const count = typeof stop === 'string' ? 1 : stop.length;
  if (count === 0) return;
  if (TAKES_NO_STOP.test(model)) {
    throw new SwitchyardError('unsupported', `stop_sequences is not supported by ${model}: OpenAI's reasoning models refuse stop sequences; omit stop_sequences or use another model`, { param: 'stop_sequences' });
  }
  if (count > OPENAI_MAX_STOP) {
    throw new SwitchyardError('unsupported', `stop_sequences has ${count} sequences, but ${model} takes at most ${OPENAI_MAX_STOP} (OpenAI's limit on stop); send at most ${OPENAI_MAX_STOP}`, { param: 'stop_sequences' });
  }
}
