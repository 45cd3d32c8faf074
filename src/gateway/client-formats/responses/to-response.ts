import type { ChatCompletion, ChatMessage, JsonObject, ThinkingBlock } from '../../../core/openai-wire.js';
import type { ResponseObject, ResponsesOutputItem, ResponsesOutputText, ResponsesRefusal, ResponsesRequest } from '../../../core/responses-wire.js';
import { encryptReasoning, keepsSignedReasoning, keepUnsentReasoning, wantsEncryptedReasoning } from './encrypted-reasoning.js';
import { outputItemIds } from './item-ids.js';
import { type ResponseIds, requestedSummary, responseEnvelope, statusOf, toResponsesUsage } from './response-envelope.js';
import { toResponsesLogprobs } from './responses-logprobs.js';
import { callName } from './namespaced-tools.js';
import { customInput } from './custom-tools.js';
import { responsesAnnotation, webSearchItem } from './web-search-output.js';
import { searchCalls, urlCitationsOf, type WebSearchCall } from '../../../core/web-search.js';
import { asksForJson } from './json-format.js';

/** The text of chat content: a string, or the text of its parts. */
export function chatText(content: ChatMessage['content']): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  return content.map((part) => (typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('');
}

/**
 * A canonical chat completion as a Response: reasoning (when the provider returned it; as the
 * item's summary when the client asked for one, else as its `reasoning_text` content), the
 * assistant's text (and refusal) as one message item, each tool call as a `function_call` item
 * (a `custom_tool_call` for a custom tool, see custom-tools.ts).
 * A length stop makes the response `incomplete` with reason `max_output_tokens`.
 *
 * @example
 * toResponse(completion, { model: 'small', input: 'Hi' }, ids).output[0]
 * // { id: 'msg_…', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello!', annotations: [] }] }
 */
export function toResponse(completion: ChatCompletion, request: ResponsesRequest, ids: ResponseIds): ResponseObject {
  const choice = completion.choices[0];
  const { status, incomplete } = statusOf(choice?.finish_reason ?? null);
  const itemStatus = status === 'completed' ? 'completed' : 'incomplete';
  const message = choice?.message;
  const output: ResponsesOutputItem[] = [];
  const id = ids.newId('resp');
  const itemId = outputItemIds(id);
  const reasoning = message?.['reasoning_content'];
  // Claude's signed thinking goes in the item when the client asked for it, else only to the response store.
  const signed = keepsSignedReasoning(request) ? (message?.thinking_blocks as ThinkingBlock[] | undefined) : undefined;
  if ((typeof reasoning === 'string' && reasoning !== '') || signed) {
    const said = typeof reasoning === 'string' && reasoning !== '' ? reasoning : undefined;
    const item = requestedSummary(request) === null ? { summary: [], ...(said ? { content: [{ type: 'reasoning_text' as const, text: said }] } : {}) } : { summary: said ? [{ type: 'summary_text' as const, text: said }] : [] };
    const shown = signed && wantsEncryptedReasoning(request);
    const reasoningId = itemId('rs');
    if (signed && !shown) keepUnsentReasoning(request, reasoningId, signed);
    output.push({ id: reasoningId, type: 'reasoning', ...item, ...(shown ? { encrypted_content: encryptReasoning(signed) } : {}) });
  }
  const whole = chatText(message?.content);
  const annotations = urlCitationsOf(message).map(responsesAnnotation);
  // Searches the model ran come in their place among the messages, as OpenAI orders output items:
  // what the model said before a search (Claude's text block ahead of its `server_tool_use`) is a
  // message of its own, the answer after it another, so the last message is the answer alone.
  // Under a JSON format every output_text must be the JSON (the SDK's `parse` reads each, and
  // `output_text` joins them all): the words said before searching are left out.
  const said = saidBeforeSearches(whole, searchCalls(message));
  for (const { before, call } of said.searches) {
    if (before && !asksForJson(request)) output.push({ id: itemId('msg'), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: before.text, annotations: within(annotations, before), logprobs: [] }] });
    output.push(webSearchItem(itemId('ws'), call) as ResponsesOutputItem);
  }
  const text = whole === null ? null : whole.slice(said.answerFrom);
  const parts: (ResponsesOutputText | ResponsesRefusal)[] = [];
  if (text !== null && (text !== '' || !message?.tool_calls?.length)) parts.push({ type: 'output_text', text, annotations: within(annotations, { from: said.answerFrom, to: whole?.length ?? 0 }), logprobs: toResponsesLogprobs(choice?.logprobs) });
  if (typeof message?.refusal === 'string' && message.refusal !== '') parts.push({ type: 'refusal', refusal: message.refusal });
  if (parts.length > 0) output.push({ id: itemId('msg'), type: 'message', role: 'assistant', status: itemStatus, content: parts });
  const named = callName(request);
  for (const call of message?.tool_calls ?? []) {
    const { custom, ...name } = named(call.function.name);
    if (custom) output.push({ id: itemId('ctc'), type: 'custom_tool_call', call_id: call.id, ...name, input: customInput(call.function.arguments) } as ResponsesOutputItem);
    else output.push({ id: itemId('fc'), type: 'function_call', status: 'completed', call_id: call.id, ...name, arguments: call.function.arguments });
  }
  const now = ids.now();
  return responseEnvelope(request, {
    id,
    createdAt: completion.created || Math.floor(now / 1000),
    model: completion.model,
    status,
    output,
    usage: toResponsesUsage(completion.usage),
    incomplete,
    error: null,
    serviceTier: typeof completion.service_tier === 'string' ? completion.service_tier : undefined,
    ...(status === 'completed' ? { completedAt: Math.floor(now / 1000) } : {}),
  });
}

/** A stretch of the answer's text, from `from` to `to` (UTF-16 units). */
interface Span {
  from: number;
  to: number;
}

/**
 * Each search with the text said since the one before it (none when nothing was), and where the
 * text after the last search, the answer, begins.
 *
 * @example saidBeforeSearches('Let me search. 42', [{ id: 's1', query: 'q', at: 15 }]) // { searches: [{ before: { from: 0, to: 15, text: 'Let me search. ' }, call }], answerFrom: 15 }
 */
function saidBeforeSearches(text: string | null, calls: readonly WebSearchCall[]): { searches: { before?: Span & { text: string }; call: WebSearchCall }[]; answerFrom: number } {
  const length = text?.length ?? 0;
  let from = 0;
  const searches = calls.map((call) => {
    const at = Math.min(Math.max(call.at ?? 0, from), length);
    const before = text !== null && at > from ? { from, to: at, text: text.slice(from, at) } : undefined;
    from = at;
    return before ? { before, call } : { call };
  });
  return { searches, answerFrom: from };
}

/** The annotations inside `span`, their indexes counted from its start. */
function within(annotations: readonly JsonObject[], span: Span): JsonObject[] {
  return annotations
    .filter((a) => (a.start_index as number) >= span.from && (a.start_index as number) < Math.max(span.to, span.from + 1))
    .map((a) => ({ ...a, start_index: (a.start_index as number) - span.from, end_index: (a.end_index as number) - span.from }));
}
