import { perStep, time } from '../format.js';
import type { Overview } from '../types.js';

/**
 * Says why the charts start later than the range asked for: every request of the range is recent,
 * so the series begin at the first of them, at a finer step (see `seriesSince` in the overview).
 *
 * @example <SeriesStart overview={data} range="24h" />
 */
export function SeriesStart({ overview, range }: { overview: Overview; range: string }) {
  if (overview.seriesSince <= overview.since) return null;
  return (
    <p className="muted small" data-testid="series-start">
      No requests in the last {range} before {time(overview.seriesSince)}: the charts start there, {perStep(overview.stepMs)}.
    </p>
  );
}
