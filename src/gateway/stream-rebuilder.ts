import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JsonText } from '../core/json-text.js';
import type { TraceRecord } from '../store/trace.js';
import { CapturedStream } from './captured-stream.js';

/**
 * Rebuilds streamed answers for a batch of traces in a worker thread, so the main thread, which
 * serves requests, spends nothing on it. Without a compiled worker (running from TypeScript
 * sources) or after the worker failed, it rebuilds in place instead.
 *
 * @example const rebuilder = new StreamRebuilder(); await rebuilder.finish(batch); await rebuilder.close();
 */
export class StreamRebuilder {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, (texts: string[] | undefined) => void>();

  private started = false;

  /** Starts the worker on first use, so a gateway that never streams never pays its memory. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    const file = fileURLToPath(new URL('./rebuild-worker.js', import.meta.url));
    if (!existsSync(file)) return;
    // Small heaps: a batch is at most a few MB of SSE text, and every MB here is resident memory.
    this.worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 } });
    this.worker.unref();
    this.worker.on('message', ({ id, texts }: { id: number; texts: string[] }) => {
      this.waiting.get(id)?.(texts);
      this.waiting.delete(id);
    });
    this.worker.on('error', () => this.fail());
    this.worker.on('exit', () => this.fail());
  }

  /** True while rebuilding happens in the worker thread (it starts with the first streamed answer). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  /** Replaces each captured stream in the batch with its rebuilt answer, as JSON text. */
  async finish(batch: readonly TraceRecord[]): Promise<void> {
    const captured = batch.filter((trace) => trace.response instanceof CapturedStream);
    if (captured.length === 0) return;
    const items = captured.map((trace) => trace.response as CapturedStream);
    this.start();
    const texts = this.worker ? await this.ask(items) : undefined;
    captured.forEach((trace, i) => {
      const text = texts?.[i];
      trace.response = text === undefined ? (trace.response as CapturedStream).toJSON() : new JsonText(text);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ask(items: CapturedStream[]): Promise<string[] | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker?.postMessage({ id, items: items.map(({ format, blocks }) => ({ format, blocks })) });
    });
  }

  /** The worker is gone: answer everyone waiting with "rebuild it yourself". */
  private fail(): void {
    this.worker = undefined;
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}
