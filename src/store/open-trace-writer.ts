import { dirname, join } from 'node:path';
import type { ReviewConfig, StoreConfig, TracesConfig } from '../config/schema.js';
import type { TraceRecord } from '../core/trace.js';
import { storeSink } from '../core/trace-store.js';
import { traceSinks } from './trace-sinks.js';
import type { Stores } from './stores.js';
import { TraceWriteThread } from './trace-write-thread.js';
import { journaledStore, missingFrom, TraceJournal } from './trace-journal.js';
import { TraceWriter } from './trace-writer.js';
import { countOf } from '../core/plural.js';
import type { Log } from '../core/log.js';

/**
 * On PostgreSQL the derived views (rollups, review sampler, monitoring signals) get stored traces
 * up to 1,024 at a time, or once a second (see TraceWriterOptions.fanOut): the overview trails the
 * trace list by up to a second, and a view's writes cost a fraction per trace of one per batch.
 */
export const DERIVED_FAN_OUT_ON_POSTGRES = { traces: 1_024, intervalMs: 1_000 } as const;

/**
 * On PostgreSQL the rollups are summed over the batches the views get and written once 8,192
 * traces are summed, or a second after the first (gatheredRollupSink): a rollup write costs
 * mostly per write (~90 rows of 138 columns upserted into three tables), so at 1,024 traces a
 * write it was ~8 µs of CPU per trace and at 8,192 about a sixth of it. The overview then trails the
 * trace list by up to two seconds under light traffic (the views' second, then the rollups').
 */
export const ROLLUPS_GATHERED_ON_POSTGRES = { traces: 8_192, intervalMs: 1_000 } as const;

/**
 * On PostgreSQL two store writes run at once, on two connections (TraceWriterOptions.storeLanes):
 * the server files one batch while it parses the next, and the gateway builds a batch's rows while
 * the last one is written. A trace id always takes the same lane, so its writes stay in order.
 */
export const STORE_LANES_ON_POSTGRES = 2;

export interface OpenedTraceWriter {
  writer: TraceWriter;
  /** What the gateway writes each finished trace to; with `durability: sync` it resolves once the trace is journaled. */
  sink: { write(trace: TraceRecord): void | Promise<void> };
  journal: TraceJournal | undefined;
  /** Retention's stores on the trace-write thread (SQLite), so its statements do not hold the event loop; undefined where the gateway's own serve. */
  retentionStores: ReturnType<TraceWriteThread['retentionStores']>;
  /** Writes every queued trace, then closes the journal (call once nothing is in flight). */
  close(): Promise<void>;
}

/**
 * Where the journal of `durability: sync` lives: `traces.journal_dir`, else beside the SQLite
 * file, else `.switchyard/trace-journal`.
 *
 * @example journalDir({ sqlite: 'data/sy.db' }, undefined) // 'data/sy.db-journal.d'
 */
export function journalDir(store: StoreConfig, configured: string | undefined): string {
  if (configured) return configured;
  if ('sqlite' in store && store.sqlite !== ':memory:') return join(dirname(store.sqlite), `${store.sqlite.split(/[\\/]/).pop()}-journal.d`);
  return join('.switchyard', 'trace-journal');
}

/**
 * The gateway's trace writer over the stores' sinks. With `durability: sync` a journal sits in
 * front of it: traces an earlier process journaled but never stored are replayed first (before
 * the gateway listens), then every trace is journaled before its answer completes.
 *
 * @example const { writer, sink, close } = await openTraceWriter(stores, config.traces, { sqlite: 'sy.db' }, log, config.review, replicaName());
 */
export async function openTraceWriter(
  stores: Stores,
  traces: TracesConfig,
  store: StoreConfig,
  log: Log,
  review?: ReviewConfig,
  replica?: string,
): Promise<OpenedTraceWriter> {
  // Traces are written by a thread of their own (inserts and their encoding, the search index,
  // rollups, review sampling, signals), so a batch never holds the event loop; an in-memory
  // SQLite database cannot be shared with a thread, so it is written here.
  const inMemory = 'sqlite' in store && store.sqlite === ':memory:';
  const thread = inMemory
    ? undefined
    : await TraceWriteThread.open({ store, batchSize: traces.batch_size, flushIntervalMs: traces.flush_interval_ms, lowConfidence: review?.low_confidence, ...(stores.backend === 'postgres' ? { fanOut: DERIVED_FAN_OUT_ON_POSTGRES, gatherRollups: ROLLUPS_GATHERED_ON_POSTGRES } : {}) }, log);
  // The thread hears how many traces wait here with each batch (the writer exists once the sinks do).
  const waiting = { writer: undefined as TraceWriter | undefined };
  const backlog = () => waiting.writer?.pending ?? 0;
  const sinks = thread ? { store: thread.sink({ backlog }) } : traceSinks(stores, review?.low_confidence);
  const journal = traces.durability === 'sync' ? TraceJournal.open(journalDir(store, traces.journal_dir)) : undefined;
  // A journal segment is deleted once its traces are stored, so they must then be on disk, not only committed.
  const durableStore = thread ? thread.sink({ durable: true, backlog }) : storeSink(stores.traces, { durable: true });
  const writer = new TraceWriter(journal ? { ...sinks, store: journaledStore(durableStore, journal) } : sinks, {
    batchSize: traces.batch_size,
    flushIntervalMs: traces.flush_interval_ms,
    ...(stores.backend === 'postgres' ? { storeLanes: STORE_LANES_ON_POSTGRES } : {}),
    ...(replica === undefined ? {} : { replica }),
    onError: (error, sink) => log(`trace ${sink} write failed, will retry: ${(error as Error).message}`, { level: 'warn' }),
  });
  waiting.writer = writer;
  if (journal) {
    const replayed = await journal.replay(async (journaled) => {
      const missing = await missingFrom(stores.traces, journaled);
      for (const trace of missing) writer.write(trace);
      await writer.flush();
      if (missing.length > 0) log(`trace journal: restored ${countOf(missing.length, 'trace')} an earlier process answered but had not stored`);
    });
    if (replayed > 0) log(`trace journal: replayed ${countOf(replayed, 'journaled trace')} from ${journal.dir}`);
  }
  const sink = journal
    ? {
        write(trace: TraceRecord) {
          // Named before it is journaled, so a restart that replays it keeps the replica that served it.
          if (replica !== undefined) trace.replica ??= replica;
          writer.write(trace);
          return journal.append(trace);
        },
      }
    : writer;
  return {
    writer,
    sink,
    journal,
    retentionStores: thread?.retentionStores(),
    async close() {
      await writer.flush();
      await thread?.close();
      await journal?.close();
    },
  };
}
