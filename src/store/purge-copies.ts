import type { CacheStore } from '../cache/cache-store.js';
import type { DocumentPurge } from '../core/trace-store.js';
import type { Stores } from './stores.js';
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

/** Traces per batch: each place's statement for a batch is short, so no store is held for long. */
export const PURGE_BATCH = 200;

/**
 * Finds every copy the gateway keeps of what was derived from purged knowledge documents, and
 * blanks or deletes it, reporting counts per place. The link is the ids each grounded call
 * recorded: the traces whose retrieval decisions name a chunk of the documents (never a search
 * of their text), and from those traces the answers made of them: stored responses (the
 * response's id, then every turn continuing it), eval results and eval cache entries (their trace
 * id), dataset items (`metadata.trace_id`), review items, reviews and feedback, monitoring signals,
 * and gateway cache entries (their trace id, or the document in their citations header, for
 * entries older than the trace id or whose trace retention already deleted). The traces are
 * blanked last in each batch, so a purge that stopped half-way finds them again when run again.
 * Idempotent: a second run finds the same traces and changes nothing.
 *
 * @example await purgeCopies({ stores, cache }, { base: 'handbook', docIds: ['docs/leaked.md'], at: Date.now() })
 */
export async function purgeCopies(deps: PurgeCopiesDeps, purge: DocumentPurge, options: { batch?: number } = {}): Promise<PurgedCopies> {
  const { stores } = deps;
  const counts: PurgedCopies = { traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0 };
  await deps.flushTraces?.();
  const grounded = new Set<string>();
  const limit = options.batch ?? PURGE_BATCH;
  let after: string | undefined;
  for (;;) {
    const ids = await stores.traces.groundedIn(purge.base, purge.docIds, { ...(after === undefined ? {} : { after }), limit });
    if (ids.length === 0) break;
    after = ids[ids.length - 1];
    for (const id of ids) grounded.add(id);
    await forgetDerived(deps, ids, purge, counts);
    counts.traces += await stores.traces.forgetAnswers(ids, purge);
    if (ids.length < limit) break;
  }
  // Cache hits that sent one of those answers: their traces hold none of it, but what was made
  // from them (a dataset item, an eval result, a review) is filed under their own ids.
  if (grounded.size > 0) {
    let hitsAfter: string | undefined;
    let pending: string[] = [];
    for (;;) {
      const hits = await stores.traces.cacheHits({ ...(hitsAfter === undefined ? {} : { after: hitsAfter }), limit });
      pending.push(...hits.filter((hit) => grounded.has(hit.origin)).map((hit) => hit.id));
      const last = hits.length < limit;
      if (pending.length >= limit || (last && pending.length > 0)) {
        await forgetDerived(deps, pending, purge, counts);
        for (const id of pending) grounded.add(id);
        pending = [];
      }
      if (last) break;
      hitsAfter = hits[hits.length - 1]?.id;
    }
  }
  if (deps.cache) {
    // Without document ids (a whole base), entries are found by their trace alone: a citations header names no base.
    const docIds = purge.docIds === null ? undefined : new Set(purge.docIds);
    counts.cachedAnswers = await deps.cache.deleteWhere((entry) => answersAnyTrace(entry, grounded) || (docIds !== undefined && citesAnyDocument(entry, docIds)));
  }
  return counts;
}

/** Every place's copy of these traces' answers but the traces themselves, counted into `counts`. */
async function forgetDerived(deps: PurgeCopiesDeps, ids: readonly string[], purge: DocumentPurge, counts: PurgedCopies): Promise<void> {
  const { stores } = deps;
  const responseIds = (await stores.traces.getTraces(ids)).flatMap((t) => {
    const id = t.endpoint === 'responses' ? (t.response as { id?: unknown } | null)?.id : undefined;
    return typeof id === 'string' ? [id] : [];
  });
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
