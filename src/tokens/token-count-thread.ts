import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { compiledWorker } from '../core/compiled-worker.js';
import type { TokenCountReply, TokenCountRequest } from './token-count-worker.js';

/** The event loop counts as idle when it was busy less than this share of the last interval. */
const IDLE_UTILIZATION = 0.5;
const IDLE_CHECK_MS = 1_000;

interface Waiting {
  texts: string[];
  resolve: (counts: number[]) => void;
  reject: (error: Error) => void;
}

/**
 * The gateway's end of the token-count thread (token-count-worker.ts), started on the first
 * count. Texts asked for in one turn of the event loop go over in one message, so a busy gateway
 * pays one hand-off per turn, not one per count. The thread does not keep the process alive
 * while nothing waits on it; one that dies is started again by the next count.
 *
 * @example const [a, b] = await tokenCountThread().count(['hello', 'world']);
 */
export class TokenCountThread {
  private worker: Worker | undefined;
  private queued: Waiting[] = [];
  private scheduled = false;
  private readonly inFlight = new Map<number, Waiting[]>();
  private nextId = 1;
  private loadedWorker: Worker | undefined;
  private idleWatch: NodeJS.Timeout | undefined;

  constructor(private readonly idle = { utilization: IDLE_UTILIZATION, checkMs: IDLE_CHECK_MS }) {}

  /** Whether a count now is answered without first loading the tokenizer. */
  get loaded(): boolean {
    return this.worker !== undefined && this.loadedWorker === this.worker;
  }

  /**
   * Loads the tokenizer at the next moment the event loop is idle (busy under half of a second),
   * not now: its load is ~0.15–0.5 s of CPU and ~15 MB (~65 MB with gpt-tokenizer's module, before
   * o200k-counter.ts), which under load lands on the requests in
   * flight (measured: the streamed p99 +113 to +194 ms in the second the first cut stream was
   * counted). Until then callers that can do with an estimate use one (usageTokenCounter).
   */
  loadWhenIdle(): void {
    if (this.loaded || this.idleWatch) return;
    let last = performance.eventLoopUtilization();
    this.idleWatch = setInterval(() => {
      const now = performance.eventLoopUtilization();
      const busy = performance.eventLoopUtilization(now, last).utilization;
      last = now;
      if (busy >= this.idle.utilization) return;
      clearInterval(this.idleWatch);
      this.idleWatch = undefined;
      // A failed load is reported to the next caller that counts exactly.
      this.ready().catch(() => undefined);
    }, this.idle.checkMs).unref();
  }

  /** The o200k token count of each text, in order. */
  count(texts: string[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queued.push({ texts, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.send());
    });
  }

  /**
   * Starts the thread and resolves once its tokenizer is loaded. For a gateway that counts from
   * its first calls (a route with a local model counts its first 32 answers): while the tokenizer
   * loads, each call it answered waits for its count with its bodies held, ~2,000 calls a second
   * (peak RSS 330 MB against 229 MB when the first local answers started the load, measured
   * when every local answer was counted).
   */
  async ready(): Promise<void> {
    await this.count([]);
  }

  /** Ends the thread (a later count starts another). */
  async close(): Promise<void> {
    clearInterval(this.idleWatch);
    this.idleWatch = undefined;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private send(): void {
    this.scheduled = false;
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return;
    const id = this.nextId++;
    this.inFlight.set(id, batch);
    try {
      const worker = this.started();
      worker.ref();
      worker.postMessage({ id, texts: batch.flatMap((w) => w.texts) } satisfies TokenCountRequest);
    } catch (error) {
      this.inFlight.delete(id);
      for (const waiting of batch) waiting.reject(error as Error);
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    // Counting allocates little and briefly: a small young generation keeps ~10 MB of the
    // thread's memory (measured: +70 MB resident with the rank table loaded, against +80 MB).
    const worker = new Worker(compiledWorker(new URL('./token-count-worker.js', import.meta.url)), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    worker.on('message', (reply: TokenCountReply) => {
      const batch = this.inFlight.get(reply.id);
      this.inFlight.delete(reply.id);
      if (this.inFlight.size === 0) worker.unref();
      if (!batch) return;
      if (!('error' in reply)) this.loadedWorker = worker;
      if ('error' in reply) {
        for (const waiting of batch) waiting.reject(new Error(`token count failed: ${reply.error}`));
        return;
      }
      let at = 0;
      for (const waiting of batch) {
        waiting.resolve(reply.counts.slice(at, at + waiting.texts.length));
        at += waiting.texts.length;
      }
    });
    // 'exit' follows an error and rejects what waited, saying why.
    let failure = '';
    worker.on('error', (error) => {
      failure = `: ${error.message}`;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const error = new Error(`the token count thread exited with code ${code}${failure}`);
      for (const batch of this.inFlight.values()) for (const waiting of batch) waiting.reject(error);
      this.inFlight.clear();
    });
    this.worker = worker;
    return worker;
  }
}

let shared: TokenCountThread | undefined;

/** The process's token-count thread (one tokenizer per process, however many callers count). */
export function tokenCountThread(): TokenCountThread {
  shared ??= new TokenCountThread();
  return shared;
}
