/**
 * The gpt-6 models take function tools on chat completions only without reasoning: OpenAI answers
 * 400 `Function tools with reasoning_effort are not supported for gpt-6-sol in
 * /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to
 * 'none'.`, also for a request that names no effort (the model's default reasons). A client of
 * another format (an Anthropic client such as Claude Code, a Gemini client, a Responses client on
 * a provider without `responses: native`) has no way to say "none" for one model behind an alias,
 * so every tool call it made to such a model failed. Such a call without thinking asked goes over
 * chat with `reasoning_effort: "none"` (what Claude does unasked: no thinking); with thinking asked,
 * or to a model that always reasons (the Astra models), it goes by the Responses API, which takes
 * both (responses-upstream/). An OpenAI-format client's request to another model's name (an
 * alias, a fallback) goes the same ways. One to the model it named asked for exactly its tools
 * beside the model's reasoning (its effort, or the model's default): it goes by the Responses API
 * too, rather than meeting OpenAI's 400 (before, it was passed through byte for byte to it). Any
 * other body it sends still goes byte for byte (`speaksNatively` decides before anything is parsed
 * again).
 */
import { takenEfforts } from '../../core/openai-efforts.js';
import { AFTER_GPT_5 } from '../../core/openai-reasoning-family.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { CallOptions } from '../spec.js';

/**
 * Whether chat completions would refuse this body's function tools on `model`: a gpt-6 model,
 * function tools, and an effort other than "none" (none named: the model's default reasons).
 *
 * @example toolsRefusedOnChat('gpt-6-sol', { tools: [{ type: 'function', function: { name: 'f' } }] }) // true
 */
export function toolsRefusedOnChat(model: string, body: JsonObject): boolean {
  return AFTER_GPT_5.test(model) && hasFunctionTool(body.tools) && body.reasoning_effort !== 'none';
}

/**
 * For a request with function tools bound for a gpt-6 model, translated from another format or
 * sent by a chat client to another model's name (`clientModel`: an alias, a fallback): true when
 * it must go by the Responses API to keep them beside reasoning (thinking asked, or a model with
 * no "none"); otherwise sets `reasoning_effort: "none"` when no effort is bound, says so on the
 * trace (`decisions.reasoning_effort`), and returns false. A chat client's request to the model
 * it named goes by the Responses API whenever chat would refuse it: it named the model and its
 * reasoning (or the default's) itself, so nothing is turned off for it. False for anything else.
 *
 * @example const body = { tools: [{ type: 'function', function: { name: 'f' } }] }; toolsNeedResponses(body, { model: 'gpt-6-sol', clientFormat: 'anthropic' }, 'sol') // false, body.reasoning_effort: 'none'
 * @example toolsNeedResponses({ tools: [{ type: 'function', function: { name: 'f' } }], reasoning_effort: 'high' }, { model: 'gpt-6-sol', clientFormat: 'anthropic' }, 'sol') // true
 * @example toolsNeedResponses({ tools: [{ type: 'function', function: { name: 'f' } }] }, { model: 'gpt-6-sol', clientFormat: 'openai' }, 'gpt-6-sol') // true (the client named the model)
 */
export function toolsNeedResponses(body: JsonObject, options: Pick<CallOptions, 'model' | 'clientFormat' | 'decisions'>, clientModel: string): boolean {
  const format = options.clientFormat;
  if (format === undefined || !toolsRefusedOnChat(options.model, body)) return false;
  const { model } = options;
  if (format === 'openai' && clientModel === model) return true;
  if (!takenEfforts(model)?.includes('none')) return true;
  if (body.reasoning_effort !== undefined) return true;
  body.reasoning_effort = 'none';
  options.decisions?.decide('reasoning_effort', {
    requested: 'the model default',
    sent: 'none',
    model,
    reason: `${model} takes function tools on chat completions only without reasoning; with thinking asked, the call goes by the Responses API, which keeps both`,
  });
  return false;
}

function hasFunctionTool(tools: unknown): boolean {
  return Array.isArray(tools) && tools.some((tool) => (tool as { type?: unknown } | null)?.type === 'function');
}
