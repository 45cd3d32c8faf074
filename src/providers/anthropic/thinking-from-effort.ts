/**
 * OpenAI's `reasoning_effort` as Anthropic extended thinking, for OpenAI clients on Claude: adaptive
 * thinking (`thinking: {type: "adaptive"}` with `output_config.effort`) on the models that take it
 * (Opus 4.6 and Sonnet 4.6 on, Mythos, Fable; `thinkingModes`), since Opus 4.7 and later refuse a
 * budget with a 400 and it is deprecated on the 4.6 models; a budget (`type: "enabled"`) on the
 * older ones. The
 * Messages API attaches conditions to thinking that an OpenAI request knows nothing of, so
 * thinking is turned on only where the request can meet them, and the request is adjusted to:
 * - the model can think (Claude 3.7 Sonnet on) and the effort is not `none`;
 * - no tool is forced (`tool_choice` required or named, or the tool that carries JSON output);
 * - the request does not answer tool calls unless that assistant turn brings back the signed
 *   thinking block it started with, as Claude requires (a chat client sends back the answer's
 *   `thinking_blocks`; a Responses client's reasoning item's `encrypted_content` brings them
 *   back, and a stored response keeps them for `previous_response_id`);
 * - the budget is the effort's, or a Gemini client's own `thinkingBudget` where the model takes
 *   budgets (at least Claude's smallest, 1,024);
 * - `max_tokens` exceeds the budget (OpenAI's `max_completion_tokens` counts reasoning too, as
 *   Anthropic's `max_tokens` counts thinking): a budget above the client's limit shrinks to fit,
 *   and without a limit the default answer room is added on top of the budget;
 * - `temperature` goes (thinking takes only 1) and `top_p` below 0.95 goes.
 */
import type { AnthropicMessagesRequest } from '../../core/anthropic-wire.js';
import { supportsThinking, thinkingModes, type ThinkingModes } from '../../core/claude-models.js';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { outputLimit } from '../../tokens/output-limits.js';
import { MIN_THINKING_BUDGET, thinkingAsked } from '../chat-thinking-field.js';
import { signedThinkingOf } from './convert-to-anthropic-messages.js';

/**
 * Adds `thinking` to an Anthropic request built from `req` when its `thinking` or `reasoning_effort` asks for it
 * and the request can take it; `clientMax` is the client's own token limit, if it set one.
 * Returns why thinking stayed off when it was asked for, so the trace can say so.
 *
 * @example
 * const out = { model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [], temperature: 0.2 };
 * addThinking({ model: 'c', messages: [], reasoning_effort: 'low' }, out, undefined, 4096);
 * // out: { …, max_tokens: 5120, thinking: { type: 'enabled', budget_tokens: 1024 } } (temperature gone)
 */
