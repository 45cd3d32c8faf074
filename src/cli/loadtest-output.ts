import { usd } from '../core/usd.js';
import { formatLatency } from '../core/format-latency.js';
import { unreliableRun } from '../loadtest/minimum-run.js';
import { TerminalTable } from '../core/terminal-table.js';
import { terminalText } from '../core/terminal-text.js';
import type { Distribution, LoadReport } from '../loadtest/load-report.js';

/** The load test report for a terminal. */
export function printLoadReport(r: LoadReport): void {
  const lines: string[] = [];
  lines.push(`\nload test ${r.runId}: ${r.model} on ${r.target}, ${r.rps} requests/s (${r.arrivals}) for ${r.durationMs / 1_000} s`);
  lines.push(`requests: ${count(r.requests.due)} due, ${count(r.requests.sent)} sent, ${count(r.requests.ok)} ok, ${count(r.requests.failed)} failed; throughput ${r.throughputRps} answers/s`);
  // Each cell carries its unit, as on the dashboard ("1.21 s", "0.34 ms"): a column of milliseconds read "1207.3".
  const table = new TerminalTable({ head: ['', 'p50', 'p90', 'p99', 'max'] });
  const row = (name: string, d: Distribution) => table.push([name, cell(d.p50), cell(d.p90), cell(d.p99), cell(d.max)]);
  row('latency', r.latencyMs);
  // The latency's two parts sit under it (under time to first byte they read as parts of that).
  if (r.gateway.traced > 0) {
    row('  at the provider', r.gateway.upstreamMs);
    row('  in the gateway', r.gateway.overheadMs);
  }
  row('time to first byte', r.ttftMs);
  row('send lag', r.sendLagMs);
  lines.push(table.toString());
  const errors = Object.entries(r.errors).sort((a, b) => b[1] - a[1]);
  if (errors.length > 0) lines.push(`errors: ${errors.map(([cause, n]) => `${n} × ${terminalText(cause, { newline: 'escape' })}`).join('; ')}`);
  // What the gateway said, for the commonest causes: the fix is in it, not in the status and code.
  for (const [cause] of errors.slice(0, 3)) {
    const message = r.errorMessages?.[cause];
    if (message) lines.push(`  ${terminalText(cause, { newline: 'escape' })}: ${terminalText(message)}`);
  }
  if (Object.keys(r.cache).length > 0) lines.push(`cache: ${Object.entries(r.cache).map(([s, n]) => `${n} ${s}`).join(', ')}`);
  lines.push(`tokens: ${count(r.tokens.input)} in, ${count(r.tokens.output)} out (${r.tokens.perRequestInput} / ${r.tokens.perRequestOutput} per request)`);
  lines.push(costLine(r));
  // A run refused below MIN_RUN_REQUESTS due can still end with fewer answered (failures, a Ctrl-C).
  // Read from the counts, not `r.unreliable`: a report saved before that field has none.
  const unreliable = unreliableRun(r.requests);
  if (unreliable !== null) lines.push(`unreliable: ${unreliable}`);
  if (r.projection) {
    const p = r.projection;
    const cost = p.costPerMonthUsd === null ? `cost unknown${allUnpriced(r) ? ' (unpriced)' : ''}` : `${someUnpriced(r) ? 'at least ' : ''}${dollars(p.costPerMonthUsd)} per month`;
    lines.push(`at ${count(p.users)} users × ${count(p.requestsPerUserPerDay)} requests/day: ${count(p.requestsPerMonth)} requests per month, ${cost}; ${p.averageRps} requests/s on average, ~${p.peakRps} at the busiest hour`);
  }
  if (r.gateway.cpuMsPerRequest !== null) lines.push(`gateway CPU: ${r.gateway.cpuMsPerRequest} ms per request (load generator included, same process)`);
  lines.push(`bottleneck: ${r.bottleneck.kind}: ${r.bottleneck.reason}`);
  // Causes, messages, the model and the bottleneck's reason hold what a server sent: shown escaped.
  console.log(terminalText(lines.join('\n')));
}

/**
 * Why a run measured nothing, or undefined when some request was answered: a run whose every
 * request failed (an unknown model, a refused key) must not pass a script as a capacity figure.
 *
 * @example nothingAnswered(report) // 'none of the 20 requests was answered (20 × 404 model_not_found): its figures measure nothing'
 */
export function nothingAnswered(r: LoadReport): string | undefined {
  if (r.requests.ok > 0 || r.requests.due === 0) return undefined;
  const [cause, n] = Object.entries(r.errors).sort((a, b) => b[1] - a[1])[0] ?? [];
  const why = cause === undefined ? '' : ` (${n} × ${cause})`;
  return `none of the ${count(r.requests.due)} requests was answered${why}: its figures measure nothing`;
}

function cell(value: number | null): string {
  return value === null ? '–' : formatLatency(value);
}

/** Thousands separated, as people read them: "608,333", not "608333". */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Dollars as every report writes them (`usd`: "$1,724.3100", "$0.000412"), or "–" for none. */
function dollars(value: number | null): string {
  return value === null ? '–' : usd(value);
}

const someUnpriced = (r: LoadReport): boolean => (r.cost.unpriced ?? 0) > 0;
const allUnpriced = (r: LoadReport): boolean => someUnpriced(r) && r.cost.perRequestUsd === null;

/**
 * The run's cost and its projection at this rate. Answers from a model with no price cost an
 * unknown amount: "unpriced" when all were, else the figures are a lower bound ("at least") and
 * the line says how many of the answers they leave out.
 *
 * @example costLine(report) // 'cost: $0.002100 for this run + 3 of 40 calls unpriced (no price for my-vllm-model); at this rate at least …'
 */
export function costLine(r: LoadReport): string {
  const unpriced = r.cost.unpriced ?? 0;
  const models = `no price for ${(r.cost.unpricedModels ?? []).join(', ') || 'the model'}; add price: to the model in the gateway config`;
  if (allUnpriced(r)) return `cost: unpriced (${count(unpriced)} of ${count(r.requests.ok)} calls answered by a model with no price: ${models})`;
  if (r.cost.perRequestUsd === null) return 'cost: unknown (no price, or traces not readable: pass --admin-key to a running gateway)';
  const atLeast = unpriced > 0 ? 'at least ' : '';
  const left = unpriced > 0 ? ` + ${count(unpriced)} of ${count(r.requests.ok)} calls unpriced (${models})` : '';
  // The per-request figure averages the costs read; the total sums only them. A streamed answer's
  // cost is read from its trace, and retention may delete a long run's first traces before the end.
  const read = r.cost.known + unpriced;
  const sum = read < r.requests.ok ? `for the ${count(read)} of ${count(r.requests.ok)} calls whose cost was read (the others' traces were deleted by retention, or are not readable)` : 'for this run';
  return `cost: ${dollars(r.cost.totalUsd)} ${sum}${left}, ${atLeast}${dollars(r.cost.perRequestUsd)} per request; at this rate ${atLeast}${dollars(r.cost.perHourUsd)} per hour, ${atLeast}${dollars(r.cost.perMonthUsd)} per month`;
}
