/**
 * Anthropic Message → OpenAI ChatCompletion (client speaks OpenAI, upstream is Anthropic).
 */
import type { AnthropicMessageResponse } from '../../core/anthropic-wire.js';
import type { ChatChoice, ChatCompletion, ChatToolCall, ThinkingBlock } from '../../core/openai-wire.js';
import { openAIServiceTier } from '../openai-usage-details.js';
import { toOpenAIUsage } from './convert-usage.js';
import { toOpenAIFinishReason } from './map-stop-reason.js';
import type { UrlCitation, WebSearchCall } from '../../core/web-search.js';
import { searchCallOf, urlCitations } from './web-search-answer.js';

export interface FromAnthropicOptions {
  /** From `jsonResponseToolName(request)`: this tool's input is the JSON answer, returned as text. */
  jsonResponseTool?: string | undefined;
  /** From `forcesNamedTool(request)`: the client forced one named function, so the turn reports `stop` as OpenAI does. */
  namedTool?: boolean | undefined;
  /** Model name to show the client (e.g. the route name); defaults to the upstream's. */
  model?: string | undefined;
  /** Unix seconds for `created`; defaults to now. Injected so tests are deterministic. */
  created?: number | undefined;
}

/**
 * Converts a non-streamed Anthropic response.
 *
 * The answer has every field OpenAI's has (`refusal`, `annotations`, `service_tier`,
 * `system_fingerprint`, both usage details). Text blocks are joined into `content`; `tool_use` blocks become `tool_calls` with
 * JSON-stringified input; thinking blocks become `reasoning_content` (the convention of
 * DeepSeek, vLLM and LiteLLM) and redacted thinking is dropped. Claude's web searches become
 * `web_search_calls`, each with where in the text it ran (`at`), and its citations of web pages
 * `annotations` (see web-search-answer.ts);
 * other server-tool and citation data have no OpenAI shape and are dropped.
 *
 * @example
 * fromAnthropicResponse({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5',
 *   content: [{ type: 'text', text: 'Hi!' }], stop_reason: 'end_turn', stop_sequence: null,
 *   usage: { input_tokens: 9, output_tokens: 3 } }, { created: 1700000000 })
 * // { id: 'chatcmpl-1', object: 'chat.completion', created: 1700000000, model: 'claude-sonnet-4-5',
 * //   choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!', refusal: null, annotations: [] },
 * //               finish_reason: 'stop', logprobs: null }],
 * //   usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
 * //            completion_tokens_details: { audio_tokens: 0, … } },
 * //   service_tier: 'default', system_fingerprint: null }
 */
export function fromAnthropicResponse(message: AnthropicMessageResponse, options: FromAnthropicOptions = {}): ChatCompletion {
  let text = '';
  let json: string | undefined;
  let reasoning: string | undefined;
  const signed: ThinkingBlock[] = [];
  const toolCalls: ChatToolCall[] = [];
  const searches: WebSearchCall[] = [];
  const annotations: UrlCitation[] = [];
  for (const block of message.content) {
    switch (block.type) {
      case 'text': {
        const start = text.length;
        text += (block as { text: string }).text;
        const citations = (block as { citations?: unknown }).citations;
        if (citations) annotations.push(...urlCitations(citations, start, text.length));
        break;
      }
      case 'server_tool_use': {
        const search = searchCallOf(block as { id?: unknown; name?: unknown; input?: unknown });
        if (search) searches.push({ ...search, at: text.length });
        break;
      }
      case 'thinking': {
        const { thinking, signature } = block as { thinking: string; signature?: unknown };
        reasoning = (reasoning ?? '') + thinking;
        if (typeof signature === 'string' && signature !== '') signed.push({ type: 'thinking', thinking, signature });
        break;
      }
      case 'redacted_thinking':
        signed.push({ type: 'redacted_thinking', data: String((block as { data?: unknown }).data ?? '') });
        break;
      case 'tool_use': {
        const use = block as { id: string; name: string; input: unknown };
        const args = JSON.stringify(use.input ?? {});
        if (use.name === options.jsonResponseTool) json = (json ?? '') + args;
        else toolCalls.push({ id: use.id, type: 'function', function: { name: use.name, arguments: args } });
        break;
      }
      default:
        break;
    }
  }
  // A client that asked for JSON parses `content`; any preamble text would break that.
  const content = json ?? (text.length > 0 || toolCalls.length === 0 ? text : null);
  // The searches ran before that JSON, in text that is not there.
  if (json !== undefined) for (const search of searches) delete search.at;
  // Citations index the text: JSON in their place would point them at nothing.
  const assistant: ChatChoice['message'] = { role: 'assistant', content, refusal: null, annotations: json === undefined ? annotations : [] };
  if (searches.length > 0) assistant['web_search_calls'] = searches;
  if (reasoning !== undefined) assistant['reasoning_content'] = reasoning;
  if (signed.length > 0) assistant['thinking_blocks'] = signed;
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  return {
    id: chatCompletionId(message.id),
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: options.model ?? message.model,
    choices: [
      {
        index: 0,
        message: assistant,
        finish_reason: toOpenAIFinishReason(message.stop_reason, options.namedTool === true || (json !== undefined && toolCalls.length === 0)) ?? 'stop',
        logprobs: null,
      },
    ],
    usage: toOpenAIUsage(message.usage, message.content.some((block) => block.type === 'thinking' || block.type === 'redacted_thinking')),
    service_tier: openAIServiceTier(message.usage?.service_tier),
    // OpenAI's fingerprint names its backend configuration; there is none to name here.
    system_fingerprint: null,
  };
}

/**
 * The chat-completion id of a Claude message, in OpenAI's form (`chatcmpl-…`, as a translated
 * Gemini answer's): Claude's id after the prefix, so the two are found from each other and an
 * Anthropic client given the answer back gets Claude's own (`anthropicMessageId` undoes it).
 *
 * @example chatCompletionId('msg_01XFDUDYJgAACzvnptvVoYEL') // 'chatcmpl-01XFDUDYJgAACzvnptvVoYEL'
 */
export function chatCompletionId(messageId: string): string {
  return `chatcmpl-${messageId.startsWith('msg_') ? messageId.slice(4) : messageId}`;
}