export function addThinking(req: ChatCompletionRequest, out: AnthropicMessagesRequest, clientMax: number | undefined, defaultMax: number): ThinkingOff | undefined {
  // The client's `thinking` (Anthropic's OpenAI-compatible endpoint takes it) or its `reasoning_effort`.
  const asked = thinkingAsked(req);
  if (asked === undefined) return undefined;
  const { requested, budget: wanted, effort } = asked;
  const modes = thinkingModes(out.model);
  // Leaving `thinking` out does not turn it off on a model that thinks by default (Opus 5 on,
  // Mythos, Fable): `disabled` does where the model takes it (Opus 5); where not, the trace says so.
  const cannotStop = modes?.byDefault === true && !modes.disabled;
  const stop = (): void => {
    if (modes?.byDefault === true && modes.disabled) out.thinking = { type: 'disabled' };
  };
  const always = `${out.model} thinks all the same: it thinks when \`thinking\` is left out and refuses \`disabled\``;
  const off = (reason: string): ThinkingOff => {
    stop();
    return { requested, reason: cannotStop ? `${reason}; ${always}` : reason };
  };
  if (wanted === 0) {
    stop();
    return cannotStop ? { requested, reason: always } : undefined;
  }
  if (!supportsThinking(out.model)) return off(`${out.model} has no extended thinking`);
  if (out.tool_choice?.type === 'any' || out.tool_choice?.type === 'tool') return off('a tool is forced (tool_choice "required", a named function or the web search, or JSON output carried by a tool), and Claude cannot think then');
  if (answersUnsignedToolCalls(req)) {
    return off('the request answers tool calls: Claude would need that turn\'s signed thinking block back, which a chat client never receives (a Responses client sends it in its reasoning item\'s encrypted_content, asked for with include: ["reasoning.encrypted_content"], or continues a stored response with previous_response_id)');
  }
  let budget = Math.max(wanted, MIN_THINKING_BUDGET);
  // Without a client limit the budget goes on top of the default answer room, and that must stay
  // within the model's output limit: an effort's budget (24,576 at most) always does, a Gemini
  // client's own thinkingBudget (32,768 on 2.5 Pro, or more) may not on Opus 4.1 (32,000).
  const limit = outputLimit(out.model);
  if (clientMax === undefined && limit !== undefined) budget = Math.min(budget, limit - defaultMax);
  if (modes?.adaptive === true) {
    // Thinking counts against max_tokens here too: without a client limit the answer keeps the room it had.
    if (clientMax === undefined) out.max_tokens = defaultMax + budget;
    // Opus 4.7 on returns thinking empty unless asked; the gateway's clients read it as reasoning.
    out.thinking = modes.display === 'omitted' ? { type: 'adaptive', display: 'summarized' } : { type: 'adaptive' };
    out.output_config = { ...out.output_config, effort: claudeEffort(effort, modes) };
  } else {
    if (clientMax === undefined) out.max_tokens = defaultMax + budget;
    else budget = Math.min(budget, clientMax - 1);
    if (budget < MIN_THINKING_BUDGET) return off(`a limit of ${clientMax} tokens leaves less than Claude's smallest thinking budget (${MIN_THINKING_BUDGET})`);
    out.thinking = { type: 'enabled', budget_tokens: budget };
  }
  delete out.temperature;
  if (typeof out.top_p === 'number' && out.top_p < 0.95) delete out.top_p;
  return undefined;
}

/**
 * OpenAI's effort as Claude's `output_config.effort` (low, medium, high, max, and xhigh on Opus
 * 4.7 on): `minimal` is Claude's lowest, `xhigh` is `high` where Claude has no `xhigh`, and
 * OpenAI's `max` (GPT-5.6's deepest) is Claude's `max`, thinking with no limit on depth.
 *
 * @example claudeEffort('minimal', thinkingModes('claude-opus-4-7')!) // 'low'
 * @example claudeEffort('xhigh', thinkingModes('claude-sonnet-4-6')!) // 'high'
 */
export function claudeEffort(effort: string, modes: Pick<ThinkingModes, 'xhigh'>): 'low' | 'medium' | 'high' | 'xhigh' | 'max' {
  if (effort === 'minimal' || effort === 'low') return 'low';
  if (effort === 'max') return 'max';
  if (effort === 'medium') return 'medium';
  if (effort === 'xhigh' && modes.xhigh) return 'xhigh';
  return 'high';
}

/** Thinking the client asked for (`reasoning_effort` or `thinking`) that the request went without, and why. */
export interface ThinkingOff {
  requested: string;
  reason: string;
}

/**
 * Whether the conversation ends with tool results answering the last assistant turn's calls, and
 * that turn (its run of assistant messages, which become one Claude turn) does not start with
 * Claude's signed thinking.
 */
function answersUnsignedToolCalls(req: ChatCompletionRequest): boolean {
  let i = req.messages.length - 1;
  for (; i >= 0 && req.messages[i]!.role !== 'assistant'; i--) if (req.messages[i]!.role === 'user') return false;
  if (i < 0) return false;
  let calls = false;
  for (; i >= 0 && req.messages[i]!.role === 'assistant'; i--) calls ||= (req.messages[i]!.tool_calls?.length ?? 0) > 0;
  const first = req.messages[i + 1]!;
  return calls && signedThinkingOf(first).length === 0;
}
