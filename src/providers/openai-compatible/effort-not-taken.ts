/**
 * A reasoning effort the OpenAI model does not take (`core/openai-efforts.ts`): OpenAI answers
 * 400 `unsupported_value` rather than use the nearest one ("'minimal' is not supported with the
 * 'gpt-5.1' model").
 *
 * - A Responses or chat client's effort is OpenAI's own field sent to an OpenAI model: refused
 *   before it leaves, in the words OpenAI's API for that client would use, so a model with
 *   fallbacks passes over that target (`decisions.unsupported`), as a GPT-4-era model's refusal
 *   of any effort does (`effort-on-non-reasoning.ts`).
 * - An Anthropic client's thinking budget or effort, or a Gemini client's thinkingLevel, was asked
 *   in another vendor's terms, and its nearest OpenAI effort may be one this model lacks (gpt-5.1
 *   on have no "minimal", a Gemini client's MINIMAL; the -pro models no "low", a small Anthropic
 *   budget; most no "max"): it goes as the nearest effort the model takes, named on the trace
 *   (`decisions.reasoning_effort`).
 */
import { SwitchyardError } from '../../core/errors.js';
import { isOpenAIEffort, nearestEffort, refusedEffortMessage, takenEfforts } from '../../core/openai-efforts.js';
import { requestedEffort } from '../../core/refused-sampling.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { CallOptions } from '../spec.js';

/**
 * Sets `reasoning_effort` in `body` to one `options.model` takes, or throws OpenAI's refusal for
 * a client speaking OpenAI's formats.
 *
 * @example const body = { reasoning_effort: 'minimal' }; effortTheModelTakes(body, { model: 'gpt-5.2', clientFormat: 'gemini' }) // body.reasoning_effort: 'none'
 * @example effortTheModelTakes({ reasoning_effort: 'minimal' }, { model: 'gpt-5.2', clientFormat: 'responses' }) // throws, param "reasoning.effort"
 */
export function effortTheModelTakes(body: JsonObject, options: Pick<CallOptions, 'model' | 'clientFormat' | 'decisions'>): void {
  const effort = body.reasoning_effort;
  if (!isOpenAIEffort(effort)) return;
  const nearest = nearestEffort(options.model, effort) ?? beyondHigh(effort, options.clientFormat);
  if (nearest === undefined || nearest === effort) return;
  if (options.clientFormat === 'openai' || options.clientFormat === 'responses') {
    const api = options.clientFormat === 'responses' ? 'responses' : 'chat';
    throw effortRefusal(refusedEffortMessage(options.model, effort, api)!, api);
  }
  body.reasoning_effort = nearest;
  options.decisions?.decide('reasoning_effort', {
    requested: effort,
    sent: nearest,
    model: options.model,
    reason: takenEfforts(options.model) === undefined
      ? `${options.model} is not in the effort table; "high" is the most every reasoning model takes`
      : `${options.model} takes reasoning_effort ${takenEfforts(options.model)!.join(', ')}; "${nearest}" is the nearest to "${effort}"`,
  });
}

/**
 * Refuses, in OpenAI's words, an OpenAI-format client's own body (sent as it came, not
 * translated) whose effort the target model does not take, when the gateway chose that model (a
 * fallback, an alias): the attempts pass over the target to one that takes it, as they do for a
 * translated body (above). A client that named the upstream model itself gets OpenAI's own answer.
 *
 * @example refuseEffortNotTaken({ model: 'chain', reasoning_effort: 'minimal' }, 'gpt-5.1', 'openai') // throws, param "reasoning_effort"
 */
export function refuseEffortNotTaken(body: JsonObject, model: string, clientFormat: 'openai' | 'responses'): void {
  const api = clientFormat === 'responses' ? 'responses' : 'chat';
  const message = refusedEffortMessage(model, requestedEffort(body), api);
  if (message !== undefined) throw effortRefusal(message, api);
}

function effortRefusal(message: string, api: 'chat' | 'responses'): SwitchyardError {
  return new SwitchyardError('unsupported', message, { param: api === 'responses' ? 'reasoning.effort' : 'reasoning_effort', vendorCode: 'unsupported_value' });
}

/**
 * For a model the table does not know (another vendor's server: DeepSeek, Groq…), another
 * format's `xhigh` or `max` (an Anthropic client's `output_config.effort`) goes as `high`, the
 * most every reasoning API takes; an OpenAI-format client's goes as it sent it.
 */
function beyondHigh(effort: string, clientFormat: CallOptions['clientFormat']): 'high' | undefined {
  if (clientFormat === 'openai' || clientFormat === 'responses') return undefined;
  return effort === 'xhigh' || effort === 'max' ? 'high' : undefined;
}
