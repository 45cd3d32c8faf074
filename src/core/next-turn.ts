/**
 * Resolves on the next turn of the event loop, after pending I/O: background work (retention,
 * topic upkeep, clustering) awaits it between slices so requests are served in between. A plain
 * `await` of a synchronous store call only queues a microtask and lets nothing else in.
 *
 * @example for (const chunk of chunks) { work(chunk); await nextTurn(); }
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
