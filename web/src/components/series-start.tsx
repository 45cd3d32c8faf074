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
