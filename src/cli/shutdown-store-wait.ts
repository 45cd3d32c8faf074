import { countOf } from '../core/plural.js';

/** What a shutdown can see of the trace writer while it waits for it. */
export interface TraceWriterState {
  /** Traces accepted that the store does not have yet. */
  readonly unstored: number;
  /** Since when the store has refused every batch, and its last error; undefined while it takes them. */
  readonly storeFailing: { since: number; error: string } | undefined;
}

/**
 * Waits for a shutdown (`closed`) unless the trace store is down past the point of waiting:
 * once the requests' own time (`shutdownTimeoutMs`, plus the second the cut-off takes) is over,
 * a store that has refused every batch for another `shutdownTimeoutMs` is given up on. Resolves
 * with the message to log then, or undefined when the shutdown finished. A store that is slow
 * but taking batches is waited for: its traces are being written.
 *
 * Before, a replica sent SIGTERM while its PostgreSQL was away retried its traces until the
 * supervisor's SIGKILL, saying nothing of what that lost.
 *
 * @example const gaveUp = await closedOrStoreDown(running.close(), running.traces, 20_000); if (gaveUp) { log(gaveUp); exitWhenFlushed(1); }
 */
export async function closedOrStoreDown(closed: Promise<void>, traces: TraceWriterState, shutdownTimeoutMs: number, checkEveryMs = 250): Promise<string | undefined> {
  const storeTimeFrom = Date.now() + shutdownTimeoutMs + 1_000;
  let done = false;
  void closed.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, checkEveryMs));
    const failing = traces.storeFailing;
    if (done || !failing) continue;
    const failingFor = Date.now() - Math.max(failing.since, storeTimeFrom);
    if (failingFor >= shutdownTimeoutMs) {
      const seconds = Math.round((Date.now() - failing.since) / 1000);
      return `shutdown: ${countOf(traces.unstored, 'trace')} could not be written and ${traces.unstored === 1 ? 'is' : 'are'} lost: the trace store has refused every batch for ${seconds} s (last error: ${failing.error}); stopping anyway, after server.shutdown_timeout_ms (${shutdownTimeoutMs} ms) more for it (traces: { durability: sync } keeps them on disk for the next start to write)`;
    }
  }
  await closed;
  return undefined;
}
