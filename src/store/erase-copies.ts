import { randomUUID } from 'node:crypto';
import type { CacheStore } from '../cache/cache-store.js';
import type { ErasureMatch } from '../core/erasure-match.js';
import type { TraceRecord } from '../core/trace.js';
import { answersAnyTrace } from '../gateway/cached-answer.js';
import type { ForgottenExamples } from '../local/examples/example-store.js';
import { PURGE_BATCH, PURGE_MERGE_PAGES, PURGE_SCAN, type PurgedCopies, storedResponseIds } from './purge-copies.js';
import { spendStandIns } from './spend-stand-ins.js';
import type { DriftReport } from '../monitor/drift/drift-types.js';
import { withoutExamplesOf } from '../monitor/drift/report-text.js';
import type { Stores } from './stores.js';

/**
 * What an erasure request deleted, per place (each 0 when it is run again; with `dryRun`, what it
 * would delete): the places of `PurgedCopies`, whole rows deleted where a purge blanks a field
 * (traces with their search index entries, review items, reviews, feedback, eval results,
 * monitoring signals; a dataset item is emptied in place, see erasedItem), the local-model examples drawn from the traces, and the
 * examples (trace id and prompt) stored drift reports show of them.
 */
export type ErasedCopies = Record<keyof PurgedCopies | 'localExamples' | 'driftExamples', number>;

/** Whose model may have learnt from the erased examples: the registry records no example ids, only when a version was made. */
export interface TrainedOnErased {
  route: string;
  /** Examples of the route the erasure deleted. */
  examples: number;
  /** The live version, when one is live. */
  liveVersion: number | null;
  /**
   * True when the live version was registered after the oldest erased example was added (it may
   * have learnt from it: retrain); false when before (it cannot have).
   */
  mayHaveLearnt: boolean;
}

export interface ErasureReport {
  dryRun: boolean;
  erased: ErasedCopies;
  /**
   * Budgets count spend from the traces: the erased traces' cost is kept as content-free stand-ins,
   * one per hour, key, team and model (no request, answer, metadata, session or trace id of theirs).
   */
  spendKept: { standIns: number; costUsd: number };
  localModels: TrainedOnErased[];
}

export interface EraseCopiesDeps {
  stores: Pick<Stores, 'traces' | 'responses' | 'runs' | 'responseCache' | 'datasets' | 'reviews' | 'monitor' | 'examples' | 'models'>;
  /** The gateway's answer cache, when it has one. */
  cache?: Pick<CacheStore, 'deleteWhere'>;
  /** Writes the traces still queued, so calls answered just before the erasure are reached too. */
  flushTraces?: () => Promise<void>;
  /**
   * Writes the local-model examples still on their way (buffered in memory, or awaiting a shadow
   * check's teacher answer), so those drawn from the traces are reached too. Run before
   * `flushTraces`: a shadow check's own call queues a trace as it ends.
   */
  flushExamples?: () => Promise<void>;
  /** Ids for the spend stand-ins (random by default). */
  newId?: () => string;
}

const zero = (): ErasedCopies => ({ traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0, localExamples: 0, driftExamples: 0 });

/**
 * Deletes every trace an erasure request matches (erasure-match.ts) and every copy derived from
 * them, found by their ids as a document purge finds its copies (purge-copies.ts): stored
 * responses, eval results and eval cache entries (and the eval calls of cases made from the traces,
 * which sent their input), dataset items, review items with their reviews and feedback, monitoring
 * signals, local-model examples, and the gateway's cache entries holding their answers. The traces
 * are read 2,000 at a time in id order with a turn of the event loop between windows, each batch's
 * derived copies deleted before the traces, so an erasure that stopped half-way finds the rest
 * when run again. Their cost stays as content-free stand-ins so budgets hold. Idempotent: a second
 * run finds nothing. With `dryRun`, counts and changes nothing.
 *
 * @example await eraseCopies({ stores, cache }, { users: ['alice'] }, { at: Date.now() })
 */
