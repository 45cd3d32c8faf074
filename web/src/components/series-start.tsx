import { perStep, time } from '../format.js';
import type { Overview } from '../types.js';

/**
 * Says why the charts start later than the range asked for: every request of the range is recent,
 * so the series begin at the first of them, at a finer step (see `seriesSince` in the overview and
 * the monitoring reports, `seriesWindow`).
 *
 * @example <SeriesStart overview={data} range="24h" />
 * @example <SeriesStart overview={topics} range="7d" what="requests of this route" />
 */
export function SeriesStart({ overview, range, what = 'requests' }: { overview: Pick<Overview, 'since' | 'seriesSince' | 'stepMs'>; range: string; what?: string }) {
  if (overview.seriesSince <= overview.since) return null;
  return (
    <p className="muted small" data-testid="series-start">
      No {what} in the last {range} before {time(overview.seriesSince)}: the charts start there, {perStep(overview.stepMs)}.
    </p>
  );
}

/**
 * How many of a zoomed series' first slots come before its first request: the server starts a
 * step early when the traffic fits one slot (a lone point has no time axis), and that empty slot,
 * drawn as a zero, made a minute of traffic read as a line rising from nothing. Charts leave those
 * slots out (null), so the traffic shows as the point it is. 0 when the series is not zoomed.
 *
 * @example leadingGap({ since: 0, seriesSince: 60_000, series: { requests: [0, 4] } }) // 1
 */
export function leadingGap(o: Pick<Overview, 'since' | 'seriesSince'> & { series: { requests: readonly number[] } }): number {
  if (o.seriesSince <= o.since) return 0;
  const first = o.series.requests.findIndex((n) => n > 0);
  return first === -1 ? 0 : first;
}

/** `values` with its first `gap` slots left out (null: uPlot draws nothing there). */
export function afterGap<T>(values: readonly T[], gap: number): (T | null)[] {
  return gap === 0 ? [...values] : values.map((v, i) => (i < gap ? null : v));
}
