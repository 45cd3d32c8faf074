/**
 * A stored response as the event stream that would have delivered it: what OpenAI's
 * `GET /v1/responses/{id}?stream=true` sends (the SDK's `responses.retrieve(id, { stream: true })`,
 * and `responses.stream({ response_id })`, which resumes a stream with `starting_after`).
 */
import type { JsonObject } from '../../core/openai-wire.js';
import { PART_WIRE, type PartKind, partOf, responsesEvent } from '../client-formats/responses/response-events.js';

/**
 * The Responses event sequence for a finished response, numbered from 0 as a live stream is:
 * `response.created`, `response.in_progress`, each output item as the live stream writes it
 * (`output_item.added`, its parts' added / one whole-text delta / done events, a function call's
 * argument delta and done, a built-in tool call's progress events and streamed text (see
 * TOOL_CALL_EVENTS), a text's annotations, `output_item.done`), and last `response.completed`
 * (`.incomplete`, `.failed`, as the response ended) carrying the response whole. Items of other
 * kinds (a computer call) are replayed whole, added then done. Only the events after
 * `startingAfter` are returned, as OpenAI's `starting_after` asks.
 *
 * @example replayResponse(stored, null).startsWith('event: response.created') // true
 */
export function replayResponse(response: JsonObject, startingAfter: number | null): string {
  const events = new ReplayEvents(startingAfter);
  const start: JsonObject = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null, error: null };
  if ('completed_at' in response) start.completed_at = null;
  events.add('response.created', { response: start });
  events.add('response.in_progress', { response: start });
  const output = Array.isArray(response.output) ? (response.output as JsonObject[]) : [];
  output.forEach((item, index) => replayItem(events, item, index));
  events.add(finalEvent(response.status), { response });
  return events.text;
}

class ReplayEvents {
  private seq = 0;
  text = '';

  constructor(private readonly after: number | null) {}

  add(type: string, fields: JsonObject): void {
    const seq = this.seq++;
    if (this.after === null || seq > this.after) this.text += responsesEvent(type, fields, seq);
  }
}

