/**
 * Renders a Responses API answer as its typed event stream: `response.created`,
 * `response.in_progress`, per output item `output_item.added` → content part and text (or
 * argument) deltas → `…done` events → `output_item.done`, then `response.completed` (or
 * `response.incomplete`) with usage. Every event is `event: TYPE` + `data: {…}` with the next
 * `sequence_number`; text and argument deltas are the token events the pace applies to, and carry
 * OpenAI's `obfuscation` padding unless `stream_options.include_obfuscation` is false.
 */
import { textOf } from '../core/clip.js';
import type { JsonObject } from '../core/openai-wire.js';
import { splitTokens } from './content.js';
import { type ResponsesResult, responseObject } from './openai-responses-object.js';
import { namedEvent, type SseEvent } from './sse.js';
import { obfuscator, wantsObfuscation } from './obfuscation.js';
import { fnvString } from '../core/fnv-hash.js';

class EventList {
  readonly events: SseEvent[] = [];

  /** `pad` gives a delta's `obfuscation` padding, when the request did not turn it off. */
  constructor(private readonly pad?: (size: number) => string) {}

  add(type: string, fields: JsonObject, token = false): void {
    this.events.push(namedEvent(type, JSON.stringify({ type, ...fields, sequence_number: this.events.length }), token));
  }

  /** A text, argument or summary delta: OpenAI pads it with `obfuscation` after its other fields. */
  delta(type: string, fields: JsonObject & { delta: string }): void {
    this.add(type, this.pad ? { ...fields, obfuscation: this.pad(fields.delta.length) } : fields, true);
  }
}

/**
 * All events of the stream, in order.
 *
 * @example renderResponsesStream(result).at(-1)?.data // 'event: response.completed\ndata: {…}\n\n'
 */
export function renderResponsesStream(result: ResponsesResult): SseEvent[] {
  const list = new EventList(wantsObfuscation(result.body) ? obfuscator(fnvString(result.id)) : undefined);
  const opening = responseObject(result, 'in_progress', [], null);
  list.add('response.created', { response: opening });
  list.add('response.in_progress', { response: opening });
  result.output.forEach((item, index) => {
    if (item.type === 'message') messageEvents(list, item, index);
    else if (item.type === 'function_call') callEvents(list, item, index);
    else if (item.type === 'reasoning') reasoningEvents(list, item, index);
    else if (item.type === 'web_search_call') searchEvents(list, item, index);
    else {
      list.add('response.output_item.added', { output_index: index, item });
      list.add('response.output_item.done', { output_index: index, item });
    }
  });
  const final = result.status === 'completed' ? 'response.completed' : 'response.incomplete';
  list.add(final, { response: responseObject(result, result.status, result.output, result.usage) });
  return list.events;
}

/**
 * The stream of a request OpenAI accepts and then refuses: a streamed Responses request whose
 * input is past the model's window gets HTTP 200, `response.created` and `response.in_progress`,
 * then an `error` event with the refusal under `error` (as a non-streamed request's 400 body has
 * it) at sequence_number 2, and the stream ends: no `response.failed` follows. Clients report the
 * event verbatim (`{"type":"error","error":{"type":"invalid_request_error","code":
 * "context_length_exceeded","message":"Your input exceeds the context window of this model. Please
 * adjust your input and try again.","param":"input"},"sequence_number":2}`), and proxies that read
 * only a flat `message` or `response.failed` find it empty. The OpenAI SDK throws an `APIError`
 * from it (any event whose data has `error`), its `code` and `param` the refusal's.
 *
 * @example renderRefusedStream(opening, { type: 'invalid_request_error', code: 'context_length_exceeded', … }).length // 3
 */
export function renderRefusedStream(opening: JsonObject, error: JsonObject): SseEvent[] {
  const list = new EventList();
  list.add('response.created', { response: opening });
  list.add('response.in_progress', { response: opening });
  list.add('error', { error });
  return list.events;
}

function messageEvents(list: EventList, item: JsonObject, index: number): void {
  const ids = { item_id: item.id, output_index: index, content_index: 0 };
  const part = (item.content as JsonObject[])[0] as JsonObject;
  const text = textOf(part.text);
  list.add('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } });
  list.add('response.content_part.added', { ...ids, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
  // The part's log probabilities (when asked for) are one per token, so each delta carries its own.
  const logprobs = (part.logprobs ?? []) as unknown[];
  splitTokens(text).forEach((piece, i) => list.delta('response.output_text.delta', { ...ids, delta: piece, logprobs: logprobs[i] === undefined ? [] : [logprobs[i]] }));
  list.add('response.output_text.done', { ...ids, text, logprobs });
  list.add('response.content_part.done', { ...ids, part });
  list.add('response.output_item.done', { output_index: index, item });
}

/** A reasoning item: its summary parts' text as deltas, between the part events OpenAI sends. */
function reasoningEvents(list: EventList, item: JsonObject, index: number): void {
  list.add('response.output_item.added', { output_index: index, item: { ...item, summary: [] } });
  ((item.summary ?? []) as JsonObject[]).forEach((part, summaryIndex) => {
    const ids = { item_id: item.id, output_index: index, summary_index: summaryIndex };
    const text = textOf(part.text);
    list.add('response.reasoning_summary_part.added', { ...ids, part: { type: 'summary_text', text: '' } });
    splitTokens(text).forEach((piece) => list.delta('response.reasoning_summary_text.delta', { ...ids, delta: piece }));
    list.add('response.reasoning_summary_text.done', { ...ids, text });
    list.add('response.reasoning_summary_part.done', { ...ids, part: { type: 'summary_text', text } });
  });
  list.add('response.output_item.done', { output_index: index, item });
}

function callEvents(list: EventList, item: JsonObject, index: number): void {
  const args = textOf(item.arguments);
  list.add('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
  for (const piece of splitTokens(args)) list.delta('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta: piece });
  list.add('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: item.name, arguments: args });
  list.add('response.output_item.done', { output_index: index, item });
}

/** A web search: the item added in progress, then searching and completed, as OpenAI streams its own. */
function searchEvents(list: EventList, item: JsonObject, index: number): void {
  const ids = { output_index: index, item_id: item.id };
  list.add('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress' } });
  for (const step of ['in_progress', 'searching', 'completed']) list.add(`response.web_search_call.${step}`, ids);
  list.add('response.output_item.done', { output_index: index, item });
}
