/**
 * A reasoning effort bound for an OpenAI model that does not reason (gpt-4.1, gpt-4o, …), which
 * OpenAI refuses with a 400 on both APIs rather than ignore: `Unsupported parameter:
 * 'reasoning_effort' is not supported with this model.` on chat completions, and the same for
 * `'reasoning.effort'` on the Responses API (`unsupported_parameter`; OpenAI's API reference
 * marks `reasoning` "gpt-5 and o-series models only").
 *
 * - A Responses or chat client's effort is OpenAI's own field sent to an OpenAI model: refused
 *   before it leaves, in OpenAI's words and naming the client's field, as OpenAI would answer it
 *   (sent natively, OpenAI does); a model with fallbacks passes over that target to the next
 *   (`decisions.unsupported`). Dropped, it left the client believing the model had reasoned.
 * - An Anthropic client's thinking or a Gemini client's thinkingConfig was asked in another
 *   vendor's terms, for whatever model is behind the name: it goes, named on the trace
 *   (`decisions.dropped_params`), and the model answers without reasoning.
 */
import { SwitchyardError } from '../../core/errors.js';
import { refusesEffort } from '../../core/refused-sampling.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { noteDropped } from '../dropped-params.js';
import type { CallOptions } from '../spec.js';

/**
 * Takes `reasoning_effort` out of `body` for a model that refuses it, or throws the refusal a
 * client speaking OpenAI's formats would get from OpenAI.
 *
 * @example withoutRefusedEffort({ reasoning_effort: 'low' }, { model: 'gpt-4.1-mini', clientFormat: 'anthropic' }) // body without it; dropped_params names it
 * @example withoutRefusedEffort({ reasoning_effort: 'low' }, { model: 'gpt-4.1-mini', clientFormat: 'responses' }) // throws, param "reasoning.effort"
 */
export function withoutRefusedEffort(body: JsonObject, options: Pick<CallOptions, 'model' | 'clientFormat' | 'decisions'>): void {
  if (body.reasoning_effort === undefined || !refusesEffort(options.model)) return;
  const own = options.clientFormat === 'responses' ? 'reasoning.effort' : options.clientFormat === 'openai' ? 'reasoning_effort' : undefined;
  if (own !== undefined && body.reasoning_effort !== null) {
    throw new SwitchyardError('unsupported', `Unsupported parameter: '${own}' is not supported with this model.`, { param: own, vendorCode: 'unsupported_parameter' });
  }
  delete body.reasoning_effort;
  noteDropped(options.decisions, 'openai', ['reasoning_effort']);
}
