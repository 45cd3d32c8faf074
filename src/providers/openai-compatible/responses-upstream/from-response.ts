/**
 * A Response from OpenAI's `/responses`, read back as the canonical chat completion the rest of
 * the gateway speaks: the message's text, its refusal, the function calls as tool calls (the call
 * id as the tool call id, which the next turn's `function_call_output` needs), reasoning summaries
 * as `reasoning_content`, the searches its web search tool ran and the pages the text cites as
 * the canonical `web_search_calls` and `url_citation` annotations (core/web-search.ts), and usage
 * in chat's names. `incomplete` is chat's `length` (the cap was
 * reached) or `content_filter`; `failed` is the upstream's error. An item the client would have
 * to act on and chat cannot carry (a `computer_call`) fails the call naming it (`unreadable-items.ts`).
 */
import { billedFailure } from '../../../core/billed-failure.js';
import { describeValue } from '../../../core/format-issues.js';
import { SwitchyardError } from '../../../core/errors.js';
import { type ChatCompletion, type ChatFinishReason, type ChatToolCall, type ChatUsage, isJsonObject } from '../../../core/openai-wire.js';
import type { ResponseObject, ResponsesUsage } from '../../../core/responses-wire.js';
import type { UrlCitation, WebSearchCall } from '../../../core/web-search.js';
import { streamErrorEvent } from '../../stream-errors.js';
import { unreadableItem } from './unreadable-items.js';

/** What a Response's output says, gathered item by item (the stream decoder shares the finish rule). */
export interface ResponseOutput {
  text: string;
  refusal: string;
  reasoning: string;
  toolCalls: ChatToolCall[];
  searches: WebSearchCall[];
  citations: UrlCitation[];
}

/** The statuses a Response to a request that is not run in the background ends with. */
const ENDED = new Set(['completed', 'incomplete', 'failed', 'cancelled']);

/**
 * A parsed `/responses` body, checked to be a finished Response before it is read: `null`, a
 * number, an `output` that is no list or a status still `in_progress` (a proxy's answer, a broken
 * upstream) was a 500 "internal error: Cannot read properties of null" or an empty answer. It is
 * the upstream's fault, a retryable 502 the provider bills (its 200 came), as a body that is not
 * JSON is (`parseJson`).
 *
 * @example responseOf('openai', 5) // throws: provider "openai" sent a body that is not a Response (expected an object, got 5)
 */
export function responseOf(provider: string, body: unknown): ResponseObject {
  const problem = !isJsonObject(body)
    ? `expected an object, got ${describeValue(body)}`
    : !Array.isArray(body.output)
      ? `its output is ${describeValue(body.output)}, not a list`
      : body.status !== undefined && !ENDED.has(body.status as string)
        ? `its status is ${describeValue(body.status)}, not completed, incomplete, failed or cancelled`
        : undefined;
  if (problem === undefined) return body as unknown as ResponseObject;
  throw billedFailure(new SwitchyardError('upstream_error', `provider "${provider}" sent a body that is not a Response (${problem})`, { status: 502, retryable: true }), 'not_json');
}

/**
 * @example fromResponse('openai', { id: 'resp_1', status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi' }] }], … }).choices[0].message.content // 'Hi'
 */
export function fromResponse(provider: string, response: ResponseObject): ChatCompletion {
  if (response.status === 'failed' || response.status === 'cancelled') throw responseFailure(provider, response);
  const output = outputOf(provider, response);
  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: output.text === '' && (output.toolCalls.length > 0 || output.refusal !== '') ? null : output.text, refusal: output.refusal === '' ? null : output.refusal };
  if (output.toolCalls.length > 0) message.tool_calls = output.toolCalls;
  if (output.reasoning !== '') message.reasoning_content = output.reasoning;
  if (output.searches.length > 0) message.web_search_calls = output.searches;
  if (output.citations.length > 0) message.annotations = output.citations;
  // Typed as read: the Anthropic and Gemini translations build their ids from this one (a number
  // was "id.startsWith is not a function", a 500).
  const completion: ChatCompletion = {
    id: typeof response.id === 'string' ? response.id : '',
    object: 'chat.completion',
    created: typeof response.created_at === 'number' ? response.created_at : 0,
    model: typeof response.model === 'string' ? response.model : '',
    choices: [{ index: 0, message, finish_reason: finishOf(response, output.toolCalls.length > 0), logprobs: null }],
  };
  if (response.usage) completion.usage = chatUsage(response.usage);
  if (typeof response.service_tier === 'string') completion.service_tier = response.service_tier;
  return completion;
}

