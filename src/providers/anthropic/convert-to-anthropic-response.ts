/**
 * OpenAI ChatCompletion → Anthropic Message (client speaks Anthropic, upstream speaks OpenAI).
 */
import { quoteClipped } from '../../core/clip.js';
import type { AnthropicContentBlock, AnthropicMessageResponse, AnthropicStopReason } from '../../core/anthropic-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletion, ChatMessage, JsonObject } from '../../core/openai-wire.js';
import { toAnthropicUsage } from './convert-usage.js';
import { reportedStopSequence, toAnthropicStopReason } from './map-stop-reason.js';
import { searchCalls, urlCitationsOf } from '../../core/web-search.js';
import { citedText, searchBlocks, serverToolUsage } from './web-search-blocks.js';

export interface ToAnthropicOptions {
  /** Model name to show the client; defaults to the upstream's. */
  model?: string | undefined;
  /** The client's `stop_sequences`, to report the one matched when the upstream says which. */
  stopSequences?: unknown;
}

/**
 * Converts a non-streamed chat completion (first choice). Blocks come out in Anthropic's order:
 * thinking (from `reasoning_content`), the web searches run (`web_search_calls`: Claude's
 * `server_tool_use` and `web_search_tool_result`), text (cut into cited blocks where
 * `url_citation` annotations say pages support it; see web-search-blocks.ts), then `tool_use`
 * with parsed input.
 *
 * Thinking blocks carry an empty signature: there is none to give, and when the client sends the
 * block back it is dropped again on the way to the OpenAI upstream.
 *
 * @example
 * toAnthropicResponse({ id: 'chatcmpl-9x', object: 'chat.completion', created: 1, model: 'gpt-4o',
 *   choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
 *   usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } })
 * // { id: 'msg_9x', type: 'message', role: 'assistant', model: 'gpt-4o',
 * //   content: [{ type: 'text', text: 'Hi!' }], stop_reason: 'end_turn', stop_sequence: null,
 * //   usage: { input_tokens: 9, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } }
 */
export function toAnthropicResponse(completion: ChatCompletion, options: ToAnthropicOptions = {}): AnthropicMessageResponse {
  const choice = completion.choices[0];
  const message: Partial<ChatMessage> = choice?.message ?? {};
  const content: AnthropicContentBlock[] = [];
  const reasoning = message['reasoning_content'];
  if (typeof reasoning === 'string' && reasoning.length > 0) {
    content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  }
  const searches = searchCalls(message as JsonObject);
  const citations = urlCitationsOf(message as JsonObject);
  content.push(...searchBlocks(searches, citations));
  const text = textOf(message.content);
  if (text.length > 0) content.push(...citedText(text, citations));
  else if (typeof message.refusal === 'string' && message.refusal.length > 0) {
    content.push({ type: 'text', text: message.refusal });
  }
  const calls = message.tool_calls ?? [];
  const matched = calls.length === 0 && options.stopSequences !== undefined ? reportedStopSequence(choice?.finish_reason, choice?.['stop_reason'], options.stopSequences) : null;
  for (let j = 0; j < calls.length; j++) {
    const call = calls[j]!;
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments, j, choice?.finish_reason === 'length') });
  }
  const stopReason = matched === null ? toAnthropicStopReason(choice?.finish_reason, calls.length > 0) : 'stop_sequence';
  return {
    id: anthropicMessageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: options.model ?? completion.model,
    content,
    stop_reason: stopReason,
    stop_sequence: matched,
    stop_details: stopDetails(stopReason),
    container: null,
    diagnostics: null,
    usage: { ...toAnthropicUsage(completion.usage, completion['service_tier']), server_tool_use: serverToolUsage(searches.length) },
  };
}

/**
 * Anthropic's `stop_details`, which its Message always carries: for a refusal (an upstream's
 * content filter) a refusal of no named category, as the gateway cannot know Claude's; else null.
 * `container` (code execution) and `diagnostics` (prompt-cache diagnosis) are null beside it: no
 * translated answer has either.
 */
export function stopDetails(reason: AnthropicStopReason | null): { type: 'refusal'; category: null; explanation: null } | null {
  return reason === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null;
}

/**
 * A `msg_`-style id derived from the upstream id, so the two can be matched in traces.
 *
 * @example anthropicMessageId('chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG') // 'msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG'
 */
export function anthropicMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id.startsWith('chatcmpl-') ? id.slice(9) : id}`;
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part.type === 'text') text += (part as { text: string }).text;
  return text;
}

/**
 * A call's arguments as the tool_use `input`. When the token limit cut the call short, its JSON
 * is broken off: Anthropic answers that case with the tool_use block and `stop_reason:
 * "max_tokens"`, so the client gets the block with an empty input (its SDK and agents check the
 * stop reason and raise `max_tokens`), not a 502 that the gateway would retry into the same cut.
 */
function parseArguments(raw: string, j: number, cutByLimit: boolean): unknown {
  if (raw === '') return {};
  try {
    return JSON.parse(raw);
  } catch (error) {
    if (cutByLimit) return {};
    // The upstream model wrote broken JSON; an Anthropic client cannot receive it as `input`.
    const path = `choices[0].message.tool_calls[${j}].function.arguments`;
    throw new SwitchyardError('upstream_error', `upstream returned invalid JSON in ${path}: ${quoteClipped(raw, 120)}`, {
      cause: error,
      detail: raw,
    });
  }
}