export async function eraseCopies(deps: EraseCopiesDeps, match: ErasureMatch, options: { at: number; dryRun?: boolean; batch?: number; scan?: number }): Promise<ErasureReport> {
  const { stores } = deps;
  const dryRun = options.dryRun === true;
  const erased = zero();
  const spendKept = { standIns: 0, costUsd: 0 };
  const examples = new Map<string, ForgottenExamples>();
  const gone = new Set<string>();
  /** Stored responses a dry run counted: each once, as the real run deletes each once. */
  const responses = new Set<string>();
  await deps.flushExamples?.();
  await deps.flushTraces?.();
  const batch = options.batch ?? PURGE_BATCH;
  const scan = options.scan ?? PURGE_SCAN;
  const eraseBatch = async (ids: string[], followed = false): Promise<string[]> => {
    const traces = await stores.traces.getTraces(ids);
    // An eval call was followed from its result, which the dry run counted already (a real run deleted it).
    const evalResultsCounted = erased.evalResults;
    const calls = await eraseDerived(deps, traces, ids, { at: options.at, dryRun }, erased, examples, responses);
    if (followed && dryRun) erased.evalResults = evalResultsCounted;
    for (const id of ids) gone.add(id);
    const standIns = spendStandIns(traces, { at: options.at, newId: deps.newId ?? (() => `tr_erased_${randomUUID()}`) });
    spendKept.standIns += standIns.length;
    spendKept.costUsd += standIns.reduce((sum, t) => sum + t.costUsd, 0);
    if (dryRun) {
      erased.traces += traces.length;
    } else {
      // The stand-ins first: budgets never see the spend missing (should the delete fail, a run again adds them again: budgets over-count, never under).
      if (standIns.length > 0) await stores.traces.insertTraces(standIns);
      erased.traces += await stores.traces.deleteTraces(ids);
    }
    return calls;
  };
  let after: string | undefined;
  let pending: string[] = [];
  let evalCalls: string[] = [];
  for (;;) {
    const { ids, next } = await stores.traces.erasable(match, { ...(after === undefined ? {} : { after }), scan });
    pending.push(...ids);
    while (pending.length >= batch || (next === null && pending.length > 0)) {
      evalCalls.push(...(await eraseBatch(pending.slice(0, batch))));
      pending = pending.slice(batch);
    }
    if (next === null) break;
    after = next;
    await new Promise((resolve) => setImmediate(resolve));
  }
  // An eval's calls of cases made from the traces sent their input: erased too, and what was made of them.
  while (evalCalls.length > 0) {
    const todo = [...new Set(evalCalls)].filter((id) => !gone.has(id));
    evalCalls = [];
    for (let i = 0; i < todo.length; i += batch) evalCalls.push(...(await eraseBatch(todo.slice(i, i + batch), true)));
  }
  if (!dryRun && erased.traces > 0 && stores.traces.mergeSearchIndex) {
    while (await stores.traces.mergeSearchIndex(PURGE_MERGE_PAGES)) await new Promise((resolve) => setImmediate(resolve));
  }
  if (gone.size > 0) erased.driftExamples = await eraseDriftExamples(stores.monitor, gone, dryRun);
  // Stored responses that echo the user's id or the body's metadata, or whose call had the session
  // or header metadata, found without their trace (retention may have deleted it first).
  const echoing = await stores.responses.echoing(match);
  erased.storedResponses += dryRun ? await countConversations(stores.responses, echoing, responses) : await stores.responses.forgetConversations(echoing);
  if (deps.cache && gone.size > 0) {
    let counted = 0;
    // A dry run counts through the same scan and deletes nothing. The store tells the gateways
    // sharing it what was deleted (CacheStore.onDeleted): each drops what it keeps of the entries.
    const deleted = await deps.cache.deleteWhere((entry) => {
      const hit = answersAnyTrace(entry, gone);
      if (hit && dryRun) counted++;
      return hit && !dryRun;
    });
    erased.cachedAnswers = dryRun ? counted : deleted;
  }
  return { dryRun, erased, spendKept, localModels: await trainedOnErased(deps, [...examples.values()]) };
}

/** Every place's copy of these traces but the traces themselves, counted into `erased`; the eval calls to follow. */
async function eraseDerived(deps: EraseCopiesDeps, traces: readonly TraceRecord[], ids: readonly string[], how: { at: number; dryRun: boolean }, erased: ErasedCopies, examples: Map<string, ForgottenExamples>, responses: Set<string>): Promise<string[]> {
  const { stores } = deps;
  const { dryRun } = how;
  const responseIds = storedResponseIds(traces);
  if (dryRun) erased.storedResponses += await countConversations(stores.responses, responseIds, responses);
  else erased.storedResponses += await stores.responses.forgetConversations(responseIds);
  const results = await stores.runs.deleteResults(ids, dryRun);
  erased.evalResults += results.deleted;
  erased.evalCache += await stores.responseCache.forgetTraces(ids, dryRun);
  erased.datasetItems += await stores.datasets.eraseTraceItems(ids, how.at, dryRun);
  const queue = await stores.reviews.eraseTraces(ids, dryRun);
  erased.reviewItems += queue.items;
  erased.reviews += queue.reviews;
  erased.feedback += queue.feedback;
  erased.monitorSignals += await stores.monitor.deleteSignals(ids, dryRun);
  for (const found of await stores.examples.forgetTraces(ids, dryRun)) {
    erased.localExamples += found.examples;
    const known = examples.get(found.route);
    examples.set(found.route, known ? { route: found.route, examples: known.examples + found.examples, since: Math.min(known.since, found.since) } : found);
  }
  return results.calls;
}

/**
 * How many stored responses `forgetConversations(ids)` would delete (these and the turns continuing
 * them) that the dry run has not counted yet (`counted`, which it adds them to): the real run deletes
 * a conversation once, however many of the traces name its turns.
 */
async function countConversations(responses: EraseCopiesDeps['stores']['responses'], ids: readonly string[], counted: Set<string>): Promise<number> {
  let added = 0;
  for (const id of await responses.conversations(ids)) {
    if (counted.has(id)) continue;
    counted.add(id);
    added++;
  }
  return added;
}

/** Per route that lost examples: whether its live version was registered after the oldest of them. */
async function trainedOnErased(deps: EraseCopiesDeps, forgotten: readonly ForgottenExamples[]): Promise<TrainedOnErased[]> {
  return Promise.all(
    forgotten.map(async (f) => {
      const live = await deps.stores.models.live(f.route);
      return { route: f.route, examples: f.examples, liveVersion: live?.version ?? null, mayHaveLearnt: live !== undefined && live.createdAt >= f.since };
    }),
  );
}

/** Reports read per erasure: drift reports are hourly per route, so this is years of them. */
const DRIFT_REPORTS_READ = 100_000;

/** Drops these traces' examples from every stored drift report; how many examples went (would go). */
async function eraseDriftExamples(monitor: EraseCopiesDeps['stores']['monitor'], gone: ReadonlySet<string>, dryRun: boolean): Promise<number> {
  let removed = 0;
  for (const doc of await monitor.listDocs<DriftReport>('drift-report', { since: 0, limit: DRIFT_REPORTS_READ })) {
    const kept = withoutExamplesOf(doc.body, gone);
    if (!kept) continue;
    removed += kept.removed;
    if (!dryRun) await monitor.putDoc({ ...doc, body: kept.report });
  }
  return removed;
}