function outputOf(provider: string, response: ResponseObject): ResponseOutput {
  const out: ResponseOutput = { text: '', refusal: '', reasoning: '', toolCalls: [], searches: [], citations: [] };
  for (const item of response.output) {
    // An item that is no object has nothing to say (as an item of a type not known here).
    if (!isJsonObject(item)) continue;
    const record = item as { type?: string; id?: unknown; content?: unknown; summary?: unknown; call_id?: unknown; name?: unknown; arguments?: unknown; action?: { query?: unknown } };
    // One the client would have to act on (a computer action, a shell command) fails the call, rather than go missing.
    const unreadable = unreadableItem(provider, typeof response.model === 'string' ? response.model : '', record.type);
    if (unreadable) throw unreadable;
    if (record.type === 'message' && Array.isArray(record.content)) {
      for (const part of record.content as ({ type?: string; text?: unknown; refusal?: unknown; annotations?: unknown } | null)[]) {
        if (!isJsonObject(part)) continue;
        if (part.type === 'output_text' && typeof part.text === 'string') {
          // A part's citations count from its own start; the canonical answer's from the whole text's.
          if (Array.isArray(part.annotations)) for (const annotation of part.annotations) pushCitation(out.citations, annotation, out.text.length, part.text.length);
          out.text += part.text;
        } else if (part.type === 'refusal' && typeof part.refusal === 'string') out.refusal += part.refusal;
      }
    } else if (record.type === 'web_search_call') {
      out.searches.push({ id: String(record.id ?? ''), query: typeof record.action?.query === 'string' ? record.action.query : '', at: out.text.length });
    } else if (record.type === 'function_call') {
      out.toolCalls.push({ id: String(record.call_id ?? ''), type: 'function', function: { name: String(record.name ?? ''), arguments: typeof record.arguments === 'string' ? record.arguments : '' } });
    } else if (record.type === 'reasoning' && Array.isArray(record.summary)) {
      for (const summary of record.summary as ({ text?: unknown } | null)[]) if (typeof summary?.text === 'string') out.reasoning += (out.reasoning === '' ? '' : '\n\n') + summary.text;
    }
  }
  return out;
}

/**
 * A Responses `url_citation` annotation (indexes within its text part) as the canonical one, its
 * indexes moved by `offset` (where the part starts in the whole answer); anything else is skipped,
 * as is a span that is no span of the part: a start below 0 or past the end, an end past the
 * part's `length` where it is known (a whole Response; a stream's part may still be growing).
 * Such indexes went on to the client as sent (-5, 1e300).
 */
export function pushCitation(citations: UrlCitation[], annotation: unknown, offset: number, length = Number.MAX_SAFE_INTEGER): void {
  const a = annotation as { type?: unknown; url?: unknown; title?: unknown; start_index?: unknown; end_index?: unknown } | null;
  if (a?.type !== 'url_citation' || typeof a.url !== 'string' || !Number.isSafeInteger(a.start_index) || !Number.isSafeInteger(a.end_index)) return;
  const start = a.start_index as number;
  const end = a.end_index as number;
  if (start < 0 || end < start || end > length) return;
  citations.push({ type: 'url_citation', url_citation: { url: a.url, title: typeof a.title === 'string' ? a.title : a.url, start_index: offset + start, end_index: offset + end } });
}

/**
 * Chat's finish reason for a Response that ended: a cap reached is `length`, a filter
 * `content_filter`, calls to make `tool_calls`, anything else `stop`.
 */
export function finishOf(response: Pick<ResponseObject, 'status' | 'incomplete_details'>, calledTools: boolean): ChatFinishReason {
  if (response.status === 'incomplete') return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  return calledTools ? 'tool_calls' : 'stop';
}

/**
 * The Responses API's usage in chat's names (input tokens include cached ones, output tokens
 * reasoning ones, in both). Each count is a number or 0: an upstream's `"lots"` and `null` went
 * on as written and were added into a total of `"lotsnull"`. (The trace counts such a call's
 * tokens itself: `usageFromResponses` marks them unreadable.)
 */
export function chatUsage(usage: ResponsesUsage): ChatUsage {
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: typeof usage.total_tokens === 'number' && Number.isFinite(usage.total_tokens) ? usage.total_tokens : input + output,
    prompt_tokens_details: { cached_tokens: count(usage.input_tokens_details?.cached_tokens) },
    completion_tokens_details: { reasoning_tokens: count(usage.output_tokens_details?.reasoning_tokens) },
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A failed Response as the upstream's error, read as any OpenAI in-band error is (status from its code). */
export function responseFailure(provider: string, response: Pick<ResponseObject, 'status' | 'error'>): ReturnType<typeof streamErrorEvent> {
  const error = response.error ?? { code: 'server_error', message: `the response ended ${response.status}` };
  return streamErrorEvent(provider, JSON.stringify({ error: { message: error.message, code: error.code, type: error.code === 'rate_limit_exceeded' ? 'rate_limit_error' : 'server_error' } }));
}
