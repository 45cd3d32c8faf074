import Table from 'cli-table3';
import type { Distribution, LoadReport } from '../loadtest/load-report.js';

/** The load test report for a terminal. */
export function printLoadReport(r: LoadReport): void {
  const lines: string[] = [];
  lines.push(`\nload test ${r.runId}: ${r.model} on ${r.target}, ${r.rps} requests/s (${r.arrivals}) for ${r.durationMs / 1_000} s`);
  lines.push(`requests: ${r.requests.due} due, ${r.requests.sent} sent, ${r.requests.ok} ok, ${r.requests.failed} failed; throughput ${r.throughputRps} answers/s`);
  const table = new Table({ head: ['ms', 'p50', 'p90', 'p99', 'max'], style: { head: [], border: [] } });
  const row = (name: string, d: Distribution) => table.push([name, cell(d.p50), cell(d.p90), cell(d.p99), cell(d.max)]);
  row('latency', r.latencyMs);
  row('time to first byte', r.ttftMs);
  if (r.gateway.traced > 0) {
    row('  at the provider', r.gateway.upstreamMs);
    row('  in the gateway', r.gateway.overheadMs);
  }
  row('send lag', r.sendLagMs);
  lines.push(table.toString());
  const errors = Object.entries(r.errors).sort((a, b) => b[1] - a[1]);
  if (errors.length > 0) lines.push(`errors: ${errors.map(([cause, n]) => `${n} × ${cause}`).join('; ')}`);
  if (Object.keys(r.cache).length > 0) lines.push(`cache: ${Object.entries(r.cache).map(([s, n]) => `${n} ${s}`).join(', ')}`);
  lines.push(`tokens: ${r.tokens.input} in, ${r.tokens.output} out (${r.tokens.perRequestInput} / ${r.tokens.perRequestOutput} per request)`);
  if (r.cost.perRequestUsd === null) lines.push('cost: unknown (no price, or traces not readable: pass --admin-key to a running gateway)');
  else lines.push(`cost: $${r.cost.totalUsd} for this run, $${r.cost.perRequestUsd} per request; at this rate $${r.cost.perHourUsd} per hour, $${r.cost.perMonthUsd} per month`);
  if (r.projection) {
    const p = r.projection;
    const cost = p.costPerMonthUsd === null ? 'cost unknown' : `$${p.costPerMonthUsd} per month`;
    lines.push(`at ${p.users} users × ${p.requestsPerUserPerDay} requests/day: ${p.requestsPerMonth} requests per month, ${cost}; ${p.averageRps} requests/s on average, ~${p.peakRps} at the busiest hour`);
  }
  if (r.gateway.cpuMsPerRequest !== null) lines.push(`gateway CPU: ${r.gateway.cpuMsPerRequest} ms per request (load generator included, same process)`);
  lines.push(`bottleneck: ${r.bottleneck.kind}: ${r.bottleneck.reason}`);
  console.log(lines.join('\n'));
}

function cell(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}
