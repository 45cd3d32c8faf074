import { parentPort, workerData } from 'node:worker_threads';
import type { ReviewConfig, StoreConfig } from '../config/schema.js';
import { batchScheduleThread, lowerThreadPriority, nameThread } from '../core/thread-priority.js';
import { type PortableTrace, revivedTrace } from './portable-trace.js';
import type { TraceWriteStores } from './stores.js';
import { traceSinks } from './trace-sinks.js';
import { TraceWriter, type TraceWriterOptions } from './trace-writer.js';

/** What the gateway's thread asks of the trace-write thread; every request gets one `done` with its id. */
export type TraceWriteRequest =
  | { type: 'write'; id: number; batch: PortableTrace[]; durable: boolean }
  | { type: 'flush'; id: number }
  | { type: 'close'; id: number };

export type TraceWriteReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; error?: string; lagging: Record<string, number> }
  | { type: 'log'; line: string };

export interface TraceWriteWorkerData {
  store: StoreConfig;
  batchSize: number;
  flushIntervalMs: number;
  /** How the derived views get the stored batches (TraceWriterOptions.fanOut). */
  fanOut?: TraceWriterOptions['fanOut'];
  /** How many low-confidence traces the review sampler queues (`review.low_confidence`; default when absent). */
  lowConfidence?: ReviewConfig['low_confidence'];
}

/**
 * How far this thread's nice value sits above the gateway's. In `bench:gateway` the whole process
 * is pinned to one core, where the thread's batches (inserts and views, several ms per 128 traces)
 * time-slice against the event loop: at equal priority the loop gets half the core while a batch
 * runs, at +3 about two thirds (CFS weights 1024 : 526), so requests wait less behind it. Not
 * more: the thread needs about a quarter of the loop's CPU (0.15-0.25 ms per trace against
 * 0.7-1 ms per request on SQLite), and with the loop saturated (256 connections for 30 s) its
 * backlog stayed bounded at +2 and +3 (≤ 314 traces) but kept growing at +5 and +7 (1,465 and
 * 1,887 when the run ended); past 10,000 queued traces the writer keeps new ones without bodies.
 */
const TRACE_THREAD_NICE = 3;

/**
 * The thread that owns a gateway's trace writes: it inserts each batch the gateway's writer posts
 * (and answers once it is committed), then derives the views from it — rollups, the review
 * sampler, monitoring signals, and on SQLite the search index — so none of that holds the event
 * loop that serves requests. It has a connection of its own (a SQLite connection, a small
 * PostgreSQL pool); the gateway's thread keeps its own for reads and the other stores.
 */
async function serve(port: NonNullable<typeof parentPort>, data: TraceWriteWorkerData): Promise<void> {
  lowerThreadPriority(TRACE_THREAD_NICE);
  // Woken by every batch the loop posts; without this it preempted the loop inside postMessage.
  batchScheduleThread();
  nameThread('sy-trace-write');
  const reply = (message: TraceWriteReply) => port.postMessage(message);
  let stores: TraceWriteStores;
  try {
    stores = await openWriteStores(data.store);
  } catch (error) {
    reply({ type: 'failed', message: (error as Error).message });
    return;
  }
  const log = (line: string) => reply({ type: 'log', line });
  // The batches arrive committed: this writer only fans them out to the derived views, with the
  // writer's retries, ordering and bounded lag.
  const views = new TraceWriter(
    { store: { name: 'traces', write: async () => {} }, derived: traceSinks(stores, data.lowConfidence).derived },
    { batchSize: data.batchSize, flushIntervalMs: data.flushIntervalMs, ...(data.fanOut ? { fanOut: data.fanOut } : {}), onError: (error, sink) => log(`trace ${sink} write failed, will retry: ${(error as Error).message}`) },
  );
  const done = (id: number, error?: unknown) => reply({ type: 'done', id, ...(error === undefined ? {} : { error: (error as Error).message ?? String(error) }), lagging: views.lagging });

  port.on('message', async (request: TraceWriteRequest) => {
    try {
      if (request.type === 'write') {
        const batch = request.batch.map(revivedTrace);
        await stores.traces.insertTraces(batch, { durable: request.durable });
        done(request.id);
        for (const trace of batch) views.write(trace);
      } else if (request.type === 'flush') {
        await views.flush();
        await stores.settle();
        done(request.id);
      } else {
        await views.flush();
        await stores.close();
        done(request.id);
        port.close();
      }
    } catch (error) {
      done(request.id, error);
    }
  });
  reply({ type: 'ready' });
}

/** The stores a trace batch touches, on connections of this thread's own (the other stores stay unloaded). */
async function openWriteStores(store: StoreConfig): Promise<TraceWriteStores> {
  if ('postgres' in store) {
    const { openPostgresWriteStores } = await import('./postgres/open-postgres-write-stores.js');
    return openPostgresWriteStores(store.postgres);
  }
  const { openSqliteWriteStores } = await import('./sqlite/open-sqlite-write-stores.js');
  return openSqliteWriteStores(store.sqlite);
}

if (parentPort) void serve(parentPort, workerData as TraceWriteWorkerData);
