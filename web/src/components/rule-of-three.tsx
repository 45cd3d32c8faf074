import { pct } from '../format.js';
import type { Interval } from '../types.js';

/**
 * An interval of no width: what a run summarised before the rule of three stored for cases that
 * all scored alike, or a bootstrap over one case. Intervals computed now always span something,
 * so "[100.0–100.0]" is a certainty its cases could not give (the CLI's `zeroWidth`).
 */
export function zeroWidth(i: Pick<Interval, 'estimate' | 'low' | 'high'> | undefined): boolean {
  return i !== undefined && Number.isFinite(i.estimate) && i.low === i.high;
}

/** A quality with its interval, "82.5% (47.5%–100.0%)", or the estimate alone when the stored interval has no width. */
export function qualityRange(i: Pick<Interval, 'estimate' | 'low' | 'high'>): string {
  return zeroWidth(i) ? pct(i.estimate) : `${pct(i.estimate)} (${pct(i.low)}–${pct(i.high)})`;
}

/**
 * Beside a quality interval that is the rule of three's, not a bootstrap's (every case scored the
 * same: `qualityMeanInterval`), says so, as the CLI does under its table: "100.0% [40.0–100.0]"
 * unexplained reads like a bug. Beside one stored with no width, which the page shows without its
 * bounds, says "n too small" and why. Nothing for a bootstrap interval.
 */
export function RuleOfThreeMark({ interval, cases }: { interval: (Interval & { ruleOfThree?: true }) | undefined; cases: number }) {
  if (zeroWidth(interval)) {
    return (
      <span className="muted small" data-testid="no-interval" title={`the interval stored with this run has no width (summarised before the rule of three, or over one case): a certainty ${cases} ${cases === 1 ? 'case' : 'cases'} cannot give, so none is shown; a run made now has one`}>
        {' '}
        (n too small)
      </span>
    );
  }
  if (!interval?.ruleOfThree) return null;
  return (
    <span className="muted small" data-testid="rule-of-three" title={`every case scored ${(interval.estimate * 100).toFixed(1)}%, so the interval is the rule of three's ±3/n over ${cases} cases, not a bootstrap`}>
      {' '}
      (rule of three)
    </span>
  );
}
