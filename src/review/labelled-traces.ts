import type { TraceStore } from '../core/trace-store.js';
import type { TraceRecord } from '../core/trace.js';
import { jsonValueOf } from '../core/json-text.js';
import type { ReviewedCursor, ReviewedItem, ReviewStore } from './review-store.js';
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
  /** Who answered, when the trace is stored: null for a dataset item, or a trace since deleted. */
  served?: ServedBy | null;
}

/** Which model and routes a traced call went through, and whether it got an answer. */
export interface ServedBy {
  /**
   * The model name the client asked for, the target each route on the way chose last (a
   * cascade's last step is the one that answered), and the model that answered, without repeats.
   */
  names: string[];
  /** The model that answered (after every route), else the requested one. */
  model: string;
  /** HTTP status of the call: an error's trace has no answer to judge. */
  status: number;
}

/**
 * The names a call went through, from its trace.
 *
 * @example servedBy({ requestedModel: 'support', status: 200, decisions: { route: { steps: [{ route: 'support', target: 'mini' }], model: 'mini' } } })
 * // { names: ['support', 'mini'], model: 'mini', status: 200 }
 */
export function servedBy(trace: Pick<TraceRecord, 'requestedModel' | 'status' | 'decisions'>): ServedBy {
  // A stored trace's decisions may come back as kept JSON text.
  const route = (jsonValueOf(trace.decisions) as { route?: { steps?: unknown; model?: unknown } } | null)?.route;
  const chosen = new Map<string, string>();
  for (const step of Array.isArray(route?.steps) ? (route.steps as { route?: unknown; target?: unknown }[]) : []) {
    if (typeof step?.route === 'string' && typeof step.target === 'string') chosen.set(step.route, step.target);
  }
  const model = typeof route?.model === 'string' ? route.model : trace.requestedModel;
  return { names: [...new Set([trace.requestedModel, ...chosen.values(), model])], model, status: trace.status };
}

/** Whether an item's review is finished: as many reviews as it wanted (a blind double review wants two). */
export function decided(labelled: Pick<LabelledTrace, 'status'>): boolean {
  return labelled.status === 'done';
}

const TRACE_PAGE = 500;

/**
 * Bytes of stored bodies a page of {@link labelledTracePages} holds at most (one trace alone may
 * pass it): 500 traces a page whatever their size held 1.49 GB for 40 reviewed traces of 16 MB
 * bodies, and would have held ~16 GB for 500 of them.
 */
export const TRACE_PAGE_BYTES = 64 * 1024 * 1024;

/** What a reader of reviewed traces asks for: since when, how many, how many body bytes a page. */
export interface LabelledTraceOptions {
  since?: number;
  limit?: number;
  /** {@link TRACE_PAGE_BYTES} unless given (tests give a small one). */
  pageBytes?: number;
}

/**
 * Reviewed items with the request and response they were about: the trace's bodies when the
 * trace is stored, else what the item itself shows (a dataset item that never was a trace).
 * Most recently reviewed first, finished or not (`status`): exports keep the {@link decided} ones
 * unless asked for pending ones too. Holds every one at once: a reader of a large range takes
 * {@link labelledTracePages}.
 *
 * @example for (const l of await labelledTraces(stores.reviews, stores.traces)) finetuneExample(l, { minScore: 4 });
 */
export async function labelledTraces(reviews: Pick<ReviewStore, 'reviewedPage'>, traces: Pick<TraceStore, 'getTraces' | 'bodyBytes'>, options: LabelledTraceOptions = {}): Promise<LabelledTrace[]> {
  const all: LabelledTrace[] = [];
  for await (const page of labelledTracePages(reviews, traces, options)) all.push(...page);
  return all;
}

/**
 * {@link labelledTraces} a page at a time (keyset on each item's latest review): the caller keeps
 * what it needs of a page and lets its bodies go, so memory follows the page, not the store
 * (142,000 reviewed traces read whole took `router train --from-reviews` to 574 MB). A page is at
 * most 500 traces and at most `pageBytes` of their stored bodies (sized before they are read), at
 * least one trace: the same traces in the same order, in more pages when they are large.
 *
 * @example for await (const page of labelledTracePages(stores.reviews, stores.traces, { since })) tally.add(page);
 */
export async function* labelledTracePages(reviews: Pick<ReviewStore, 'reviewedPage'>, traces: Pick<TraceStore, 'getTraces' | 'bodyBytes'>, options: LabelledTraceOptions = {}): AsyncGenerator<LabelledTrace[]> {
  let left = options.limit ?? 100_000;
  let after: ReviewedCursor | undefined;
  while (left > 0) {
    const page = await reviews.reviewedPage({ ...(options.since === undefined ? {} : { since: options.since }), limit: Math.min(TRACE_PAGE, left), ...(after ? { after } : {}) });
    for (const part of await byBodyBytes(page.items, traces, options.pageBytes ?? TRACE_PAGE_BYTES)) yield await withBodies(part, traces);
    left -= page.items.length;
    if (page.next === null) return;
    after = page.next;
  }
}

/** Runs of a page's items, in order, whose traces' stored bodies come to at most `budget` bytes (or one item). */
async function byBodyBytes(reviewed: readonly ReviewedItem[], traces: Pick<TraceStore, 'bodyBytes'>, budget: number): Promise<ReviewedItem[][]> {
  const ids = reviewed.flatMap(({ item }) => (item.traceId === null ? [] : [item.traceId]));
  const sizes = ids.length === 0 ? new Map<string, number>() : await traces.bodyBytes(ids);
  const runs: ReviewedItem[][] = [];
  let run: ReviewedItem[] = [];
  let bytes = 0;
  for (const reviewedItem of reviewed) {
    const size = reviewedItem.item.traceId === null ? 0 : (sizes.get(reviewedItem.item.traceId) ?? 0);
    if (run.length > 0 && bytes + size > budget) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(reviewedItem);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** A page of reviewed items with their traces' bodies (one store query for the page). */
async function withBodies(reviewed: readonly ReviewedItem[], traces: Pick<TraceStore, 'getTraces'>): Promise<LabelledTrace[]> {
  const ids = reviewed.flatMap(({ item }) => (item.traceId === null ? [] : [item.traceId]));
  const bodies = new Map<string, { request: unknown; response: unknown; served: ServedBy }>();
  for (const trace of ids.length === 0 ? [] : await traces.getTraces(ids)) bodies.set(trace.id, { request: trace.request, response: trace.response, served: servedBy(trace) });
  return reviewed.map(({ item, reviews: list }) => {
    const trace = item.traceId === null ? undefined : bodies.get(item.traceId);
    return { traceId: item.traceId, itemId: item.id, request: trace?.request ?? item.input ?? null, response: trace?.response ?? item.output ?? null, reviews: list, status: item.status, served: trace?.served ?? null };
  });
}
