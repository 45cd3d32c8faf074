import type { CacheStore } from '../cache/cache-store.js';
import type { DocumentPurge } from '../core/trace-store.js';
import type { Stores } from './stores.js';
import type { TraceRecord } from '../core/trace.js';
import { answersAnyTrace, citesAnyDocument } from '../gateway/cached-answer.js';

/**
 * What a purge of knowledge documents found and blanked outside the knowledge store, per place
 * (each 0 when the purge is run again).
 */
export interface PurgedCopies {
  /** Traces of calls grounded in the documents: answer, retrieved text, quoted sentences blanked. */
  traces: number;
  /** Gateway cache entries deleted: the answers of those traces, or citing the documents. */
  cachedAnswers: number;
  /** Responses API responses deleted (`GET /v1/responses/ID`), with the turns continuing them. */
  storedResponses: number;
  /** Eval results whose recorded answer was blanked. */
  evalResults: number;
  /** Eval response-cache entries deleted. */
  evalCache: number;
  /** Dataset items (made from those traces) whose output and expected answer were blanked. */
  datasetItems: number;
  /** Review items whose answer was blanked. */
  reviewItems: number;
  /** Reviews whose corrected answer was blanked. */
  reviews: number;
  /** Feedback whose corrected answer was blanked. */
  feedback: number;
  /** Monitoring signals whose answer excerpt was blanked. */
  monitorSignals: number;
}

export interface PurgeCopiesDeps {
  stores: Pick<Stores, 'traces' | 'responses' | 'runs' | 'responseCache' | 'datasets' | 'reviews' | 'monitor'>;
  /** The gateway's answer cache, when it has one. */
  cache?: Pick<CacheStore, 'deleteWhere'>;
  /** Writes the traces still queued, so calls answered just before the purge are reached too. */
  flushTraces?: () => Promise<void>;
}

/** Traces per batch: each place's statement for a batch takes milliseconds, so no store is held for long. */
export const PURGE_BATCH = 50;

/** Pages of search-index merging per step, with a turn of the event loop between steps. */
export const PURGE_MERGE_PAGES = 32;

/** Traces read per scan step (~5 ms on SQLite, whose reads run on the gateway's own thread). */
export const PURGE_SCAN = 2_000;

/**
 * Finds every copy the gateway keeps of what was derived from purged knowledge documents, and
 * blanks or deletes it, reporting counts per place. The link is the ids each grounded call
 * recorded: the traces whose retrieval decisions name a chunk of the documents (never a search
 * of their text), and from those traces the answers made of them: stored responses (the
 * response's id, then every turn continuing it), eval results and eval cache entries (their trace
 * id), dataset items (`metadata.trace_id`), review items, reviews and feedback, monitoring signals,
 * and gateway cache entries (their trace id, or the document in their citations header, for
 * entries older than the trace id or whose trace retention already deleted). Cache hits that sent
 * one of those answers are reached through the trace they name. The traces are read in windows of
 * `scan` with a turn of the event loop between them, and each batch's places are blanked before
 * the traces, so a purge that stopped half-way finds them again when run again. Idempotent: a
 * second run finds the same traces and changes nothing.
 *
 * @example await purgeCopies({ stores, cache }, { base: 'handbook', docIds: ['docs/leaked.md'], at: Date.now() })
 */
