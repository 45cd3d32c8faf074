import type { MonitorStore } from './signals/monitor-store.js';

/** One offline evaluation of the route: an eval run's variant whose model is the route. */
export interface OfflineScore {
  runId: string;
  name: string;
  variant: string;
  at: number;
  /** Mean quality in [0, 1] with its 95% interval. */
  quality: number;
  low: number;
  high: number;
  cases: number;
}

/** A route's quality over a range: online scores per time slot beside its offline eval runs. */
export interface QualityReport {
  route: string;
  since: number;
  until: number;
  stepMs: number;
  /** Mean online score (0–1) of the traces scored in each slot; null where none was. */
  online: (number | null)[];
  /** Traces scored per slot. */
  scored: number[];
  /** Mean over the whole range, or null when nothing was scored. */
  onlineMean: number | null;
  /** Offline runs inside the range, oldest first. */
  offline: OfflineScore[];
}

/**
 * Online quality of a route (the monitor's sampled judges and checks, each trace's mean score)
 * per slot, beside the offline eval runs of the same route in the range, so a person sees
 * whether production quality matches what evaluation promised.
 *
 * @example const report = await qualityReport(stores.monitor, 'support', { since, until, stepMs: 3_600_000 }, offline);
 */
export async function qualityReport(store: MonitorStore, route: string, range: { since: number; until: number; stepMs: number }, offline: readonly OfflineScore[]): Promise<QualityReport> {
  const slots = Math.max(1, Math.ceil((range.until - range.since) / range.stepMs));
  const sums = new Array<number>(slots).fill(0);
  const scored = new Array<number>(slots).fill(0);
  const signals = await store.listSignals({ route, since: range.since, until: range.until, limit: 100_000 });
  for (const s of signals) {
    const values = Object.values(s.scores ?? {});
    if (values.length === 0) continue;
    const slot = Math.min(slots - 1, Math.floor((s.ts - range.since) / range.stepMs));
    sums[slot] = (sums[slot] ?? 0) + values.reduce((a, b) => a + b, 0) / values.length;
    scored[slot] = (scored[slot] ?? 0) + 1;
  }
  const total = scored.reduce((a, b) => a + b, 0);
  return {
    route,
    ...range,
    online: sums.map((sum, i) => (scored[i] ? sum / (scored[i] as number) : null)),
    scored,
    onlineMean: total === 0 ? null : sums.reduce((a, b) => a + b, 0) / total,
    offline: offline.filter((o) => o.at >= range.since && o.at < range.until).sort((a, b) => a.at - b.at),
  };
}
