import { usd } from '../../core/usd.js';
import { formatLatency } from '../../core/format-latency.js';
import { TerminalTable } from '../../core/terminal-table.js';
import { qualityRuleOfThreeLines } from '../report/format-numbers.js';
import type { LadderReport } from './run-ladder.js';

/**
 * The ladder report for a terminal: one row per rung (quality with its interval, cost per 1,000
 * requests, monthly cost at the route's traffic, latency), the rungs that could not run, and the
 * verdict with its reason.
 *
 * @example process.stdout.write(formatLadder(report))
 */
export function formatLadder(report: LadderReport): string {
  const pct = (x: number) => (Number.isFinite(x) ? (x * 100).toFixed(1) : '–');
  // Latencies with their unit, as on the dashboard: "p50 ms" over 1207 read as milliseconds where it said 1.21 s.
  const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : formatLatency(x));
  // Money as every report writes it: a route with one request a month costs "$0.0000330", not "$0.0000".
  const dollars = (x: number | null) => (x === null ? '–' : usd(x));
  const header = ['rung', 'quality % (95% CI)', 'vs best', 'cost/1k req', 'per month', 'p50', 'p95', 'notes'];
  const rows = report.rungs.map((r) => {
    const verdict = report.verdicts.find((v) => v.name === r.name);
    const notes = [
      r.retrievalMs ? `retrieval p50 ${ms(r.retrievalMs.p50)}` : '',
      r.groundedShare !== undefined ? `grounded ${pct(r.groundedShare)}%` : '',
      r.localShare !== undefined ? `local answered ${pct(r.localShare)}%` : '',
      r.errors > 0 ? `${r.errors} errors` : '',
      r.name === report.pays ? '← pays' : '',
    ].filter(Boolean).join(', ');
    return [
      r.name,
      `${pct(r.quality.estimate)} (${pct(r.quality.low)}–${pct(r.quality.high)})`,
      verdict ? (r.name === report.best ? 'best' : `${verdict.versusBest.estimate >= 0 ? '+' : ''}${pct(verdict.versusBest.estimate)}${verdict.nonInferior ? ' ok' : ''}`) : '–',
      dollars(r.costPer1kUsd),
      dollars(r.monthlyCostUsd),
      ms(r.latencyP50Ms),
      ms(r.latencyP95Ms),
      notes,
    ];
  });
  // Under a terminal's width the notes wrap, and p95 then the monthly cost (cost/1k req scales to
  // it) go first; to a pipe each rung stays one line, for grep.
  const table = new TerminalTable({ head: header, dropToFit: ['p95', 'per month'], wrapsOnTerminal: ['notes'] });
  table.push(...rows);
  const traffic = report.requestsPerMonth === null ? 'unknown traffic (pass --requests-per-month N)' : `${report.requestsPerMonth.toLocaleString('en-US')} request${report.requestsPerMonth === 1 ? '' : 's'}/month (${report.trafficSource})`;
  const out = [
    `Ladder for route "${report.route}" on ${report.dataset}@${report.datasetVersion}: ${report.rungs[0]?.cases ?? 0} cases, scorer ${report.scorer}, tolerance ${pct(report.tolerance)} points, ${traffic}`,
    '',
    table.toString(),
    ...qualityRuleOfThreeLines(report.rungs.map((r) => ({ name: r.name, quality: r.quality, cases: r.cases }))),
    ...report.missing.map((m) => `not run: ${m.name} — ${m.reason}`),
    `verdict: ${report.reason}`,
    `eval run ${report.runId} (switchyard eval show ${report.runId})`,
  ];
  return `${out.join('\n')}\n`;
}
