/**
 * A counting semaphore: at most `limit` tasks hold it at once, the rest wait in order.
 *
 * @example const gate = new Semaphore(8); await gate.run(() => caller.chat(call));
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Runs `worker` over an iterable (sync or async) with at most `limit` in flight, pulling lazily so
 * a generator of a million cases is never materialised. Stops pulling when `shouldStop()` says so.
 *
 * @example await forEachConcurrent(cases(), 8, async (c) => run(c), () => signal.aborted);
 */
export async function forEachConcurrent<T>(items: Iterable<T> | AsyncIterable<T>, limit: number, worker: (item: T) => Promise<void>, shouldStop: () => boolean = () => false): Promise<void> {
  // An async generator queues concurrent next() calls, so lanes may pull from it at once.
  const iterator: Iterator<T> | AsyncIterator<T> = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failure: unknown;
  const lane = async () => {
    for (;;) {
      if (failure !== undefined || shouldStop()) return;
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        failure ??= error;
        return;
      }
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  if (failure !== undefined) throw failure;
}
