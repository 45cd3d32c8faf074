/**
 * Thinking turned off by a client of another vendor's format (an Anthropic client's `thinking:
 * {type: "disabled"}`, carried as `anthropic_thinking_budget: 0`; a Gemini client's
 * `thinkingBudget: 0`, carried as `reasoning_effort: "none"`), bound for an OpenAI reasoning
 * model: sent as the least effort that model takes (`leastEffort`). Without it, `disabled` sent no
 * effort and gpt-5 and the o-series reasoned at their default, medium; and "none" is a 400 on the
 * models before gpt-5.1. An OpenAI-format client's own effort goes as it sent it.
 */
import { leastEffort } from '../../core/openai-efforts.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { CallOptions } from '../spec.js';

/**
 * Sets `reasoning_effort` in `body` to the least `options.model` takes when another format's
 * client asked for no thinking; said on the trace (`decisions.reasoning_effort`) where that least
 * still reasons.
 *
 * @example const body = { reasoning_effort: 'none' }; leastEffortWhenOff(body, { model: 'o4-mini', clientFormat: 'gemini' }) // body.reasoning_effort: 'low'
 */
export function leastEffortWhenOff(body: JsonObject, options: Pick<CallOptions, 'model' | 'clientFormat' | 'decisions'>): void {
  if (options.clientFormat !== 'anthropic' && options.clientFormat !== 'gemini') return;
  const disabled = body.reasoning_effort === undefined && body.anthropic_thinking_budget === 0;
  if (!disabled && body.reasoning_effort !== 'none') return;
  const least = leastEffort(options.model);
  if (least === undefined) return;
  body.reasoning_effort = least;
  if (least !== 'none') {
    options.decisions?.decide('reasoning_effort', {
      requested: disabled ? 'thinking disabled' : 'thinkingBudget 0',
      sent: least,
      model: options.model,
      reason: `${options.model} cannot stop reasoning: "${least}" is the least effort it takes`,
    });
  }
}
