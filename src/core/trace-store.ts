import type { ErasureMatch } from './erasure-match.js';
import type { TracePage, TraceQuery, TraceRecord, TraceSelection } from './trace.js';

/** Rows examined per page when a filter has no index: bounds the work of one request on a large store. */
export const SCAN_WINDOW = 20_000;

/**
 * Where traces live: the port every trace adapter (SQLite, PostgreSQL) implements and the one
 * contract suite checks. Reads never see a half-written batch: `insertTraces` is atomic.
 */
export interface TraceStore {
  /**
   * Writes a batch in one transaction; a trace whose id exists is replaced. Traces commit without
   * waiting for the disk (a power cut may lose the last instant) unless `durable`: then it resolves
   * once this batch and every one before it would survive a power or database-server crash.
   */
  insertTraces(traces: readonly TraceRecord[], options?: InsertTracesOptions): Promise<void>;
  /** A page of summaries, newest first, with the indexed filters exact and the rest over a bounded window. */
  listTraces(query: TraceQuery): Promise<TracePage>;
  /**
   * A page of the successful traces in [since, until) whose decisions carry a cascade judge's
   * score, newest first, with their decisions and no bodies: what `router train --from-judged`
   * learns from. The store flags such a trace when it writes it and reads an index of the flagged
   * ones alone (traces written before the flag were flagged by the migration that added it, on
   * their text: a page may hold one whose decisions name a judge without a score, which the
   * caller's `judgedSteps` leaves out). `before` is where the last page ended (its `next`).
   */
  listJudged(query: JudgedTraceQuery): Promise<JudgedTracePage>;
  getTrace(id: string): Promise<TraceRecord | undefined>;
  /** Whole traces by id, in no particular order; ids that are not stored are left out. */
  getTraces(ids: readonly string[]): Promise<TraceRecord[]>;
  /**
   * Bytes each trace's request and response bodies take as stored, by id, without reading them:
   * a reader of many traces' bodies sizes its batches by these. Ids not stored are left out.
   */
  bodyBytes(ids: readonly string[]): Promise<Map<string, number>>;
  /** Whole traces with a request body that match a selection, newest first. */
  selectTraces(selection: TraceSelection): Promise<TraceRecord[]>;
  /**
   * One bounded step of trace retention: deletes the oldest traces before a time and drops the
   * bodies of others, at most `limit` rows each, so a caller loops while a count equals `limit`
   * and the writer is never held up for long.
   */
  pruneTraces(pruning: TracePruning): Promise<PruneResult>;
  /** The start time of the `n`th newest trace (1 = the newest); undefined when there are fewer. */
  nthNewestTs(n: number): Promise<number | undefined>;
  /**
   * Of the next `window.scan` stored traces in id order after `window.after`, the ids of those
   * whose knowledge retrieval (`decisions.knowledge`, of `base`) took a chunk of one of these
   * documents (`null`: of any document of the base, for a base deleted whole): what a purge of the
   * documents reaches, by the ids the trace recorded (never by its text). `next` is the last id
   * scanned, null once the scan has passed the last trace. A bounded read per call (SQLite's reads
   * run on the gateway's thread), for an operator's purge, never for a request.
   */
  groundedIn(base: string, docIds: readonly string[] | null, window: TraceWindow): Promise<{ ids: string[]; next: string | null }>;
  /**
   * Of the next `window.scan` stored traces in id order, the cache hits, each with the trace whose
   * answer it sent (`decisions.cache.trace`): a hit's trace keeps no copy of the answer, but what
   * was made from the hit (a dataset item, an eval result, a review) is filed under its own id.
   * Paged as `groundedIn`.
   */
  cacheHits(window: TraceWindow): Promise<{ hits: { id: string; origin: string }[]; next: string | null }>;
  /**
   * Blanks what these traces hold of a purge's documents (see {@link purgedDecisions}): the answer
   * (`response`, which may quote them), the documents' retrieved text and the answer's sentences a
   * groundedness check kept; marks `decisions.purged`. One transaction for the batch. Returns how
   * many traces changed: 0 when run again.
   */
  forgetAnswers(ids: readonly string[], purge: DocumentPurge): Promise<number>;
  /**
   * Of the next `window.scan` stored traces in id order, the ids of those an erasure request
   * matches (erasure-match.ts: the end user's id, metadata values, the session; each narrows).
   * Paged as `groundedIn`. Throws, matching nothing, when the match narrows nothing.
   */
  erasable(match: ErasureMatch, window: TraceWindow): Promise<{ ids: string[]; next: string | null }>;
  /**
   * Deletes these traces whole, with their search index entries (and, on PostgreSQL, their words
   * in the word blocks, recomputed from the traces left). One transaction; returns how many were
   * stored: 0 when run again. Budgets' rollups stay (they hold no bodies).
   */
  deleteTraces(ids: readonly string[]): Promise<number>;
  /**
   * After `forgetAnswers`, one step of folding the search index's deleted terms away, at most
   * `pages` pages of work; true while there is more. SQLite's FTS5 keeps a deleted row's terms in
   * its segments until they merge, so a purged answer's words stayed in the file (its
   * `traces_fts_data` blobs); stores whose index drops them on update have none.
   */
  mergeSearchIndex?(pages: number): Promise<boolean>;
}