export async function purgeCopies(deps: PurgeCopiesDeps, purge: DocumentPurge, options: { batch?: number; scan?: number } = {}): Promise<PurgedCopies> {
  const { stores } = deps;
  const counts: PurgedCopies = { traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0 };
  await deps.flushTraces?.();
  const batch = options.batch ?? PURGE_BATCH;
  const scan = options.scan ?? PURGE_SCAN;
  const grounded = new Set<string>();
  await eachBatch((window) => stores.traces.groundedIn(purge.base, purge.docIds, window).then(({ ids, next }) => ({ found: ids, next })), { batch, scan }, async (ids) => {
    for (const id of ids) grounded.add(id);
    await forgetDerived(deps, ids, purge, counts);
    counts.traces += await stores.traces.forgetAnswers(ids, purge);
  });
  // Cache hits that sent one of those answers: their traces hold none of it, but what was made
  // from them (a dataset item, an eval result, a review) is filed under their own ids.
  if (grounded.size > 0) {
    const hitIds: string[] = [];
    await eachBatch((window) => stores.traces.cacheHits(window).then(({ hits, next }) => ({ found: hits.filter((h) => grounded.has(h.origin)).map((h) => h.id), next })), { batch, scan }, async (ids) => {
      hitIds.push(...ids);
      await forgetDerived(deps, ids, purge, counts);
    });
    for (const id of hitIds) grounded.add(id);
  }
  // The search index's copies of the blanked answers' words, folded away a step at a time so
  // requests go on between steps.
  if (counts.traces > 0 && stores.traces.mergeSearchIndex) {
    while (await stores.traces.mergeSearchIndex(PURGE_MERGE_PAGES)) await new Promise((resolve) => setImmediate(resolve));
  }
  if (deps.cache) {
    // Without document ids (a whole base), entries are found by their trace alone: a citations header names no base.
    const docIds = purge.docIds === null ? undefined : new Set(purge.docIds);
    counts.cachedAnswers = await deps.cache.deleteWhere((entry) => answersAnyTrace(entry, grounded) || (docIds !== undefined && citesAnyDocument(entry, docIds)));
  }
  return counts;
}

/**
 * Scans the traces window after window (yielding to the event loop between them, so requests go
 * on), handing what each finds to `work` in batches of `batch`.
 */
async function eachBatch(find: (window: { after?: string; scan: number }) => Promise<{ found: string[]; next: string | null }>, size: { batch: number; scan: number }, work: (ids: string[]) => Promise<void>): Promise<void> {
  let pending: string[] = [];
  let after: string | undefined;
  for (;;) {
    const { found, next } = await find({ ...(after === undefined ? {} : { after }), scan: size.scan });
    pending.push(...found);
    while (pending.length >= size.batch || (next === null && pending.length > 0)) {
      await work(pending.slice(0, size.batch));
      pending = pending.slice(size.batch);
    }
    if (next === null) return;
    after = next;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Every place's copy of these traces' answers but the traces themselves, counted into `counts`. */
async function forgetDerived(deps: PurgeCopiesDeps, ids: readonly string[], purge: DocumentPurge, counts: PurgedCopies): Promise<void> {
  const { stores } = deps;
  // The stored copy a grounded answer's trace names (`decisions.stored_response`), or, for traces
  // written before it was recorded, the id in the response body.
  const responseIds = storedResponseIds(await stores.traces.getTraces(ids));
  counts.storedResponses += await stores.responses.forgetConversations(responseIds);
  counts.evalResults += await stores.runs.forgetOutputs(ids);
  counts.evalCache += await stores.responseCache.forgetTraces(ids);
  counts.datasetItems += await stores.datasets.forgetTraceItems(ids, purge.at);
  const queue = await stores.reviews.forgetTraceAnswers(ids);
  counts.reviewItems += queue.items;
  counts.reviews += queue.reviews;
  counts.feedback += queue.feedback;
  counts.monitorSignals += await stores.monitor.forgetAnswers(ids);
}

/**
 * The stored Responses API responses these traces' answers are kept as: the id a trace names
 * (`decisions.stored_response`), or, for traces written before it was recorded, the id in the
 * response body.
 *
 * @example storedResponseIds([responsesTrace]) // ['resp_1']
 */
export function storedResponseIds(traces: readonly TraceRecord[]): string[] {
  return traces.flatMap((t) => {
    if (t.endpoint !== 'responses') return [];
    const named = (t.decisions?.stored_response as { id?: unknown } | undefined)?.id;
    const id = typeof named === 'string' ? named : (t.response as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}
