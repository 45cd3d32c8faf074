/**
 * The pieces of the Responses API's typed stream events shared by what writes them: the live
 * stream (ResponsesStreamEncoder) and the replay of a stored response (replayResponse).
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import type { ResponsesLogprob } from './responses-logprobs.js';

export type PartKind = 'output_text' | 'refusal' | 'reasoning_text' | 'summary_text';

/** Where each kind of part lives in its item, and the events that stream it. A summary part has its own events, numbered by `summary_index`. */
export interface PartWire {
  list: 'content' | 'summary';
  indexField: 'content_index' | 'summary_index';
  added: string;
  delta: string;
  done: string;
  partDone: string;
}
const CONTENT_PART = { list: 'content', indexField: 'content_index', added: 'response.content_part.added', partDone: 'response.content_part.done' } as const;
export const PART_WIRE: Record<PartKind, PartWire> = {
  output_text: { ...CONTENT_PART, delta: 'response.output_text.delta', done: 'response.output_text.done' },
  refusal: { ...CONTENT_PART, delta: 'response.refusal.delta', done: 'response.refusal.done' },
  reasoning_text: { ...CONTENT_PART, delta: 'response.reasoning_text.delta', done: 'response.reasoning_text.done' },
  summary_text: {
    list: 'summary',
    indexField: 'summary_index',
    added: 'response.reasoning_summary_part.added',
    delta: 'response.reasoning_summary_text.delta',
    done: 'response.reasoning_summary_text.done',
    partDone: 'response.reasoning_summary_part.done',
  },
};

/**
 * A content or summary part as its item holds it.
 *
 * @example partOf('output_text', 'Hi') // { type: 'output_text', text: 'Hi', annotations: [], logprobs: [] }
 */
export function partOf(kind: PartKind, text: string, logprobs: ResponsesLogprob[] = [], annotations: JsonObject[] = []): JsonObject {
  if (kind === 'refusal') return { type: 'refusal', refusal: text };
  if (kind === 'reasoning_text' || kind === 'summary_text') return { type: kind, text };
  return { type: 'output_text', text, annotations: [...annotations], logprobs: [...logprobs] };
}

/**
 * One event as SSE: its type named twice (the `event:` line and the data's `type`), and its
 * `sequence_number` last.
 *
 * @example responsesEvent('response.in_progress', { response }, 1) // 'event: response.in_progress\ndata: {"type":…,"sequence_number":1}\n\n'
 */
export function responsesEvent(type: string, fields: JsonObject, sequenceNumber: number): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: sequenceNumber })}\n\n`;
}