/** A stretch of the traces in id order: the `scan` traces after `after` (from the first without it). */
export interface TraceWindow {
  after?: string;
  scan: number;
}

/** The documents a purge forgets (of one knowledge base) and when it ran. */
export interface DocumentPurge {
  base: string;
  /** null: every document of the base (`kb delete`: its document ids are gone, the traces still name them). */
  docIds: readonly string[] | null;
  /** ms since the epoch, recorded as `decisions.purged.at`. */
  at: number;
}

/**
 * A trace's decisions without what a purge of these documents forgets, or undefined when there is
 * nothing left to change (the stores' shared rule for `forgetAnswers`): the retrieved text of the
 * documents' chunks (`knowledge.chunks[].text`; their ids and offsets stay, the link a purge run
 * again follows), the answer's sentences the groundedness check quoted (`groundedness.unsupported[].text`),
 * and a `purged` mark saying the answer was blanked and when.
 *
 * @example purgedDecisions({ knowledge: { base: 'kb', chunks: [{ docId: 'a.md', text: '…' }] } }, { base: 'kb', docIds: ['a.md'], at: 1 }) // { knowledge: { base: 'kb', chunks: [{ docId: 'a.md' }] }, purged: { at: 1, … } }
 */
export function purgedDecisions(decisions: unknown, purge: DocumentPurge): Record<string, unknown> | undefined {
  if (decisions === null || typeof decisions !== 'object' || Array.isArray(decisions)) return undefined;
  const wanted = purge.docIds === null ? undefined : new Set(purge.docIds);
  const out: Record<string, unknown> = { ...(decisions as Record<string, unknown>) };
  let changed = false;
  const knowledge = out.knowledge as { base?: unknown; chunks?: unknown } | undefined;
  if (knowledge && knowledge.base === purge.base && Array.isArray(knowledge.chunks)) {
    const chunks = knowledge.chunks.map((chunk: unknown) => {
      const c = chunk as { docId?: unknown; text?: unknown } | null;
      if (typeof c?.docId !== 'string' || (wanted && !wanted.has(c.docId)) || c.text === undefined) return chunk;
      changed = true;
      const { text: _text, ...rest } = c;
      return rest;
    });
    out.knowledge = { ...knowledge, chunks };
  }
  const groundedness = out.groundedness as { unsupported?: unknown } | undefined;
  if (groundedness && Array.isArray(groundedness.unsupported) && groundedness.unsupported.some((u) => (u as { text?: unknown } | null)?.text !== undefined)) {
    changed = true;
    out.groundedness = { ...groundedness, unsupported: groundedness.unsupported.map((u) => {
      const { text: _text, ...rest } = (u ?? {}) as Record<string, unknown>;
      return rest;
    }) };
  }
  if (out.purged === undefined) {
    changed = true;
    out.purged = { at: purge.at, reason: `knowledge base ${purge.base}: documents purged; the answer and the documents' retrieved text were blanked` };
  }
  return changed ? out : undefined;
}

