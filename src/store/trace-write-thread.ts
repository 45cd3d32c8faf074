import { setPriority } from 'node:os';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { compiledWorker } from '../core/compiled-worker.js';
import type { TraceSink } from '../core/trace-store.js';
import { type PortableTrace, portableTrace } from './portable-trace.js';
import type { RetentionOp, TraceWriteReply, TraceWriteRequest, TraceWriteWorkerData } from './trace-write-worker.js';
import type { TraceRetentionDeps } from '../monitor/trace-retention.js';
import type { Log } from '../core/log.js';

type Pending = { resolve: (reply: { backlog: number; value: unknown }) => void; reject: (error: Error) => void };

/**
 * The thread's young generation, in MB (V8 sizes it as three semi-spaces' worth), where each
 * batch goes to the views as soon as it is stored (SQLite): V8's default for a worker grew its new
 * space to 16 MB under load, all of it resident, for batches it keeps a few milliseconds; with
 * this cap 8 MB, at the same CPU per trace. Not where the views get batches gathered up to 1,024
 * traces (`fanOut`, PostgreSQL): those outlive a small young generation and were promoted, and
 * bench:gateway read that cell's peak RSS and CPU higher. docs/measurements.md ("Where the
 * gateway's memory goes"). Measured again once the search words no longer kept bodies alive
 * (2026-12-03, "the PostgreSQL trace-write thread's heap"): at 12 MB the thread's heap 55 -> 37 MB,
 * but its CPU +6 µs a trace (~11 kB allocated a trace: a scavenge every few hundred).
 */
export const TRACE_THREAD_YOUNG_GENERATION_MB = 12;
type Request = TraceWriteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The gateway's end of the trace-write thread (trace-write-worker.ts): `sink()` is the
 * trace writer's store, whose `write` resolves once the thread has committed the batch, and whose
 * `flush` waits until the thread's derived views (rollups, review sampler, signals) have it too.
 * A thread that dies is started again on the next write; the batch it had not committed is
 * retried by the writer, and a batch written twice replaces itself.
 *
 * @example
 * const thread = await TraceWriteThread.open({ store: { sqlite: 'sy.db' }, batchSize: 128, flushIntervalMs: 100 }, log);
 * const writer = new TraceWriter({ store: thread.sink() }, options); … await writer.flush(); await thread.close();
 */
export class TraceWriteThread {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lastLagging: Record<string, number> = {};
  /** The thread's task and the nice value a batch is handed over with (the thread derives views at a lower priority). */
  private boost: { tid: number; nice: number } | undefined;

  private constructor(
    private readonly data: TraceWriteWorkerData,
    private readonly log: Log,
  ) {}

  /** Starts the thread and resolves once it has the file open (rejects with why it could not). */
  static async open(data: TraceWriteWorkerData, log: Log): Promise<TraceWriteThread> {
    const thread = new TraceWriteThread(data, log);
    await thread.started();
    return thread;
  }

  /**
   * The writer's store: `durable` commits with a full sync (the trace journal deletes what it
   * acknowledged); `backlog`, the traces still waiting on this side when a batch goes, tells the
   * thread whether it keeps up (it runs at a low priority while it does).
   */
  sink(options: { durable?: boolean; backlog?: () => number } = {}): TraceSink {
    const durable = options.durable ?? false;
    const backlog = options.backlog;
    return {
      name: 'traces',
      write: async (batch) => {
        await this.request(backlog ? { type: 'write', batch: batch.map(portableTrace), durable, backlog: backlog() } : { type: 'write', batch: batch.map(portableTrace), durable });
      },
      flush: async () => {
        await this.request({ type: 'flush' });
      },
      lagging: () => this.lastLagging,
      // The views the thread derives after each batch, still to apply.
      backlog: () => (this.worker ? this.request({ type: 'backlog' }) : 0),
    };
  }

