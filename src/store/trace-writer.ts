import type { TraceRecord } from '../core/trace.js';
import type { TraceSink } from '../core/trace-store.js';

/** Where the writer's batches go. */
export interface TraceWriterSinks {
  /** The trace store: a batch is retried here until it succeeds, and only then fanned out. */
  store: TraceSink;
  /**
   * Views derived from stored traces (rollups, the review sampler; later drift and exporters).
   * Each gets every stored batch once, in order; one that fails falls behind on its own and is
   * retried without holding up the store or the other sinks.
   */
  derived?: readonly TraceSink[];
}

export interface TraceWriterOptions {
  batchSize: number;
  /**
   * The batch one write takes once at least this many traces wait (default `batchSize`): a
   * database over the network pays per statement, so catching up on a backlog in larger batches
   * costs it less per trace. Below it batches stay at `batchSize`, so a replica killed under
   * ordinary load loses no more than before.
   */
  maxBatchSize?: number;
  flushIntervalMs: number;
  /**
   * Derived sinks get the stored batches gathered up to `traces` (at most 1,024), or what was
   * stored within `intervalMs` of the last hand-over, instead of each batch as soon as it is
   * stored (the default). A view over the network pays mostly per write (PostgreSQL rollups
   * upsert the same ~90 rows for 128 traces as for 1,024), so it then costs a fraction per trace;
   * the views trail the store by up to `intervalMs` (the store itself is not held back).
   */
  fanOut?: { traces: number; intervalMs: number };
  /**
   * Store writes that may run at once (default 1). Each trace goes to the lane its id hashes to,
   * and a lane writes one batch at a time, so two writes of one trace id are stored in the order
   * they were made, while batches of different lanes commit side by side: a database server with
   * cores to spare (PostgreSQL) takes them in parallel, and the next batch's rows are built while
   * the last one is written. Derived sinks get the batches in the order they were stored.
   */
  storeLanes?: number;
  /**
   * This process's name (core/replica-name.ts), set on each trace of a batch as it goes to the
   * store, off the request path. A trace that already names one (restored, copied) keeps it.
   */
  replica?: string;
  /** Called when a sink fails; the store's batch stays queued, a derived sink's is retried. */
  onError?: (error: unknown, sink: string) => void;
  /**
   * Past this many queued traces (the store is failing: disk full, locked), new traces are kept
   * without their bodies, so a long outage costs bounded memory and still loses no trace.
   */
  maxQueuedWithBodies?: number;
  /**
   * Traces a failing derived sink may fall behind by; past it its oldest batches are dropped
   * (and reported), so a broken view never grows memory without bound. Default 10,000.
   */
  maxLaggingTraces?: number;
}

/** Batches the derived sinks may trail the store by before the store waits for them. */
const FANNING_BATCHES = 4;
/** The most traces one merged write to a derived sink carries. */
const MERGED_TRACES = 1_024;

/** One lane of store writes: its share of the queue, written one batch at a time. */
interface Lane {
  queue: TraceRecord[];
  flushing: Promise<void> | undefined;
  retryDelayMs: number;
  /** Its last store write failed: it waits for the timer (armed with its retry delay), a full queue too. */
  waiting: boolean;
}

interface DerivedState {
  sink: TraceSink;
  /** Stored batches this sink has not applied yet, oldest first. */
  lagging: (readonly TraceRecord[])[];
  laggingTraces: number;
}

/**
 * Takes traces off the request path: `write` only pushes to an array. A flush runs when a batch
 * is full (on the next turn of the event loop) or on a timer, writing at most one batch per turn
 * so a backlog never holds the loop for long. The store gets the batch first; a failed write
 * (disk full, database locked) keeps the batch and retries with backoff, so an accepted trace is
 * not dropped. Then every derived sink gets it, each in its own transaction, while the store
 * already writes the next batches (up to a few batches ahead).
 *
 * Sinks are asynchronous and see whole batches only: the gateway's store sink posts each batch to
 * the trace-write thread (trace-write-thread.ts), which resolves once it has committed it and runs
 * the derived sinks there.
 *
 * @example
 * const writer = new TraceWriter({ store: storeSink(stores.traces), derived: [rollupSink(stores.rollups)] }, { batchSize: 128, flushIntervalMs: 100 });
 * writer.write(trace); await writer.flush();
 */
