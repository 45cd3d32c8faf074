import type { TraceStore } from '../../core/trace-store.js';
import type { MonitorStore } from './monitor-store.js';
import { applicationTraces, traceSignal } from './trace-signal.js';

/** Traces read whole at a time: their bodies are what a backfill holds in memory. */
const PAGE = 500;

/**
 * Derives signals for stored traces of a range (at most `limit`, newest first): for traces
 * written before monitoring existed, or imported. Idempotent: a signal that exists is replaced
 * with the same values, keeping its topic and scores. Says how many traces it read and how many
 * of them became signals: the application's calls, not the gateway's own (`applicationTraces`).
 * Reads a page of summaries, then that page's bodies: read all at once, 100,000 traces with
 * their bodies (up to the body limit each) were held in memory together.
 *
 * @example await backfillSignals(stores.traces, stores.monitor, { since: now - 7 * 86_400_000, until: now }) // { read: 360, signals: 32 }
 */
export async function backfillSignals(traces: Pick<TraceStore, 'listTraces' | 'getTraces'>, monitor: MonitorStore, range: { since: number; until: number; model?: string; limit?: number }): Promise<{ read: number; signals: number }> {
  const limit = range.limit ?? 100_000;
  let read = 0;
  let signals = 0;
  let before: string | undefined;
  while (read < limit) {
    const page = await traces.listTraces({ since: range.since, until: range.until, model: range.model, limit: Math.min(PAGE, limit - read), ...(before === undefined ? {} : { before }) });
    if (page.traces.length === 0) break;
    // A trace kept without its body (`bodies: metadata`, or stripped by retention) says nothing of
    // the traffic's words: left out, and not counted as read (selectTraces skipped them too).
    const whole = (await traces.getTraces(page.traces.map((t) => t.id))).filter((t) => t.request !== null && t.request !== undefined);
    const application = applicationTraces(whole.slice(0, limit - read));
    await monitor.putSignals(application.map(traceSignal));
    read += Math.min(whole.length, limit - read);
    signals += application.length;
    if (page.next === null) break;
    before = page.next;
  }
  return { read, signals };
}
