import { formatLatency } from '../../core/format-latency.js';
import { percent } from '../../core/percent.js';
import { usd } from '../../core/usd.js';
import type { Interval } from '../stats/interval.js';
import { ruleOfThreeReason } from '../stats/paired-mean.js';

/**
 * A proportion with its interval: "80.0% [37.6–96.4]".
 *
 * @example withInterval({ estimate: 0.8, low: 0.376, high: 0.964, level: 0.95 }) // '80.0% [37.6–96.4]'
 */
export function withInterval(i: Interval): string {
  if (Number.isNaN(i.estimate)) return '-';
  if (zeroWidth(i)) return `${percent(i.estimate)} (n too small)`;
  return `${percent(i.estimate)} [${(i.low * 100).toFixed(1)}–${(i.high * 100).toFixed(1)}]`;
}

/** A signed difference in points with its interval: "-4.0 pts [-9.1, +1.2]". */
export function diffPoints(i: Interval): string {
  if (Number.isNaN(i.estimate)) return '-';
  const f = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  if (zeroWidth(i)) return `${f(i.estimate)} pts (n too small)`;
  return `${f(i.estimate)} pts [${f(i.low)}, ${f(i.high)}]`;
}

/**
 * An interval of no width: what a run summarised before the rule of three (`qualityMeanInterval`)
 * stored for cases that all scored alike, or a bootstrap over one case. Intervals computed now
 * never have it (Wilson's and the rule of three's always span something), so "[100.0–100.0]" is
 * a certainty its cases could not give: reports show the estimate with "(n too small)" instead,
 * and none counts it as a shown difference.
 *
 * @example zeroWidth({ estimate: 1, low: 1, high: 1, level: 0.95 }) // true
 */
export function zeroWidth(i: Interval): boolean {
  return Number.isFinite(i.estimate) && i.low === i.high;
}

/**
 * One line naming the stored intervals of no width (`zeroWidth`) shown without their bounds,
 * and what gives real ones. Empty when there are none.
 *
 * @example zeroWidthLines([{ name: 'claude', quality: { estimate: 1, low: 1, high: 1, level: 0.95 }, cases: 5 }])
 */
export function zeroWidthLines(items: readonly { name: string; quality: Interval; cases: number }[]): string[] {
  const flat = items.filter((item) => zeroWidth(item.quality));
  if (flat.length === 0) return [];
  const cases = [...new Set(flat.map((item) => item.cases))].join(' or ');
  return [
    `quality of ${flat.map((item) => item.name).join(', ')}: n too small for the interval stored with this run, which has no width (summarised before the rule of three, or over one case): a certainty ${cases} cases cannot give, so none is shown; switchyard eval rerun makes a run with one`,
  ];
}

/**
 * One line per reason some quality intervals are the rule of three's rather than a bootstrap's
 * (`qualityMeanInterval`), naming what has them: "[40.0–100.0]" beside a perfect 100.0% reads
 * like a bug unexplained. Empty when every interval is a bootstrap's.
 *
 * @example qualityRuleOfThreeLines([{ name: 'small', quality, cases: 5 }]) // ["quality of small: every case scored 100.0%, so the interval is the rule of three's ±3/n over 5 cases, not a bootstrap"]
 */
export function qualityRuleOfThreeLines(items: readonly { name: string; quality: Interval & { ruleOfThree?: true }; cases: number }[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const item of items) {
    const reason = ruleOfThreeReason(item.quality, 'quality');
    if (!reason) continue;
    const line = `${reason} over ${item.cases} cases, not a bootstrap`;
    byReason.set(line, [...(byReason.get(line) ?? []), item.name]);
  }
  return [...byReason].map(([line, names]) => `quality of ${names.join(', ')}: ${line}`);
}

/**
 * A variant's total cost when some of its results were answered by a model with no price: those
 * cost an unknown amount, not $0, so the report says how many rather than a total that reads as
 * complete. `unpriced` is 0 for results written before unpriced calls were counted.
 *
 * @example costWithUnpriced(0.0123, 3, 10) // '$0.0123 + 3 of 10 unpriced'
 * @example costWithUnpriced(0, 10, 10) // 'unpriced'
 */
export function costWithUnpriced(costUsd: number, unpriced: number, results: number): string {
  if (unpriced <= 0) return usd(costUsd);
  if (unpriced >= results) return 'unpriced';
  return `${usd(costUsd)} + ${unpriced} of ${results} unpriced`;
}

/**
 * A variant's cost per case beside `costWithUnpriced`: a lower bound (`≥`) when some results
 * are unpriced, "unpriced" when all are.
 *
 * @example costPerCaseWithUnpriced(0.001, 3, 10) // '≥ $0.001000'
 */
export function costPerCaseWithUnpriced(costPerCaseUsd: number, unpriced: number, results: number): string {
  if (unpriced <= 0) return usd(costPerCaseUsd);
  return unpriced >= results ? 'unpriced' : `≥ ${usd(costPerCaseUsd)}`;
}

/**
 * A latency, as the dashboard writes it (`formatLatency`): below a millisecond with two decimals
 * (a local model's answer), whole milliseconds, seconds from one.
 *
 * @example ms(0.214) // '0.21 ms'
 * @example ms(1207) // '1.21 s'
 */
export function ms(x: number | null | undefined): string {
  // A run whose every call failed has no latency: its stored p50 reads back as null (NaN in JSON).
  return x === null || x === undefined || Number.isNaN(x) ? '-' : formatLatency(x);
}

/** A p-value as people read it. */
export function pValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
