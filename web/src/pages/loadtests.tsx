import { TimeChart } from '../components/chart.js';
import { useApi } from '../components/use-api.js';
import { Command, ErrorBox, Label, Loading, When } from '../components/ui.js';
import { ms, usd } from '../format.js';
import type { StoredLoadtest } from '../types.js';
import { unreliableRun } from '../../../src/loadtest/minimum-run.js';

/** Load test runs (`switchyard loadtest`): latency and throughput per run over time, each run's figures and its bottleneck. */
export function LoadtestsPage() {
  const { data, error } = useApi<{ loadtests: StoredLoadtest[] }>('/api/loadtests?limit=200');
  const runs = [...(data?.loadtests ?? [])].reverse();
  return (
    <div>
      <div className="toolbar">
        <h1>Load tests</h1>
      </div>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="load tests" /> : null}
      {data && runs.length === 0 ? (
        <p className="muted">
          No load test yet. Run <Command text="npx --no switchyard loadtest --model NAME --rps 10 --duration 30s" /> (against the built-in simulator, a <Command text="--config" />, or a running{' '}
          <Command text="--gateway" /> with <Command text="--admin-key" />).
        </p>
      ) : null}
      {runs.length === 1 ? <p className="muted" data-testid="charts-later">The charts compare runs: they appear with the second run.</p> : null}
      {runs.length > 0 ? (
        <>
          {/* One run is one point per series: uPlot then spreads a tiny range over the axis (19.4 and 20 requests/s looked far apart) and labels every tick 00:00. */}
          {runs.length > 1 ? (
            <div className="grid2">
              <TimeChart
                title="Latency per run"
                unit="milliseconds"
                format={(v) => ms(v)}
                ts={runs.map((r) => r.at)}
                series={[
                  { label: 'p50', values: runs.map((r) => r.report.latencyMs.p50) },
                  { label: 'p99', values: runs.map((r) => r.report.latencyMs.p99) },
                  { label: 'TTFT p50', values: runs.map((r) => r.report.ttftMs.p50) },
                ]}
              />
              <TimeChart
                title="Requests per second"
                unit="asked and answered"
                ts={runs.map((r) => r.at)}
                series={[
                  { label: 'asked', values: runs.map((r) => r.report.rps) },
                  { label: 'answered', values: runs.map((r) => r.report.throughputRps) },
                ]}
              />
            </div>
          ) : null}
          {/* Its figures stay on one line each, so below ~1,100 px the table is wider than the column:
              it scrolls in its box, as the other pages' tables do, not the whole page; on a phone each
              run is a card (it scrolled 545 px sideways at 390). */}
          <div className="scroll-x" style={{ marginTop: 16 }}>
            <table className="table stack" data-testid="loadtests">
              <thead>
                <tr>
                  <th>when</th>
                  <th>model · gateway</th>
                  <th>rate</th>
                  <th>ok / due</th>
                  <th>latency p50 / p99</th>
                  <th>TTFT p50</th>
                  <th>cost per month at this rate</th>
                  <th>bottleneck</th>
                </tr>
              </thead>
              <tbody>
                {[...runs].reverse().map((r) => (
                  <tr key={r.id} data-testid={`loadtest-${r.id}`}>
                    <td data-label="when" className="small">
                      <When ts={r.at} />
                    </td>
                    <td data-label="model · gateway">
                      {/* --model takes any name: cut to a line, whole on hover. */}
                      <Label text={r.model} />
                      {/* Runs against two replicas look alike but for this: which gateway was loaded. */}
                      <div className="small muted">
                        <Label text={r.report.target} max={60} />
                      </div>
                    </td>
                    <td data-label="rate" className="nowrap">
                      {r.report.rps}/s for {r.report.durationMs / 1000} s
                    </td>
                    <td data-label="ok / due" className="nowrap">
                      {r.report.requests.ok} / {r.report.requests.due}
                      <UnreliableBadge report={r.report} />
                    </td>
                    <td data-label="latency p50 / p99" className="nowrap">
                      {ms(r.report.latencyMs.p50)} / {ms(r.report.latencyMs.p99)}
                    </td>
                    <td data-label="TTFT p50" className="nowrap">
                      {ms(r.report.ttftMs.p50)}
                    </td>
                    <td data-label="cost per month" title={monthlyCost(r.report.cost).title} data-testid="loadtest-cost">
                      {monthlyCost(r.report.cost).text}
                    </td>
                    <td data-label="bottleneck" className="small bottleneck" title={r.report.bottleneck.reason}>
                      <b>{r.report.bottleneck.kind}</b>: {r.report.bottleneck.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

/**
 * The `unreliable` flag `loadtest` prints and its JSON report carries: a run whose figures rest on
 * fewer than 5 answers, the reason on hover. A report saved before the field has its verdict read
 * from its counts, as the CLI's summary reads it.
 */
function UnreliableBadge({ report }: { report: StoredLoadtest['report'] }) {
  const reason = report.unreliable ?? unreliableRun(report.requests);
  if (!reason) return null;
  return (
    <span className="pill bad unreliable" title={reason} data-testid="loadtest-unreliable">
      unreliable
    </span>
  );
}

/**
 * A run's projected cost per month; answers from a model with no price cost an unknown amount,
 * so the cell says "unpriced" when all were and "≥ $x" (with how many on hover) when some were.
 */
function monthlyCost(cost: StoredLoadtest['report']['cost']): { text: string; title?: string } {
  const unpriced = cost.unpriced ?? 0;
  const title = unpriced > 0 ? `${unpriced} calls answered by a model with no price (${(cost.unpricedModels ?? []).join(', ')}): their cost is unknown` : undefined;
  if (cost.perMonthUsd === null) return unpriced > 0 ? { text: 'unpriced', title } : { text: '–' };
  return unpriced > 0 ? { text: `≥ ${usd(cost.perMonthUsd)}`, title } : { text: usd(cost.perMonthUsd) };
}
