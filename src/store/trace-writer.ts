import type { TraceRecord, TraceStore } from '../core/trace.js';

export interface TraceWriterOptions {
  batchSize: number;
  flushIntervalMs: number;
  /** Called when a flush fails; the batch stays queued and is tried again. */
  onError?: (error: unknown) => void;
  /**
   * Past this many queued traces (the store is failing: disk full, locked), new traces are kept
   * without their bodies, so a long outage costs bounded memory and still loses no trace.
   */
  maxQueuedWithBodies?: number;
}

/**
 * Takes traces off the request path: `write` only pushes to an array. A flush runs when a batch
 * is full (on the next turn of the event loop) or on a timer, writing at most one batch per
 * turn so a backlog never holds the loop for long. A failed write (disk full, database locked)
 * keeps the batch and retries with backoff: an accepted trace is not dropped.
 */
export class TraceWriter {
  private queue: TraceRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private retryDelayMs = 0;
  private written = 0;

  constructor(
    private readonly store: TraceStore,
    private readonly options: TraceWriterOptions,
  ) {}

  write(trace: TraceRecord): void {
    if (this.queue.length >= (this.options.maxQueuedWithBodies ?? 10_000) && (trace.request !== null || trace.response !== null)) {
      trace.request = null;
      trace.response = null;
      trace.decisions = { ...trace.decisions, bodies: 'dropped: the trace store was behind' };
    }
    this.queue.push(trace);
    if (this.queue.length >= this.options.batchSize) this.scheduleSoon();
    else this.arm();
  }

  /** Traces accepted but not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  get totalWritten(): number {
    return this.written;
  }

  /** Writes everything queued; resolves when the store has it (used on shutdown and in tests). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 || this.flushing) {
      await (this.flushing ?? this.flushBatch());
      if (this.retryDelayMs > 0 && this.queue.length > 0) await new Promise((r) => setTimeout(r, this.retryDelayMs));
    }
  }

  private arm(): void {
    if (this.timer || this.scheduled) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.scheduleSoon();
    }, this.options.flushIntervalMs + this.retryDelayMs);
    this.timer.unref();
  }

  private scheduleSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing) void this.flushBatch();
    });
  }

  private flushBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.options.batchSize);
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.store
      .insertTraces(batch)
      .then(() => {
        this.written += batch.length;
        this.retryDelayMs = 0;
      })
      .catch((error: unknown) => {
        this.queue.unshift(...batch);
        this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 100), 5_000);
        this.options.onError?.(error);
      })
      .finally(() => {
        this.flushing = undefined;
        if (this.queue.length >= this.options.batchSize) this.scheduleSoon();
        else if (this.queue.length > 0) this.arm();
      });
    return this.flushing;
  }
}
