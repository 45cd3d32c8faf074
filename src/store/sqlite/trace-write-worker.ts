import { parentPort, workerData } from 'node:worker_threads';
import { JsonText } from '../../core/json-text.js';
import type { TraceRecord } from '../../core/trace.js';
import { traceSinks } from '../trace-sinks.js';
import { TraceWriter } from '../trace-writer.js';
import { openDatabase } from './open-database.js';
import { SqliteMonitorStore } from './sqlite-monitor-store.js';
import { SqliteReviewStore } from './sqlite-review-store.js';
import { SqliteRollups } from './sqlite-rollups.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

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

/** A trace as it crosses threads: bodies as their JSON text (a `JsonText` would arrive as a plain object). */
export type PortableTrace = Omit<TraceRecord, 'request' | 'response'> & { request: string | null; response: string | null };

export interface TraceWriteWorkerData {
  path: string;
  batchSize: number;
  flushIntervalMs: number;
}

/**
 * The thread that owns the SQLite trace writes of a gateway: it inserts each batch the gateway's
 * writer posts (and answers once it is committed), then derives the views from it — rollups, the
 * review sampler, monitoring signals, the search index — so none of that holds the event loop
 * that serves requests. The gateway's thread keeps its own connection for reads and for the other
 * stores; WAL lets both work, and the busy timeout orders their writes.
 */
function serve(port: NonNullable<typeof parentPort>, data: TraceWriteWorkerData): void {
  let stores: ReturnType<typeof openWriteStores>;
  try {
    stores = openWriteStores(data.path);
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message } satisfies TraceWriteReply);
    return;
  }
  const { derived } = traceSinks(stores);
  // The batches arrive committed: this writer only fans them out to the derived views, with the
  // writer's retries, ordering and bounded lag.
  const views = new TraceWriter(
    { store: { name: 'traces', write: async () => {} }, derived },
    { batchSize: data.batchSize, flushIntervalMs: data.flushIntervalMs, onError: (error, sink) => log(`trace ${sink} write failed, will retry: ${(error as Error).message}`) },
  );
  const reply = (message: TraceWriteReply) => port.postMessage(message);
  const log = (line: string) => reply({ type: 'log', line });
  const done = (id: number, error?: unknown) => reply({ type: 'done', id, ...(error === undefined ? {} : { error: (error as Error).message ?? String(error) }), lagging: views.lagging });

  port.on('message', async (request: TraceWriteRequest) => {
    try {
      if (request.type === 'write') {
        const batch = request.batch.map(revive);
        await stores.traces.insertTraces(batch, { durable: request.durable });
        done(request.id);
        for (const trace of batch) views.write(trace);
      } else if (request.type === 'flush') {
        await views.flush();
        stores.rollups.flushCoarse();
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

/** The stores a trace batch touches, on a connection of this thread's own (the others stay unloaded). */
function openWriteStores(path: string) {
  // Migrated by the gateway's thread, which opened the file first.
  const db = openDatabase(path, []);
  const traces = new SqliteTraceStore(db);
  // The gateway's thread opened the file first and did the rollups' upkeep at open.
  const rollups = new SqliteRollups(db, { upkeep: false });
  return {
    traces,
    rollups,
    reviews: new SqliteReviewStore(db),
    monitor: new SqliteMonitorStore(db),
    async close() {
      rollups.flushCoarse();
      // What this thread wrote is searchable through the index by the next process to open the file.
      if (traces.wroteTraces) traces.indexAll();
      db.close();
    },
  };
}

function revive(trace: PortableTrace): TraceRecord {
  return { ...trace, request: trace.request === null ? null : new JsonText(trace.request), response: trace.response === null ? null : new JsonText(trace.response) };
}

if (parentPort) serve(parentPort, workerData as TraceWriteWorkerData);