export interface InsertTracesOptions {
  durable?: boolean;
}

/** What one retention step removes. */
export interface TracePruning {
  /** Traces that started before this time (ms since the epoch) are deleted. */
  deleteBefore?: number;
  /** Request and response bodies of traces with from ≤ ts < before are dropped; the numbers stay. */
  stripBodies?: { from: number; before: number };
  /**
   * Traces of these keys and teams from `since` on are never deleted: budgets restore spend from
   * them after a restart. Found as the budget finds them: a key's by its identity, and on traces
   * older than identities (no key id) by its name, from when a runtime key was made (`spendOfKey`);
   * a team's by the team the trace names (`spendByTeam`).
   */
  keep?: readonly KeptSpend[];
  /** At most this many rows deleted, and this many stripped, per call. */
  limit: number;
}

/** Whose budget: a key (its identity, name and, for a runtime key, creation time) or a team. */
export type SpendOwner = { key: { id: string; name: string; createdAt?: number | undefined } } | { team: string };

/** One budget's traces that retention spares: its key's or team's, from the start of its period. */
export type KeptSpend = SpendOwner & { since: number };

export interface PruneResult {
  deleted: number;
  stripped: number;
  /** The newest time among the traces whose bodies were dropped: the next batch starts there rather than rescanning them. */
  lastStrippedTs?: number;
}

/**
 * One destination of the trace writer's batches: the store itself, rollups, the review sampler,
 * later drift detection and exporters. `write` resolves when the batch is durably applied and
 * rejects without applying any of it, so a retry never counts a trace twice.
 */
export interface TraceSink {
  /** Names the sink in error reports ("rollups: database is locked"). */
  readonly name: string;
  write(batch: readonly TraceRecord[]): Promise<void>;
  /** A sink that hands its batches on to sinks of its own (a worker thread's) resolves once they have applied all it took. */
  flush?(): Promise<void>;
  /** Those sinks' backlog in traces, by name (the writer's `lagging` reports it). */
  lagging?(): Record<string, number>;
  /**
   * Traces this sink took and has not applied everywhere yet: a worker thread's views still to
   * derive, rows a gathering sink holds for its next write (the writer's `backlog` adds them up).
   */
  backlog?(): number | Promise<number>;
}

/**
 * The store as the writer's primary sink.
 *
 * @example new TraceWriter({ store: storeSink(stores.traces), derived: [rollupSink(stores.rollups)] }, options)
 */
export function storeSink(store: Pick<TraceStore, 'insertTraces'>, options: InsertTracesOptions = {}): TraceSink {
  return { name: 'traces', write: (batch) => store.insertTraces(batch, options) };
}

/**
 * How many traces a selection may return: 1,000 by default, at most 100,000.
 *
 * @example selectionLimit({ limit: 10 ** 9 }) // 100000
 */
export function selectionLimit(selection: Pick<TraceSelection, 'limit'>): number {
  const limit = selection.limit ?? 1_000;
  return Number.isFinite(limit) ? Math.min(Math.max(Math.floor(limit), 1), 100_000) : 100_000;
}

/** What one compaction step of a SQLite file did (`Stores.compact`). */
export interface CompactResult {
  /** Pages released by this step. */
  released: number;
  /** Free pages still in the file. */
  free: number;
  /** False for a file created before incremental vacuum was on: it shrinks only with a full VACUUM. */
  incremental: boolean;
}

/** A range of traces whose decisions carry a judge's score, a page at a time (see TraceStore.listJudged). */
export interface JudgedTraceQuery {
  since: number;
  until: number;
  limit: number;
  /** The (ts, id) the last page ended at: this page starts after it. */
  before?: { ts: number; id: string };
}

export interface JudgedTracePage {
  /** `decisions` as stored: JSON text (parse with judgedSteps). */
  traces: { id: string; ts: number; decisions: unknown }[];
  /** The last trace's (ts, id) when the page was full, else null. */
  next: { ts: number; id: string } | null;
}