export class TraceWriter {
  private readonly lanes: Lane[];
  /** Traces queued over all lanes. */
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  /** The flush timer went off: lanes with a partial batch write it too. */
  private due = false;
  /** The deliveries to the derived sinks still running, chained in batch order; store writes overlap them. */
  private fanning: Promise<void> = Promise.resolve();
  /** Stored traces handed to the derived sinks whose delivery has not finished. */
  private fanningTraces = 0;
  /** Stored batches not yet handed to the derived sinks (gathering up to `fanOut.traces`), and their traces. */
  private gatheredBatches: (readonly TraceRecord[])[] = [];
  private gathered = 0;
  private lastFanOut = performance.now();
  private written = 0;
  /** Traces in the store writes under way. */
  private storing = 0;
  private failing: { since: number; error: string } | undefined;
  private readonly store: TraceSink;
  private readonly derived: DerivedState[];

  constructor(
    sinks: TraceWriterSinks,
    private readonly options: TraceWriterOptions,
  ) {
    this.store = sinks.store;
    this.lanes = Array.from({ length: Math.max(1, Math.floor(options.storeLanes ?? 1)) }, () => ({ queue: [], flushing: undefined, retryDelayMs: 0, waiting: false }));
    this.derived = (sinks.derived ?? []).map((sink) => ({ sink, lagging: [], laggingTraces: 0 }));
  }

  write(trace: TraceRecord): void {
    if (this.queued >= (this.options.maxQueuedWithBodies ?? 10_000) && (trace.request !== null || trace.response !== null)) {
      trace.request = null;
      trace.response = null;
      trace.decisions = { ...trace.decisions, bodies: 'dropped: the trace store was behind' };
    }
    const lane = this.laneOf(trace.id);
    lane.queue.push(trace);
    this.queued++;
    if (lane.queue.length >= this.options.batchSize) this.scheduleSoon();
    else this.arm();
  }

  /** Traces accepted and queued, not yet handed to the store. */
  get pending(): number {
    return this.queued;
  }

  /**
   * Traces accepted that the store does not have yet: queued, or in a store write under way (a
   * reader that missed one there can `flush` and find it).
   */
  get unstored(): number {
    return this.queued + this.storing;
  }

  /**
   * Since when (epoch ms) the store has refused every batch, and its last error; undefined while
   * it takes them. Calls go on being answered meanwhile, so `/health` says so from this.
   */
  get storeFailing(): { since: number; error: string } | undefined {
    return this.failing;
  }

  /**
   * Traces accepted whose writing is not over: queued, being stored, or stored and not yet applied
   * by every derived view (a trace-write thread's included). Zero once the writer is idle, so a
   * benchmark can close a measuring window on the CPU its requests' traces cost (`/health`
   * `trace_backlog`).
   */
  async backlog(): Promise<number> {
    const sinks = await Promise.all([this.store, ...this.derived.map((d) => d.sink)].map((sink) => sink.backlog?.() ?? 0));
    const delivering = Math.max(this.fanningTraces, 0, ...this.derived.map((d) => d.laggingTraces));
    return this.queued + this.storing + this.gathered + delivering + sinks.reduce((sum, n) => sum + n, 0);
  }

  /** Traces the store has. */
  get totalWritten(): number {
    return this.written;
  }

  /** Stored traces each derived sink has not applied yet, by sink name. */
  get lagging(): Record<string, number> {
    return { ...this.store.lagging?.(), ...Object.fromEntries(this.derived.map((d) => [d.sink.name, d.laggingTraces + this.gathered])) };
  }

