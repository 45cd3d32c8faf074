import type { TraceSink } from '../../core/trace-store.js';
import type { TraceRecord } from '../../core/trace.js';
import { applicationTraces, type TraceSignal, traceSignal } from './trace-signal.js';

/** Which signals to read: one route (or all), a time range, newest first. */
export interface SignalQuery {
  route?: string;
  since: number;
  until: number;
  /** At most this many (default 10,000; at most 100,000). */
  limit?: number;
  /** Only signals with a prompt and no topic yet. */
  needsTopic?: boolean;
  /** Only successful signals with a prompt not yet offered to online evaluation (`scores` null). */
  unscored?: boolean;
  /** Only signals online evaluation scored (`scores` not null), by a partial index of them alone. */
  scored?: boolean;
}

/** Kinds of monitoring documents: topic models per route, drift reports, alert state and history. */
export type MonitorDocKind = 'topic-model' | 'drift-report' | 'alert-state' | 'alert-event';

/** Which documents of a kind to list: one route (or all), a time range, at most `limit` (default 100, at most 10,000). */
export interface DocQuery {
  route?: string;
  limit?: number;
  since?: number;
  until?: number;
}

export interface MonitorDoc<T = unknown> {
  kind: MonitorDocKind;
  key: string;
  ts: number;
  route: string | null;
  body: T;
}

/**
 * Where monitoring keeps its derived data: one signal per trace (with topic and online scores),
 * and documents (topic models, drift reports, alert states and events). A port with a SQLite
 * and a PostgreSQL adapter checked by one contract suite.
 */
export interface MonitorStore {
  /** Inserts signals; an existing trace id is replaced (a writer retry stores it once). */
  putSignals(signals: readonly TraceSignal[]): Promise<void>;
  /** Signals in a range, newest first. */
  listSignals(query: SignalQuery): Promise<TraceSignal[]>;
  /** Sets topic ids of stored signals. */
  setTopics(assignments: readonly { traceId: string; topic: number }[]): Promise<void>;
  /** Merges scores into stored signals' `scores` (an empty object marks "sampled, nothing scored"). */
  addScores(traceId: string, scores: Readonly<Record<string, number>>): Promise<void>;
  /**
   * Blanks the prompt and answer text (to null) of signals with `from` ≤ ts < `before` that still
   * have some, oldest first, at most `limit`: body retention (`traces.retention.bodies_days`)
   * reaches monitoring's copies too. Numbers, lengths, refusal, topic and scores stay. Returns how
   * many were blanked and the newest one's time (the next batch can start there).
   */
  stripTexts(range: { from: number; before: number; limit: number }): Promise<{ stripped: number; lastTs: number | null }>;
  /** Blanks the answer text (to null) of these traces' signals: a purge of what they quote. Returns how many changed. */
  forgetAnswers(traceIds: readonly string[]): Promise<number>;
  /** Deletes these traces' signals (an erasure request): how many there were; with `dryRun`, counts them and deletes nothing. */
  deleteSignals(traceIds: readonly string[], dryRun?: boolean): Promise<number>;
  /** Deletes signals older than `ts` and documents of the given kinds older than it; returns how many rows went. */
  prune(ts: number, kinds: readonly MonitorDocKind[]): Promise<number>;
  /** Deletes at most `limit` signals older than `before`, oldest first (retention's paced batches); returns how many went. */
  pruneSignals(before: number, limit: number): Promise<number>;
  /** Inserts or replaces a document by (kind, key). */
  putDoc(doc: MonitorDoc): Promise<void>;
  getDoc<T>(kind: MonitorDocKind, key: string): Promise<MonitorDoc<T> | undefined>;
  /** Documents of a kind (optionally of one route), newest first; `since` ≤ ts < `until` when given. */
  listDocs<T>(kind: MonitorDocKind, options?: DocQuery): Promise<MonitorDoc<T>[]>;
}

/**
 * The trace writer's sink that derives a signal from every application trace of a batch and
 * stores it (`applicationTraces`: an eval run's or a load test's calls are left out).
 *
 * @example new TraceWriter({ store: storeSink(traces), derived: [rollupSink(rollups), signalSink(stores.monitor)] }, options)
 */
export function signalSink(store: Pick<MonitorStore, 'putSignals'>): TraceSink {
  return { name: 'signals', write: (batch: readonly TraceRecord[]) => store.putSignals(applicationTraces(batch).map(traceSignal)) };
}

/** The most signals one query returns: a report reading a whole range asks for this many. */
export const MAX_SIGNALS = 100_000;

/** Clamps a signal query's limit: 10,000 by default, at most `MAX_SIGNALS`. */
export function signalLimit(query: Pick<SignalQuery, 'limit'>): number {
  const limit = query.limit ?? 10_000;
  return Number.isFinite(limit) ? Math.min(Math.max(Math.floor(limit), 1), MAX_SIGNALS) : MAX_SIGNALS;
}

/** Clamps a document query's limit, as every store reads it: 100 by default, at most 10,000. */
export function docLimit(query: Pick<DocQuery, 'limit'>): number {
  return Math.min(query.limit ?? 100, 10_000);
}
