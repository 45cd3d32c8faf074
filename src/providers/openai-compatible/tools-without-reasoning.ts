/**
 * The gpt-6 models take function tools on chat completions only without reasoning: OpenAI answers
 * 400 `Function tools with reasoning_effort are not supported for gpt-6-sol in
 * /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to
 * 'none'.`, also for a request that names no effort (the model's default reasons). A client of
 * another format (an Anthropic client such as Claude Code, a Gemini client, a Responses client on
 * a provider without `responses: native`) has no way to say "none" for one model behind an alias,
 * so every tool call it made to such a model failed. An OpenAI-format client's request goes as it
 * sent it, and meets OpenAI's answer as it would there.
 */
import { SwitchyardError } from '../../core/errors.js';
import type { ClientFormat } from '../../core/formats.js';
import { takenEfforts } from '../../core/openai-efforts.js';
import { AFTER_GPT_5 } from '../../core/openai-reasoning-family.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { CallOptions } from '../spec.js';

/** Where a client of each format asked for thinking, for a refusal in its own terms. */
const THINKING_FIELD: Record<Exclude<ClientFormat, 'openai'>, string> = { anthropic: 'thinking', gemini: 'generationConfig.thinkingConfig', responses: 'reasoning.effort' };

const RESPONSES_WAY = "OpenAI's gpt-6 models take function tools on chat completions only without reasoning; a Responses client on a provider with responses: native has both";

/**
 * Sets `reasoning_effort: "none"` on a translated request with function tools and no effort bound
 * for a gpt-6 model that takes "none", and says so on the trace (`decisions.reasoning_effort`).
 * Thinking the client asked for, and a model with no "none" (the Astra models), are refused before
 * the request leaves, naming the client's own field (OpenAI's 400 names `reasoning_effort`, which
 * such a client never sent); a route's fallbacks pass over the target.
 *
 * @example const body = { tools: [{ type: 'function', function: { name: 'f' } }] }; toolsWithoutReasoning(body, { model: 'gpt-6-sol', clientFormat: 'anthropic' }) // body.reasoning_effort: 'none'
 */
export function toolsWithoutReasoning(body: JsonObject, options: Pick<CallOptions, 'model' | 'clientFormat' | 'decisions'>): void {
  const format = options.clientFormat;
  if (format === undefined || format === 'openai' || !AFTER_GPT_5.test(options.model) || !hasFunctionTool(body.tools)) return;
  const { model } = options;
  if (!takenEfforts(model)?.includes('none')) {
    throw new SwitchyardError('unsupported', `function tools are not supported by ${model} over chat completions: it always reasons, and ${RESPONSES_WAY}`, { param: 'tools' });
  }
  if (body.reasoning_effort === 'none') return;
  if (body.reasoning_effort !== undefined) {
    const field = THINKING_FIELD[format];
    throw new SwitchyardError('unsupported', `${field} beside function tools is not supported by ${model} over chat completions: ${RESPONSES_WAY}; omit ${field}`, { param: field });
  }
  body.reasoning_effort = 'none';
  options.decisions?.decide('reasoning_effort', {
    requested: 'the model default',
    sent: 'none',
    model,
    reason: `${model} takes function tools on chat completions only without reasoning; a Responses client on a provider with responses: native keeps both`,
  });
}

function hasFunctionTool(tools: unknown): boolean {
  return Array.isArray(tools) && tools.some((tool) => (tool as { type?: unknown } | null)?.type === 'function');
}
