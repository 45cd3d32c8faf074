import type { TraceStore } from '../../core/trace-store.js';
import type { MonitorStore } from './monitor-store.js';
import { applicationTraces, traceSignal } from './trace-signal.js';

/**
 * Derives signals for stored traces of a range (at most `limit`, newest first): for traces
 * written before monitoring existed, or imported. Idempotent: a signal that exists is replaced
 * with the same values, keeping its topic and scores. Says how many traces it read and how many
 * of them became signals: the application's calls, not the gateway's own (`applicationTraces`).
 *
 * @example await backfillSignals(stores.traces, stores.monitor, { since: now - 7 * 86_400_000, until: now }) // { read: 360, signals: 32 }
 */
export async function backfillSignals(traces: Pick<TraceStore, 'selectTraces'>, monitor: MonitorStore, range: { since: number; until: number; model?: string; limit?: number }): Promise<{ read: number; signals: number }> {
  const selected = await traces.selectTraces({ since: range.since, until: range.until, model: range.model, limit: range.limit ?? 100_000 });
  let signals = 0;
  for (let i = 0; i < selected.length; i += 500) {
    const application = applicationTraces(selected.slice(i, i + 500));
    await monitor.putSignals(application.map(traceSignal));
    signals += application.length;
  }
  return { read: selected.length, signals };
}
