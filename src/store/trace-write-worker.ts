import { parentPort, workerData } from 'node:worker_threads';
import type { ReviewConfig, StoreConfig } from '../config/schema.js';
import { BacklogPriority } from '../core/backlog-priority.js';
import { batchScheduleThread, lowerThreadPriority, nameThread, threadId } from '../core/thread-priority.js';
import { type PortableTrace, revivedTrace } from './portable-trace.js';
import type { TraceWriteStores } from './stores.js';
import { traceSinks } from './trace-sinks.js';
import { TraceWriter, type TraceWriterOptions } from './trace-writer.js';
import type { LogLevel } from '../core/log.js';

/** What the gateway's thread asks of the trace-write thread; every request gets one `done` with its id. */
export type TraceWriteRequest =
  | { type: 'write'; id: number; batch: PortableTrace[]; durable: boolean; backlog?: number }
  | { type: 'flush'; id: number }
  | { type: 'backlog'; id: number }
  | { type: 'retain'; id: number; op: RetentionOp; args: unknown[] }
  | { type: 'close'; id: number };

/**
 * The statements trace retention runs, done on this thread's connection so that none holds the
 * event loop (on SQLite a statement is synchronous: a pass stalled the gateway 1.1–2.6 s).
 */
export type RetentionOp = 'pruneTraces' | 'nthNewestTs' | 'pruneSpans' | 'pruneSignals' | 'stripTexts' | 'listDocs' | 'putDoc' | 'compact';

export type TraceWriteReply =
  /** `boost`: this thread's task id and the nice value to give it when handing it a batch (it may be at 19 deriving views). */
  | { type: 'ready'; boost?: { tid: number; nice: number } }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; error?: string; lagging: Record<string, number>; backlog?: number; value?: unknown }
  | { type: 'log'; line: string; level: LogLevel };

export interface TraceWriteWorkerData {
  store: StoreConfig;
  batchSize: number;
  flushIntervalMs: number;
  /** How the derived views get the stored batches (TraceWriterOptions.fanOut). */
  fanOut?: TraceWriterOptions['fanOut'];
  /** Rollups summed over batches and written at once (gatheredRollupSink; PostgreSQL). */
  gatherRollups?: { traces: number; intervalMs: number };
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
 * The thread's nice value above the gateway's while it derives the views from committed batches
 * and keeps up (BacklogPriority): 19, the lowest priority, so on a core it shares with the event
 * loop that work runs in the time the loop leaves idle and hardly ever preempts it. A batch is
 * committed at TRACE_THREAD_NICE, and the gateway sets that value as it posts one (the boost in
 * the 'ready' reply), since the batch would otherwise wait behind view work at 19 while the
 * gateway holds its traces: at 19 throughout, the loop's heap promoted 0.59 MB per scavenge
 * against 0.21 (bench:gateway's SQLite cell, 64 connections; heap 34 -> 103 MB in 15 s, RSS
 * 268 MB), with the hand-over at +3 0.19. Once the gateway holds TRACE_THREAD_BEHIND_BATCHES
 * batches for it (or a view trails by as many), TRACE_THREAD_NICE throughout until the backlog is
 * down to one batch. Only where the thread may lower its nice value again (CAP_SYS_NICE or
 * RLIMIT_NICE); elsewhere it stays at TRACE_THREAD_NICE. Measured in docs/measurements.md
 * ("the trace thread's priority").
 */
const TRACE_THREAD_IDLE_NICE = 19;
const TRACE_THREAD_BEHIND_BATCHES = 4;

/**
 * The thread that owns a gateway's trace writes: it inserts each batch the gateway's writer posts
 * (and answers once it is committed), then derives the views from it — rollups, the review
 * sampler, monitoring signals, and on SQLite the search index — so none of that holds the event
 * loop that serves requests. It has a connection of its own (a SQLite connection, a small
 * PostgreSQL pool); the gateway's thread keeps its own for reads and the other stores.
 */
async function serve(port: NonNullable<typeof parentPort>, data: TraceWriteWorkerData): Promise<void> {
  const priority = BacklogPriority.forThisThread({
    keepingUp: TRACE_THREAD_IDLE_NICE,
    behind: TRACE_THREAD_NICE,
    behindAt: TRACE_THREAD_BEHIND_BATCHES * data.batchSize,
    caughtUpAt: data.batchSize,
  });
  if (!priority) lowerThreadPriority(TRACE_THREAD_NICE);
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
  // Every line the thread logs is a write it will retry.
  const log = (line: string) => reply({ type: 'log', line, level: 'warn' });
  // The batches arrive committed: this writer only fans them out to the derived views, with the
  // writer's retries, ordering and bounded lag.
  const views = new TraceWriter(
    {
      store: { name: 'traces', write: async () => {} },
      derived: traceSinks(stores, data.lowConfidence, data.gatherRollups ? { gatherRollups: { ...data.gatherRollups, onError: (error) => log(`trace rollups write failed, will retry: ${(error as Error).message}`) } } : {}).derived,
    },
    { batchSize: data.batchSize, flushIntervalMs: data.flushIntervalMs, ...(data.fanOut ? { fanOut: data.fanOut } : {}), onError: (error, sink) => log(`trace ${sink} write failed, will retry: ${(error as Error).message}`) },
  );
  const done = (id: number, error?: unknown) => reply({ type: 'done', id, ...(error === undefined ? {} : { error: (error as Error).message ?? String(error) }), lagging: views.lagging });

  port.on('message', async (request: TraceWriteRequest) => {
    try {
      if (request.type === 'write') {
        if (request.backlog !== undefined) priority?.update(request.backlog + Math.max(0, ...Object.values(views.lagging)));
        // The gateway holds the batch until it is committed: that part at the usual priority, the views after it at the low one.
        priority?.urgent(true);
        const batch = request.batch.map(revivedTrace);
        try {
          await stores.traces.insertTraces(batch, { durable: request.durable });
        } finally {
          priority?.urgent(false);
        }
        done(request.id);
        for (const trace of batch) views.write(trace);
      } else if (request.type === 'retain') {
        reply({ type: 'done', id: request.id, lagging: views.lagging, value: await retain(stores, request.op, request.args) });
      } else if (request.type === 'backlog') {
        reply({ type: 'done', id: request.id, lagging: views.lagging, backlog: await views.backlog() });
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
  const tid = threadId();
  reply(priority?.urgentNice !== undefined && tid !== undefined ? { type: 'ready', boost: { tid, nice: priority.urgentNice } } : { type: 'ready' });
}

/** Runs one of retention's statements on this thread's stores. */
async function retain(stores: TraceWriteStores, op: RetentionOp, args: unknown[]): Promise<unknown> {
  const call = (target: object | undefined, name: string): Promise<unknown> => {
    const method = (target as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined> | undefined)?.[name];
    if (!method) throw new Error(`this store does not run ${op} on the trace-write thread`);
    return method.apply(target, args);
  };
  switch (op) {
    case 'pruneTraces':
    case 'nthNewestTs':
      return call(stores.traces, op);
    case 'pruneSpans':
      return call(stores.spans, op);
    case 'compact':
      return call(stores, op);
    default:
      return call(stores.monitor, op);
  }
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
