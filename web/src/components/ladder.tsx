import { ms, pct, usd } from '../format.js';
import { href } from '../router.js';
import type { LadderReport } from '../types.js';
import { qualityRange, RuleOfThreeMark } from './rule-of-three.js';
import { SimulatedPill } from './simulated.js';

/**
 * The last ladder report of a route: each rung's quality, cost and latency, and the rung that pays;
 * `simulated` when the simulator answered (its qualities are no real model's).
 */
export function LadderCard({ report, runId, simulated = false }: { report: LadderReport; runId: string; simulated?: boolean }) {
  return (
    <div data-testid={`ladder-${report.route}`}>
      <h3>
        Ladder <span className="muted small">on {report.dataset}@{report.datasetVersion}, {report.rungs[0]?.cases ?? 0} cases</span>
        {simulated ? (
          <>
            {' '}
            <SimulatedPill testId="ladder-simulated" />
          </>
        ) : null}
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th>rung</th>
            <th className="num">quality (95% CI)</th>
            <th className="num">cost / 1k</th>
            <th className="num">per month</th>
            <th className="num">p50</th>
            <th>notes</th>
          </tr>
        </thead>
        <tbody>
          {report.rungs.map((r) => (
            <tr key={r.name} className={r.name === report.pays ? 'highlight' : ''}>
              <td>
                {r.name}
                {r.name === report.pays ? <span className="pill ok">pays</span> : null}
              </td>
              <td className="num">
                {qualityRange(r.quality)}
                <RuleOfThreeMark interval={r.quality} cases={r.cases} />
              </td>
              <td className="num">{usd(r.costPer1kUsd)}</td>
              <td className="num">{r.monthlyCostUsd === null ? '–' : usd(r.monthlyCostUsd)}</td>
              <td className="num">{ms(r.latencyP50Ms)}</td>
              <td className="small">
                {[r.retrievalMs ? `retrieval ${ms(r.retrievalMs.p50)}` : '', r.groundedShare !== undefined ? `grounded ${pct(r.groundedShare)}` : '', r.localShare !== undefined ? `local ${pct(r.localShare)}` : '']
                  .filter(Boolean)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">{report.reason}</p>
      {report.missing.map((m) => (
        <div key={m.name} className="muted small">
          not run: {m.name} — {m.reason}
        </div>
      ))}
      <a className="small" href={href(`/evals/${runId}`)}>
        eval run {runId}
      </a>
    </div>
  );
}
