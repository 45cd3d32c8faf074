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
