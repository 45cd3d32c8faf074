import type { Interval } from '../types.js';

/**
 * Beside a quality interval that is the rule of three's, not a bootstrap's (every case scored the
 * same: `qualityMeanInterval`), says so, as the CLI does under its table: "100.0% [40.0–100.0]"
 * unexplained reads like a bug. Nothing for a bootstrap interval.
 */
export function RuleOfThreeMark({ interval, cases }: { interval: (Interval & { ruleOfThree?: true }) | undefined; cases: number }) {
  if (!interval?.ruleOfThree) return null;
  return (
    <span className="muted small" data-testid="rule-of-three" title={`every case scored ${(interval.estimate * 100).toFixed(1)}%, so the interval is the rule of three's ±3/n over ${cases} cases, not a bootstrap`}>
      {' '}
      (rule of three)
    </span>
  );
}
