import type { ExampleStore, StoredExample } from '../examples/example-store.js';
import type { Log } from '../../core/log.js';

/**
 * A route's labelled examples on their way to the store: queued as they arrive (off the request
 * path) and stored in batches, one batch at a time; examples arriving meanwhile join the next.
 * A batch the store refuses is logged and dropped, never retried in a loop.
 *
 * @example
 * const buffer = new ExampleBuffer({ store, route: 'support-intent', log, stored: await store.count('support-intent'), onFlushed: retrainIfDue });
 * buffer.add({ route: 'support-intent', text: 'where is my card', label: 'card_arrival', source: 'teacher', traceId: null, at: Date.now() });
 * await buffer.written();
 */
export class ExampleBuffer {
  private pending: StoredExample[] = [];
  private flushing: Promise<void> | undefined;
  /** Examples in the store: those there at open, plus every batch stored since (or as `recount` last read them). */
  stored: number;
  /** Flushes started so far: a count read while one ran may or may not hold its batch. */
  private flushes = 0;

  constructor(
    private readonly deps: {
      store: ExampleStore;
      route: string;
      log: Log;
      /** How many the store held at open. */
      stored: number;
      /** Called after each flush (the caller may retrain now that the examples are stored). */
      onFlushed: () => void;
    },
  ) {
    this.stored = deps.stored;
  }

  /** Queues an example and starts storing if nothing is; false (not queued) for a blank text. */
  add(example: StoredExample): boolean {
    if (example.text.trim() === '') return false;
    this.pending.push(example);
    if (this.flushing === undefined) this.flushes++;
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      this.deps.onFlushed();
    });
    return true;
  }

  /** Examples stored and queued. */
  get count(): number {
    return this.stored + this.pending.length;
  }

  /**
   * Reads how many examples the store holds again: another process adds to it too (`local train
   * --route` keeps its file's examples there) or removes some (`models delete --examples`), and the
   * count read at open would go on saying 0 beside the CLI's 10,003. Kept as it was when a flush
   * ran meanwhile (its batch may or may not be in the figure read); the next call reads it again.
   */
  async recount(): Promise<void> {
    await this.written();
    const flushes = this.flushes;
    const stored = await this.deps.store.count(this.deps.route);
    if (flushes === this.flushes && this.flushing === undefined) this.stored = stored;
  }

  /** The flush in progress, if any (for `idle()`). */
  get busy(): Promise<void> | undefined {
    return this.flushing;
  }

  /**
   * Resolves once every example queued so far is stored (or refused), the batch being written
   * included (draining alone returned at once while another flush held that batch). What an
   * erasure, a correction or a retraining waits for before it reads a trace's examples.
   */
  async written(): Promise<void> {
    await this.flushing;
    await this.drain();
  }

  /** Stores what is queued, batch after batch, until nothing is. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.deps.store.add(batch);
        this.stored += batch.length;
      } catch (error) {
        this.deps.log(`local model ${this.deps.route}: could not store ${batch.length} examples: ${(error as Error).message}`, { level: 'error' });
      }
    }
  }
}
