import { seriesWindow } from './series-window.js';
import { MAX_SIGNALS, type MonitorStore } from './signals/monitor-store.js';

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
  /** The interval is the rule of three's, not a bootstrap's: every case scored the same (`qualityMeanInterval`). */
  ruleOfThree?: true;
  cases: number;
}

/** A route's quality over a range: online scores per time slot beside its offline eval runs. */
export interface QualityReport {
  route: string;
  since: number;
  until: number;
  /** Where the first slot starts: `since`, or later when the route's signals and eval runs in the range are all recent (see `seriesWindow`). */
  seriesSince: number;
  stepMs: number;
  /** Mean online score (0–1) of the traces scored in each slot (of `stepMs` from `seriesSince`); null where none was. */
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
 * whether production quality matches what evaluation promised. With `zoom` (the step for a span)
 * a range whose signals and runs are all recent is drawn from the first of them at a finer step.
 *
 * @example const report = await qualityReport(stores.monitor, 'support', { since, until, stepMs: 3_600_000 }, offline);
 */
export async function qualityReport(store: MonitorStore, route: string, range: { since: number; until: number; stepMs: number; zoom?: (spanMs: number) => number }, offline: readonly OfflineScore[]): Promise<QualityReport> {
  const signals = await store.listSignals({ route, since: range.since, until: range.until, limit: MAX_SIGNALS });
  const runs = offline.filter((o) => o.at >= range.since && o.at < range.until).sort((a, b) => a.at - b.at);
  // Signals come newest first: the last is the range's first, unless the limit cut older ones off.
  const firstSignal = signals.length < MAX_SIGNALS ? (signals.at(-1)?.ts ?? Infinity) : -Infinity;
  const first = Math.min(firstSignal, runs[0]?.at ?? Infinity);
  const { seriesSince, stepMs } = seriesWindow(range, Number.isFinite(first) ? first : undefined, range.zoom);
  const slots = Math.max(1, Math.ceil((range.until - seriesSince) / stepMs));
  const sums = new Array<number>(slots).fill(0);
  const scored = new Array<number>(slots).fill(0);
  for (const s of signals) {
    const values = Object.values(s.scores ?? {});
    if (values.length === 0) continue;
    const slot = Math.min(slots - 1, Math.max(0, Math.floor((s.ts - seriesSince) / stepMs)));
    sums[slot] = (sums[slot] ?? 0) + values.reduce((a, b) => a + b, 0) / values.length;
    scored[slot] = (scored[slot] ?? 0) + 1;
  }
  const total = scored.reduce((a, b) => a + b, 0);
  return {
    route,
    since: range.since,
    until: range.until,
    seriesSince,
    stepMs,
    online: sums.map((sum, i) => (scored[i] ? sum / (scored[i] as number) : null)),
    scored,
    onlineMean: total === 0 ? null : sums.reduce((a, b) => a + b, 0) / total,
    offline: runs,
  };
}
