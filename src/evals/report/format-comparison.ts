import { onTerminal, TerminalTable } from '../../core/terminal-table.js';
import type { CalibrationReport } from '../judge/calibrate-judge.js';
import type { RunComparison } from '../runner/compare-runs.js';
import type { Interval } from '../stats/interval.js';
import { ruleOfThreeReason } from '../stats/paired-mean.js';
import { costPerCaseWithUnpriced, diffPoints, ms, pValue, withInterval } from './format-numbers.js';
import { percent } from '../../core/percent.js';

/**
 * Paired comparison of two runs as a table.
 *
 * @example console.log(formatComparison(compareRuns(runs, a, b)));
 */
export function formatComparison(comparison: RunComparison): string {
  // To a pipe each variant is one line; on a terminal the names, counts, difference and test wrap
  // at their words to fit, the qualities and wins stay whole.
  const table = new TerminalTable({ head: ['variant', 'n', 'quality A', 'quality B', 'B − A (95% CI)', 'wins A / B', 'McNemar p'], wrapsOnTerminal: ['variant', 'n', 'B − A (95% CI)', 'McNemar p'] });
  for (const v of comparison.variants) {
    table.push([
      v.variantA === v.variantB ? v.variantA : `${v.variantA} → ${v.variantB}`,
      `${v.n}${v.onlyInA + v.onlyInB > 0 ? ` (+${v.onlyInA} only A, +${v.onlyInB} only B)` : ''}`,
      percent(v.meanA),
      percent(v.meanB),
      // On a terminal the interval goes under the difference, so the column is as narrow as its
      // interval; to a pipe each variant stays one line, for grep.
      diffPoints(v.difference).replace(' [', onTerminal() ? '\n[' : ' ['),
      `${v.mcnemar.onlyA} / ${v.mcnemar.onlyB}`,
      `${pValue(v.mcnemar.pValue)} (${v.mcnemar.method})`,
    ]);
  }
  const header = `A = ${comparison.runA}   B = ${comparison.runB}`;
  const failed = unansweredLines(comparison);
  if (comparison.variants.length === 0) return [header, ...failed].join('\n');
  return [header, table.toString(), ...scorerLines(comparison), ...ruleOfThreeLines(comparison), ...spendLines(comparison), ...failed].join('\n');
}

/**
 * A warning under the table when the two runs' suites score differently.
 *
 * @example scorerLines(comparison) // ['the runs were scored differently (A: contains; B: contains, custom s.js): …']
 */
export function scorerLines(comparison: RunComparison): string[] {
  const changed = comparison.scorersChanged;
  if (!changed) return [];
  return [`the runs were scored differently (A: ${changed.a.join(', ')}; B: ${changed.b.join(', ')}): quality is the mean over a run's scorers, so the difference is partly the scorers', not the answers'; compare runs scored by the same scorers (run the suite as it is now for a new baseline)`];
}

/**
 * Cost per case and latency of each pair, A → B, under the quality table: what a better (or
 * cheaper) variant costs is half of an experiment's answer. Costs of answers taken from the
 * response cache are what they took when made, as in the run report.
 *
 * @example spendLines(comparison) // ['cost and latency, A → B:', '  small → claude: $0.0000483 → $0.000344 a case (7.1×), p50 135 ms → 151 ms, p95 169 ms → 240 ms']
 */
export function spendLines(comparison: RunComparison): string[] {
  const lines = comparison.variants.flatMap((v) => {
    const { spendA: a, spendB: b } = v;
    if (!a || !b) return [];
    const cost = (s: typeof a) => costPerCaseWithUnpriced(s.costPerCaseUsd, s.unpriced, s.results);
    const ratio = a.unpriced === 0 && b.unpriced === 0 && a.costPerCaseUsd > 0 ? ` (${(b.costPerCaseUsd / a.costPerCaseUsd).toFixed(b.costPerCaseUsd / a.costPerCaseUsd < 10 ? 2 : 1)}×)` : '';
    const name = v.variantA === v.variantB ? v.variantA : `${v.variantA} → ${v.variantB}`;
    return [`  ${name}: ${cost(a)} → ${cost(b)} a case${ratio}, p50 ${ms(a.latencyP50Ms)} → ${ms(b.latencyP50Ms)}, p95 ${ms(a.latencyP95Ms)} → ${ms(b.latencyP95Ms)}`];
  });
  return lines.length === 0 ? [] : ['cost and latency, A → B:', ...lines];
}

/**
 * One line per reason an interval is the rule of three's, naming its variants and what more
 * cases do: two runs that agree on all five cases otherwise show "+0.0 pts [-60.0, +60.0]"
 * unexplained.
 *
 * @example ruleOfThreeLines(comparison) // ["claude, small: both runs score every case the same, so the interval is the rule of three's ±3/n over 5 cases; more cases narrow it"]
 */
