/**
 * The Messages API's rules on settings that depend on the model and on thinking, so an
 * application (or a gateway translating for one) meets in the simulator the 400s it would meet
 * at Anthropic:
 * - Claude Opus 4.7 and later take none of `temperature`, `top_p` and `top_k` ("`temperature` is
 *   deprecated for this model.");
 * - Claude Opus 4.1 and the 4.5 generation onwards take `temperature` or `top_p`, not both;
 * - with thinking enabled, `temperature` may only be 1, `top_k` is refused, `top_p` must be
 *   0.95–1, `tool_choice` may not force a tool (`any` or a named `tool`), and an assistant turn
 *   whose tool calls are being answered must start with its thinking block.
 */
import { textOf } from '../core/clip.js';
import { takesOneSampler, takesSamplingParams } from '../core/claude-models.js';
import { refusedIn, samplingRefusals } from '../core/refused-sampling.js';
import type { JsonObject } from '../core/openai-wire.js';

/**
 * The 400 message Anthropic answers a request's sampling settings with, or undefined when it
 * accepts them.
 *
 * @example samplingProblem({ model: 'claude-sonnet-4-5', temperature: 0.2, top_p: 0.9 }, false) // 'temperature and top_p cannot both be specified for this model. Please use only one.'
 * @example samplingProblem({ model: 'claude-opus-4-7', temperature: 0.2 }, false) // '`temperature` is deprecated for this model.'
 */
export function samplingProblem(body: JsonObject, thinking: boolean): string | undefined {
  const model = typeof body.model === 'string' ? body.model : '';
  // Opus 4.7 on take none of them, whatever the value (refused-sampling.ts).
  const refused = refusedIn(body, samplingRefusals(model))[0];
  if (refused !== undefined && !takesSamplingParams(model)) return `\`${refused}\` is deprecated for this model.`;
  if (body.temperature !== undefined && body.top_p !== undefined && takesOneSampler(model)) {
    return 'temperature and top_p cannot both be specified for this model. Please use only one.';
  }
  if (!thinking) return undefined;
  if (body.temperature !== undefined && body.temperature !== 1) {
    return '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  if (body.top_k !== undefined) {
    return '`top_k` cannot be set when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  if (typeof body.top_p === 'number' && body.top_p < 0.95) {
    return '`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  const forced = (body.tool_choice as { type?: unknown } | null | undefined)?.type;
  if (forced === 'any' || forced === 'tool') {
    return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  return undefined;
}

/**
 * With thinking enabled, the last assistant message, when it holds tool calls, must start with
 * the thinking block that came with them (a client that drops it gets this 400).
 *
 * @example thinkingTurnProblem([{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] }]) // 'messages.1.content.0.type: Expected …'
 */
export function thinkingTurnProblem(messages: readonly unknown[]): string | undefined {
  let last = -1;
  for (let i = messages.length - 1; i >= 0 && last === -1; i--) if ((messages[i] as { role?: unknown })?.role === 'assistant') last = i;
  const content = last === -1 ? undefined : (messages[last] as { content?: unknown }).content;
  if (!Array.isArray(content) || !content.some((block) => (block as { type?: unknown })?.type === 'tool_use')) return undefined;
  const first = (content[0] as { type?: unknown } | undefined)?.type;
  if (first === 'thinking' || first === 'redacted_thinking') return undefined;
  return `messages.${last}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${textOf(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`;
}