function replayItem(events: ReplayEvents, item: JsonObject, index: number): void {
  const id = item.id;
  if (item.type === 'message' || item.type === 'reasoning') {
    const opened: JsonObject = item.type === 'message' ? { ...item, status: 'in_progress', content: [] } : withoutEncrypted({ ...item, summary: [], ...(Array.isArray(item.content) ? { content: [] } : {}) });
    events.add('response.output_item.added', { output_index: index, item: opened });
    if (item.type === 'reasoning') replayParts(events, item.summary, id, index);
    replayParts(events, item.content, id, index);
  } else if (item.type === 'function_call') {
    const args = typeof item.arguments === 'string' ? item.arguments : '';
    events.add('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
    if (args !== '') events.add('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: args });
    events.add('response.function_call_arguments.done', { item_id: id, output_index: index, name: item.name, arguments: args });
  } else if (typeof item.type === 'string' && item.type in TOOL_CALL_EVENTS) {
    replayToolCall(events, item, index, TOOL_CALL_EVENTS[item.type] as ToolCallEvents);
  } else {
    events.add('response.output_item.added', { output_index: index, item });
  }
  events.add('response.output_item.done', { output_index: index, item });
}

/**
 * What OpenAI streams for a built-in tool's call (and a custom tool's) between its
 * `output_item.added` and `.done`: progress stages named `response.<type>.<stage>`, and a text
 * the call carries (the code it runs, an MCP call's arguments, a custom call's input) as deltas
 * and a done event named after `text.events`, between the stages `before` and `after`.
 */
interface ToolCallEvents {
  before: string[];
  text?: { field: string; events: string };
  after: string[];
  /** The last stage is `failed` instead of `completed` for a call that failed (MCP's have that event). */
  fails?: true;
}

const TOOL_CALL_EVENTS: Record<string, ToolCallEvents> = {
  web_search_call: { before: ['in_progress', 'searching', 'completed'], after: [] },
  file_search_call: { before: ['in_progress', 'searching', 'completed'], after: [] },
  image_generation_call: { before: ['in_progress', 'generating', 'completed'], after: [] },
  code_interpreter_call: { before: ['in_progress'], text: { field: 'code', events: 'response.code_interpreter_call_code' }, after: ['interpreting', 'completed'] },
  mcp_call: { before: ['in_progress'], text: { field: 'arguments', events: 'response.mcp_call_arguments' }, after: ['completed'], fails: true },
  mcp_list_tools: { before: ['in_progress'], after: ['completed'], fails: true },
  custom_tool_call: { before: [], text: { field: 'input', events: 'response.custom_tool_call_input' }, after: [] },
};

/**
 * A tool call as a live stream announces it (see ResponsesStreamEncoder.search for the searches the
 * gateway runs itself): added in progress with its text empty, its stages, its text whole as one
 * delta; an MCP call or listing that failed (an `error`, or status `failed`) ends `failed`.
 */
function replayToolCall(events: ReplayEvents, item: JsonObject, index: number, shape: ToolCallEvents): void {
  const ids = { output_index: index, item_id: item.id };
  const text = shape.text && typeof item[shape.text.field] === 'string' ? (item[shape.text.field] as string) : undefined;
  const opened: JsonObject = { ...item, ...('status' in item ? { status: 'in_progress' } : {}), ...(shape.text && text !== undefined ? { [shape.text.field]: '' } : {}) };
  events.add('response.output_item.added', { output_index: index, item: opened });
  const failed = shape.fails === true && ((item.error !== undefined && item.error !== null) || item.status === 'failed');
  const stage = (name: string) => events.add(`response.${String(item.type)}.${name === 'completed' && failed ? 'failed' : name}`, ids);
  shape.before.forEach(stage);
  if (shape.text && text !== undefined) {
    if (text !== '') events.add(`${shape.text.events}.delta`, { ...ids, delta: text });
    events.add(`${shape.text.events}.done`, { ...ids, [shape.text.field]: text });
  }
  shape.after.forEach(stage);
}

/** Each part of an item's content or summary: added empty, its text as one delta, done, part done. */
function replayParts(events: ReplayEvents, parts: unknown, itemId: unknown, outputIndex: number): void {
  if (!Array.isArray(parts)) return;
  parts.forEach((part: JsonObject, i) => {
    const kind = partKind(part?.type);
    if (kind === undefined) return;
    const wire = PART_WIRE[kind];
    const ids = { item_id: itemId, output_index: outputIndex, [wire.indexField]: i };
    const text = String((kind === 'refusal' ? part.refusal : part.text) ?? '');
    const logprobs = kind === 'output_text' ? { logprobs: Array.isArray(part.logprobs) ? part.logprobs : [] } : {};
    events.add(wire.added, { ...ids, part: partOf(kind, '') });
    if (text !== '') events.add(wire.delta, { ...ids, delta: text, ...logprobs });
    const annotations = kind === 'output_text' && Array.isArray(part.annotations) ? part.annotations : [];
    annotations.forEach((annotation, k) => events.add('response.output_text.annotation.added', { ...ids, annotation_index: k, annotation }));
    events.add(wire.done, { ...ids, [kind === 'refusal' ? 'refusal' : 'text']: text, ...logprobs });
    events.add(wire.partDone, { ...ids, part });
  });
}

function partKind(type: unknown): PartKind | undefined {
  return type === 'output_text' || type === 'refusal' || type === 'reasoning_text' || type === 'summary_text' ? type : undefined;
}

/** A reasoning item's signed thinking shows when it is done, as in a live stream. */
function withoutEncrypted(item: JsonObject): JsonObject {
  const { encrypted_content: _, ...rest } = item;
  return rest;
}

function finalEvent(status: unknown): string {
  if (status === 'incomplete') return 'response.incomplete';
  if (status === 'failed') return 'response.failed';
  return 'response.completed';
}
