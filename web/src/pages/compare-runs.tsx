import { useMemo } from 'react';
import { qs } from '../api.js';
import { useApi } from '../components/use-api.js';
import { Command, ErrorBox, Label, Loading, LongText } from '../components/ui.js';
import { ms, num, pct, time, usd } from '../format.js';
import { navigate, type Route } from '../router.js';
import type { ResultRecord, RunComparison, RunRecord, SideSpend } from '../types.js';
import { points } from './runs.js';

/** Two runs side by side: per-variant paired differences and every case whose quality changed. */
export function CompareRunsPage({ route }: { route: Route }) {
  const a = route.query.get('a') ?? '';
  const b = route.query.get('b') ?? '';
  const runs = useApi<{ runs: RunRecord[] }>('/api/evals/runs?limit=100');
  const ready = a && b;
  const comparison = useApi<RunComparison>(ready ? `/api/evals/compare${qs({ a, b })}` : null);
  const resultsA = useApi<{ results: ResultRecord[] }>(ready ? `/api/evals/runs/${encodeURIComponent(a)}/results?limit=1000` : null);
  const resultsB = useApi<{ results: ResultRecord[] }>(ready ? `/api/evals/runs/${encodeURIComponent(b)}/results?limit=1000` : null);
  const cases = useMemo(() => {
    if (!resultsA.data || !resultsB.data) return [];
    const byKey = new Map(resultsA.data.results.filter((r) => r.repeat === 0).map((r) => [`${r.variant}\u0000${r.caseId}`, r]));
    // Cases pair as the comparison pairs variants: two experiments' one variant each (small → claude) pair across names.
    const variantA = new Map((comparison.data?.variants ?? []).map((v) => [v.variantB, v.variantA]));
    return resultsB.data.results
      .filter((r) => r.repeat === 0)
      .flatMap((rb) => {
        const ra = byKey.get(`${variantA.get(rb.variant) ?? rb.variant}\u0000${rb.caseId}`);
        return ra ? [{ a: ra, b: rb, delta: (rb.quality ?? 0) - (ra.quality ?? 0) }] : [];
      })
      .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  }, [resultsA.data, resultsB.data, comparison.data]);
  const pick = (side: 'a' | 'b', value: string) => navigate('/evals/compare', { a, b, [side]: value });
  const options = (runs.data?.runs ?? []).map((r) => (
    <option key={r.id} value={r.id}>
      {r.name} · {r.id} · {time(r.createdAt)}
    </option>
  ));
  return (
    <div>
      <h1>Compare runs</h1>
      {/* The runs' names are long: beside the title, B wrapped under A at 1280 px. */}
      <div className="toolbar">
        <label className="inline">
          A{' '}
          <select aria-label="run a" value={a} onChange={(e) => pick('a', e.target.value)}>
            <option value="">choose…</option>
            {options}
          </select>
        </label>
        <label className="inline">
          B{' '}
          <select aria-label="run b" value={b} onChange={(e) => pick('b', e.target.value)}>
            <option value="">choose…</option>
            {options}
          </select>
        </label>
      </div>
      <ErrorBox error={runs.error ?? comparison.error ?? resultsA.error ?? resultsB.error} />
      {comparison.data ? (
        <div className="scroll-x">
        <table className="table" data-testid="comparison">
          <thead>
            <tr>
              <th>variant A → B</th>
              <th className="num">cases</th>
              <th className="num">mean A</th>
              <th className="num">mean B</th>
              <th>B − A [95% CI]</th>
              <th>McNemar (only A / only B passed)</th>
              <th className="num">cost / case A → B</th>
              <th className="num">p50 A → B</th>
            </tr>
          </thead>
          <tbody>
            {comparison.data.variants.map((v) => (
              <tr key={`${v.variantA}-${v.variantB}`}>
                <td>
                  <Label text={v.variantA} max={32} /> → <Label text={v.variantB} max={32} />
                </td>
                <td className="num">{v.n}</td>
                {/* As a percentage, like the run page and the B − A points beside it (it read 0.825 here, 82.5% there). */}
                <td className="num">{pct(v.meanA)}</td>
                <td className="num">{pct(v.meanB)}</td>
                <td className={`mono ${v.difference.high < 0 ? 'bad-text' : v.difference.low > 0 ? 'ok-text' : ''}`}>{points(v.difference)}</td>
                <td>
                  {v.mcnemar.onlyA} / {v.mcnemar.onlyB}, p = {num(v.mcnemar.pValue, 3)}
                </td>
                {/* What the better side costs and how long it takes: half of an experiment's answer. */}
                <td className="num" data-testid="spend-cost">
                  {v.spendA && v.spendB ? `${sideCost(v.spendA)} → ${sideCost(v.spendB)}` : '–'}
                </td>
                <td className="num">{v.spendA && v.spendB ? `${ms(v.spendA.latencyP50Ms)} → ${ms(v.spendB.latencyP50Ms)}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {/* A run whose every call failed (the simulator not started) measures nothing: said, not compared. */}
        {comparison.data.unanswered.map((u) => (
          <p key={`${u.run}-${u.variant}`} className="bad-text" data-testid="unanswered">
            Not compared: run {u.run === comparison.data?.runA ? 'A' : 'B'} answered no case of variant <Label text={u.variant} max={32} /> ({u.cases} of {u.cases} cases failed{u.firstError ? `; first error: ${u.firstError}` : ''}).
          </p>
        ))}
        </div>
      ) : ready ? (
        <Loading what="comparison" />
      ) : (
        <TwoRuns count={runs.data?.runs.length} />
      )}
      {cases.length ? (
        <>
          <h2>Per-case differences ({cases.filter((c) => c.delta !== 0).length} changed)</h2>
          <div className="scroll-x">
          <table className="table small" data-testid="case-diffs">
            <thead>
              <tr>
                <th>case</th>
                <th>variant</th>
                <th className="num">A</th>
                <th className="num">B</th>
                <th className="num">Δ</th>
                <th>output A</th>
                <th>output B</th>
              </tr>
            </thead>
            <tbody>
              {cases.map(({ a: ra, b: rb, delta }) => (
                <tr key={`${rb.variant}-${rb.caseId}`}>
                  <td className="mono">
                    <Label text={rb.caseId} max={32} />
                  </td>
                  <td>
                    <Label text={rb.variant} max={32} />
                  </td>
                  <td className="num">{pct(ra.quality, 0)}</td>
                  <td className="num">{pct(rb.quality, 0)}</td>
                  <td className={`num ${delta < 0 ? 'bad-text' : delta > 0 ? 'ok-text' : ''}`}>{delta === 0 ? '0' : `${delta > 0 ? '+' : ''}${num(delta * 100, 0)} pts`}</td>
                  <td className="cell-text">
                    <LongText>{ra.error ?? ra.output}</LongText>
                  </td>
                  <td className="cell-text">
                    <LongText>{rb.error ?? rb.output}</LongText>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <div className="muted small" data-testid="case-counts">
            {cases.filter((c) => c.delta > 0).length} of {cases.length} cases improved, {cases.filter((c) => c.delta < 0).length} regressed, {cases.filter((c) => c.delta === 0).length} unchanged.
          </div>
        </>
      ) : null}
    </div>
  );
}

/** What to do before runs can be compared: "Choose two runs." with one run in the list asked the impossible. */
function TwoRuns({ count }: { count: number | undefined }) {
  if (count === undefined || count >= 2) return <div className="muted">Choose two runs.</div>;
  return (
    <div className="muted" data-testid="two-runs">
      Comparing needs two runs, and there {count === 1 ? 'is one' : 'are none'} so far. Run a suite again after a change (<Command text="npx --no switchyard eval rerun last" /> repeats the last run exactly) or run
      another one, then pick both here.
    </div>
  );
}

/** A side's cost per case, a lower bound (≥) when some answers were unpriced, as the run page says it. */
function sideCost(side: SideSpend): string {
  if (side.unpriced <= 0) return usd(side.costPerCaseUsd);
  return side.unpriced >= side.results ? 'unpriced' : `≥ ${usd(side.costPerCaseUsd)}`;
}