  /**
   * Writes everything queued, gives every derived sink one more try at what it missed and has
   * those that gather (their `flush`) write what they hold; resolves when the store has it all
   * (used on shutdown and in tests).
   */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queued > 0 || this.lanes.some((lane) => lane.flushing)) {
      await Promise.all(this.lanes.map((lane) => lane.flushing ?? (lane.queue.length > 0 ? this.cycle(lane) : undefined)));
      const retryDelayMs = Math.max(0, ...this.lanes.filter((lane) => lane.queue.length > 0).map((lane) => lane.retryDelayMs));
      if (retryDelayMs > 0) await new Promise((r) => setTimeout(r, retryDelayMs));
    }
    await this.fanning;
    if (this.gathered > 0 || this.derived.some((d) => d.lagging.length > 0)) {
      const lane = this.lanes[0] as Lane;
      await (lane.flushing ?? this.cycle(lane));
      await this.fanning;
    }
    // A derived sink that gathers what it was handed (gatheredRollupSink) writes it now.
    for (const { sink } of this.derived) {
      try {
        await sink.flush?.();
      } catch (error) {
        this.options.onError?.(error, sink.name);
      }
    }
    await this.store.flush?.();
  }

  /** The lane of a trace id (FNV-1a of its characters): the same id always takes the same lane. */
  private laneOf(id: string): Lane {
    if (this.lanes.length === 1) return this.lanes[0] as Lane;
    let hash = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    return this.lanes[(hash >>> 0) % this.lanes.length] as Lane;
  }

  private arm(): void {
    if (this.timer || this.scheduled) return;
    // The delay covers the retry delay of every lane waiting now: those may go when it fires.
    const released = this.lanes.filter((lane) => lane.waiting);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        for (const lane of released) lane.waiting = false;
        this.scheduleSoon(true);
      },
      this.options.flushIntervalMs + Math.max(...this.lanes.map((lane) => lane.retryDelayMs)),
    );
    this.timer.unref();
  }

  private scheduleSoon(due = false): void {
    if (due) this.due = true;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * Starts one lane's batch (one per turn of the event loop): a lane with a full batch, or once
   * the timer went off, one with any; with nothing to store and every lane idle, a cycle that
   * only hands the derived sinks what waits.
   */
  private pump(): void {
    const ready = (lane: Lane) => !lane.flushing && !lane.waiting && lane.queue.length > 0 && (this.due || lane.queue.length >= this.options.batchSize);
    const lane = this.lanes.find(ready) ?? (this.due && this.lanes.every((l) => !l.flushing && !l.waiting) ? this.lanes[0] : undefined);
    if (lane) void this.cycle(lane);
    if (this.lanes.some(ready)) this.scheduleSoon();
    else {
      this.due = false;
      // A lane waiting out its retry delay is tried again when the timer goes off.
      if (this.lanes.some((l) => l.queue.length > 0 && !l.flushing)) this.arm();
    }
  }

  /** One batch of a lane to the store and out to the derived sinks (or, with nothing queued, a retry of what they missed). */
  private cycle(lane: Lane): Promise<void> {
    lane.flushing = this.flushBatch(lane).finally(() => {
      lane.flushing = undefined;
      // A full batch goes at once, unless its lane's store write just failed: then it waits its
      // retry delay (a store that refuses at once, such as a database whose port is closed, was
      // retried in a loop: half a core and a log line every 70 ms with no traffic at all).
      if (this.lanes.some((l) => !l.flushing && !l.waiting && l.queue.length >= this.options.batchSize)) this.scheduleSoon();
      else if (this.queued > 0 || this.gathered > 0 || this.derived.some((d) => d.lagging.length > 0)) this.arm();
    });
    return lane.flushing;
  }

  private async flushBatch(lane: Lane): Promise<void> {
    const max = Math.max(this.options.maxBatchSize ?? 0, this.options.batchSize);
    const batch = lane.queue.splice(0, lane.queue.length >= max ? max : this.options.batchSize);
    this.queued -= batch.length;
    const replica = this.options.replica;
    if (replica !== undefined) for (const trace of batch) trace.replica ??= replica;
    if (batch.length > 0) {
      this.storing += batch.length;
      try {
        await this.store.write(batch);
      } catch (error) {
        lane.queue.unshift(...batch);
        this.queued += batch.length;
        lane.retryDelayMs = Math.min(Math.max(lane.retryDelayMs * 2, 100), 5_000);
        lane.waiting = true;
        this.failing = { since: this.failing?.since ?? Date.now(), error: (error as Error).message ?? String(error) };
        this.options.onError?.(error, this.store.name);
        return;
      } finally {
        this.storing -= batch.length;
      }
      this.written += batch.length;
      lane.retryDelayMs = 0;
      lane.waiting = false;
      this.failing = undefined;
    }
    // The store has the batch; the derived sinks get it after the batches before it, one delivery
    // at a time so each sees them in order, while the store goes on with the next ones: a slow view
    // (rollups on a busy database) must not keep traces out of the store, where a killed process
    // would lose them. Past a few batches behind, the store waits, so the backlog stays bounded.
    if (batch.length > 0 && this.derived.length > 0) {
      this.gatheredBatches.push(batch);
      this.gathered += batch.length;
    }
    // A cycle without a new batch (the timer, a retry, a flush) always hands over what waits.
    const gather = Math.min(this.options.fanOut?.traces ?? 0, MERGED_TRACES);
    if (batch.length > 0 && this.gathered < gather && performance.now() - this.lastFanOut < (this.options.fanOut?.intervalMs ?? 0)) return;
    const handed = this.gathered;
    for (const state of this.derived) {
      state.lagging.push(...this.gatheredBatches);
      state.laggingTraces += handed;
    }
    this.gatheredBatches = [];
    this.gathered = 0;
    this.lastFanOut = performance.now();
    this.fanningTraces += handed;
    this.fanning = this.fanning
      .then(() => Promise.all(this.derived.map((state) => this.deliver(state))))
      .then(() => {
        this.fanningTraces -= handed;
      });
    if (this.fanningTraces > Math.max(FANNING_BATCHES * this.options.batchSize, 2 * gather)) await this.fanning;
  }

  /**
   * Hands a sink the stored batches it has not applied, oldest first; stops at the first failure.
   * Batches that piled up while the sink was slow go as one write (up to MERGED_TRACES traces):
   * a view's cost is mostly per write (rollups upsert the same few rows for any batch size).
   */
  private async deliver(state: DerivedState): Promise<void> {
    while (state.lagging.length > 0) {
      let take = 1;
      let traces = (state.lagging[0] as readonly TraceRecord[]).length;
      while (take < state.lagging.length && traces + (state.lagging[take] as readonly TraceRecord[]).length <= MERGED_TRACES) {
        traces += (state.lagging[take] as readonly TraceRecord[]).length;
        take++;
      }
      const next = take === 1 ? (state.lagging[0] as readonly TraceRecord[]) : state.lagging.slice(0, take).flat();
      try {
        await state.sink.write(next);
      } catch (error) {
        this.options.onError?.(error, state.sink.name);
        this.trim(state);
        return;
      }
      state.lagging.splice(0, take);
      state.laggingTraces -= traces;
    }
  }

  private trim(state: DerivedState): void {
    const limit = this.options.maxLaggingTraces ?? 10_000;
    let dropped = 0;
    while (state.laggingTraces > limit && state.lagging.length > 1) {
      const oldest = state.lagging.shift() as readonly TraceRecord[];
      state.laggingTraces -= oldest.length;
      dropped += oldest.length;
    }
    if (dropped > 0) this.options.onError?.(new Error(`${state.sink.name} fell more than ${limit} traces behind: ${dropped} stored traces will not reach it`), state.sink.name);
  }
}