  /**
   * Retention's stores, whose statements run on this thread's connection: on SQLite each is
   * synchronous, and on the event loop a pass held requests for seconds. Only where the thread's
   * stores have spans and compaction (SQLite); elsewhere undefined, and retention keeps the
   * gateway's own stores (PostgreSQL's statements do not hold the loop).
   */
  retentionStores(): Pick<TraceRetentionDeps, 'store' | 'spans' | 'signals' | 'compact'> | undefined {
    if (!('sqlite' in this.data.store)) return undefined;
    const run = <T>(op: RetentionOp, ...args: unknown[]) => this.call(op, args) as Promise<T>;
    return {
      store: { pruneTraces: (pruning) => run('pruneTraces', pruning), nthNewestTs: (n) => run('nthNewestTs', n) },
      spans: { pruneSpans: (before, limit) => run('pruneSpans', before, limit) },
      signals: {
        pruneSignals: (before, limit) => run('pruneSignals', before, limit),
        stripTexts: (range) => run('stripTexts', range),
        listDocs: (kind, options) => run('listDocs', kind, options),
        putDoc: (doc) => run('putDoc', doc),
      },
      compact: (maxPages) => run('compact', maxPages),
    };
  }

  private async call(op: RetentionOp, args: unknown[]): Promise<unknown> {
    return (await this.exchange({ type: 'retain', op, args })).value;
  }

  /** The heap limits the running thread was started with (undefined before it starts or after it ends). */
  heapLimits(): ResourceLimits | undefined {
    return this.worker?.resourceLimits;
  }

  /** Applies what the thread holds, closes its connection and ends it. */
  async close(): Promise<void> {
    if (!this.worker && !this.starting) return;
    await this.request({ type: 'close' });
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** Sends `request` and resolves when the thread has done it, with the backlog it reports (0 when it reports none). */
  private async request(request: Request): Promise<number> {
    return (await this.exchange(request)).backlog;
  }

  /** Sends `request` and resolves with the thread's answer to it. */
  private async exchange(request: Request): Promise<{ backlog: number; value: unknown }> {
    const worker = await this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The batch waits in the thread's queue until the view work in hand is done: at the priority it
      // commits at, so the gateway does not hold the traces (and promote them) meanwhile.
      if (request.type === 'write' && this.boost) {
        try {
          setPriority(this.boost.tid, this.boost.nice);
        } catch {
          this.boost = undefined;
        }
      }
      try {
        worker.postMessage({ ...request, id });
      } catch (error) {
        // Something in a trace a thread cannot take (a function, a class): send it as plain JSON.
        if (request.type !== 'write') throw error;
        worker.postMessage({ ...request, id, batch: JSON.parse(JSON.stringify(request.batch)) as PortableTrace[] });
      }
    });
  }

  private started(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(compiledWorker(new URL('./trace-write-worker.js', import.meta.url)), {
        workerData: this.data,
        ...(this.data.fanOut === undefined ? { resourceLimits: { maxYoungGenerationSizeMb: TRACE_THREAD_YOUNG_GENERATION_MB } } : {}),
      });
      worker.on('message', (reply: TraceWriteReply) => {
        if (reply.type === 'ready') {
          this.boost = reply.boost;
          this.worker = worker;
          this.starting = undefined;
          resolve(worker);
        } else if (reply.type === 'failed') {
          this.starting = undefined;
          reject(new Error(reply.message));
        } else if (reply.type === 'log') {
          this.log(reply.line, { level: reply.level });
        } else {
          this.lastLagging = reply.lagging;
          const waiting = this.pending.get(reply.id);
          this.pending.delete(reply.id);
          if (reply.error === undefined) waiting?.resolve({ backlog: reply.backlog ?? 0, value: reply.value });
          else waiting?.reject(new Error(reply.error));
        }
      });
      worker.on('error', (error) => this.log(`trace write thread failed: ${error.message}`, { level: 'error', error }));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (this.starting && !this.worker) {
          this.starting = undefined;
          reject(new Error(`the trace write thread exited with code ${code} before it opened the store`));
        }
        for (const waiting of this.pending.values()) waiting.reject(new Error(`the trace write thread exited with code ${code}`));
        this.pending.clear();
      });
    });
    return this.starting;
  }
}