function ruleOfThreeLines(comparison: RunComparison): string[] {
  const byReason = new Map<string, string[]>();
  for (const v of comparison.variants) {
    const reason = ruleOfThreeReason(v.difference);
    if (!reason) continue;
    const line = `${reason} over ${v.n} cases; more cases narrow it`;
    byReason.set(line, [...(byReason.get(line) ?? []), v.variantA === v.variantB ? v.variantA : `${v.variantA} → ${v.variantB}`]);
  }
  return [...byReason].map(([line, names]) => `${names.join(', ')}: ${line}`);
}

/**
 * One line per side that answered no case, instead of a difference against a table of zeros.
 *
 * @example unansweredLines(comparison) // ['not compared: run r2 answered no case of variant "small" (5 of 5 cases failed; first error: cannot connect …)']
 */
export function unansweredLines(comparison: RunComparison): string[] {
  return comparison.unanswered.map((u) => {
    const side = u.run === comparison.runA ? 'A' : 'B';
    return `not compared: run ${u.run} (${side}) answered no case of variant "${u.variant}" (${u.cases} of ${u.cases} cases failed${u.firstError ? `; first error: ${u.firstError}` : ''}); fix the cause and run it again, or compare other runs (switchyard eval list)`;
  });
}

/**
 * Calibration result: candidates on dev, then the chosen judge's agreement on test.
 *
 * @example console.log(formatCalibration(report));
 */
export function formatCalibration(report: CalibrationReport): string {
  const candidates = new TerminalTable({ head: ['judge variant', 'κ on dev', 'dev items scored', 'failed replies'] });
  for (const c of report.candidates) candidates.push([`${c === report.chosen ? '→ ' : '  '}${c.label}`, Number.isNaN(c.devKappa) ? '-' : c.devKappa.toFixed(3), String(c.devScored), String(c.failures)]);
  const t = report.test;
  const metrics = new TerminalTable({ head: ['on the test split', 'value (95% CI)'] });
  metrics.push(
    ['items', `${t.n} (dev ${report.dev}; ${report.testFailures} judge replies unusable)`],
    ['quadratic-weighted κ', agreementValue(t.kappa, t.n)],
    ['Spearman ρ', agreementValue(t.spearman, t.n)],
    ['exact agreement', withInterval(t.exact)],
    ['within ±1', withInterval(t.withinOne)],
    ['leniency bias (judge − human)', agreementValue(t.bias, t.n)],
    ['flip rate between runs', t.flipRate ? withInterval(t.flipRate) : 'not measured'],
  );
  const confusion = new TerminalTable({ head: ['human ↓ judge →', ...t.confusion.labels.map(String)] });
  t.confusion.counts.forEach((row, i) => confusion.push([String(t.confusion.labels[i]), ...row.map(String)]));
  const ruled = [['κ', t.kappa], ['ρ', t.spearman], ['bias', t.bias]].filter(([, i]) => (i as { ruleOfThree?: true }).ruleOfThree).map(([name]) => name);
  // "[−0.833, 1.000]" beside a perfect κ reads like a bug unless the rule is named.
  const rule = ruled.length > 0 ? [`${ruled.join(', ')}: the judge agrees with people the same way on all ${t.n} test items, where a bootstrap collapses to a point; the interval is the rule of three's (those items miss a disagreement on up to 3 in ${t.n}), the value with ${Math.min(3, t.n)} of them re-scored as far off as the scale allows`] : [];
  return [candidates.toString(), metrics.toString(), confusion.toString(), ...rule, ...t.warnings.map((w) => `warning: ${w}`)].join('\n');
}

/**
 * κ, ρ or bias with its interval, "0.969 [0.901, 1.000]", and the item count beside an interval
 * that is the rule of three's, or in place of one stored with zero width (a judge calibrated
 * before `agreementInterval`: its "[1.000, 1.000]" claimed a certainty a few items cannot give).
 *
 * @example agreementValue({ estimate: 1, low: 1, high: 1, level: 0.95 }, 4) // '1.000 (no interval: n = 4 too small)'
 */
export function agreementValue(i: Interval & { ruleOfThree?: true }, n: number): string {
  if (Number.isNaN(i.estimate)) return '-';
  if (i.low === i.high) return `${i.estimate.toFixed(3)} (no interval: n = ${n} too small)`;
  return `${i.estimate.toFixed(3)} [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]${i.ruleOfThree ? ` (rule of three, n = ${n})` : ''}`;
}
