import { count, pct, usd } from '../format.js';
import type { RouteReport } from '../types.js';
import { Label } from './ui.js';

/**
 * A cascade's calls step by step, as `switchyard routes` prints them (`RouteReport.cascade`):
 * each target, how many calls came to it, how many it answered and how many went on, and what a
 * call it answered cost, its earlier steps included.
 *
 * @example <CascadeSteps steps={report.cascade} />
 */
export function CascadeSteps({ steps }: { steps: NonNullable<RouteReport['cascade']> }) {
  return (
    <>
    <p className="small muted">Cascade steps: each target in turn, until an answer passes the route's check. A call is counted at every step up to the one that answered it.</p>
    <table className="table stack" data-testid="cascade-steps">
      <thead>
        <tr>
          <th>step</th>
          <th className="num">reached</th>
          <th className="num">answered here</th>
          <th className="num">passed on</th>
          <th className="num" title="a call this step answered, every step it went through included">mean cost</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.step}>
            <td data-label="step">
              {s.step}. <Label text={s.target} />
            </td>
            <td data-label="reached" className="num">{count(s.reached)}</td>
            <td data-label="answered here" className="num">
              {count(s.answered)}
              {s.answeredShare === null ? null : <span className="muted small"> ({pct(s.answeredShare)})</span>}
            </td>
            <td data-label="passed on" className="num">{count(s.passedOn)}</td>
            <td data-label="mean cost" className="num">{s.meanCostUsd === null ? '–' : usd(s.meanCostUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  );
}
