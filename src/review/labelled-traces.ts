import type { TraceStore } from '../core/trace-store.js';
import type { ReviewStore } from './review-store.js';
import type { Review, ReviewItem } from './types.js';

/** A reviewed trace with its bodies, as training data and dataset rows are made from it. */
export interface LabelledTrace {
  traceId: string | null;
  itemId: string;
  request: unknown;
  response: unknown;
  reviews: Review[];
  /** `done`: every review the item wanted is in; `open` (or `superseded`): some are still to come. */
  status: ReviewItem['status'];
}

/** Whether an item's review is finished: as many reviews as it wanted (a blind double review wants two). */
export function decided(labelled: Pick<LabelledTrace, 'status'>): boolean {
  return labelled.status === 'done';
}

const TRACE_PAGE = 500;

/**
 * Reviewed items with the request and response they were about: the trace's bodies when the
 * trace is stored, else what the item itself shows (a dataset item that never was a trace).
 * Most recently reviewed first, finished or not (`status`): exports keep the {@link decided} ones
 * unless asked for pending ones too.
 *
 * @example for (const l of await labelledTraces(stores.reviews, stores.traces)) finetuneExample(l, { minScore: 4 });
 */
export async function labelledTraces(reviews: Pick<ReviewStore, 'reviewed'>, traces: Pick<TraceStore, 'getTraces'>, options: { since?: number; limit?: number } = {}): Promise<LabelledTrace[]> {
  const reviewed = await reviews.reviewed(options);
  const ids = reviewed.flatMap(({ item }) => (item.traceId === null ? [] : [item.traceId]));
  const bodies = new Map<string, { request: unknown; response: unknown }>();
  // Pages of ids keep each store query to a bounded number of parameters.
  for (let i = 0; i < ids.length; i += TRACE_PAGE) {
    for (const trace of await traces.getTraces(ids.slice(i, i + TRACE_PAGE))) bodies.set(trace.id, { request: trace.request, response: trace.response });
  }
  return reviewed.map(({ item, reviews: list }) => {
    const trace = item.traceId === null ? undefined : bodies.get(item.traceId);
    return { traceId: item.traceId, itemId: item.id, request: trace?.request ?? item.input ?? null, response: trace?.response ?? item.output ?? null, reviews: list, status: item.status };
  });
}
