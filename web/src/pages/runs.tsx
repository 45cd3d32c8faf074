import { useMemo } from 'react';
import { qs } from '../api.js';
import { CostQualityScatter } from '../components/scatter.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, Loading } from '../components/ui.js';
import { count, ms, num, pct, time, usd } from '../format.js';
import { href, navigate, type Route } from '../router.js';
import type { Interval, ResultRecord, RunComparison, RunRecord } from '../types.js';

const interval = (i: Interval | undefined, digits = 3) => (i ? `${num(i.estimate, digits)} [${num(i.low, digits)}, ${num(i.high, digits)}]` : '–');

/** Eval runs, newest first. */
export function RunsPage() {
  const { data, error } = useApi<{ runs: RunRecord[] }>('/api/evals/runs?limit=100');
  return (
    <div>
      <div className="toolbar">
        <h1>Eval runs</h1>
        <a href={href('/evals/compare')}>Compare two runs →</a>
      </div>
      <ErrorBox error={error} />
      {data ? (
        <table className="table" data-testid="runs">
          <thead>
            <tr>
              <th>run</th>
              <th>dataset</th>
              <th>status</th>
              <th>variants</th>
              <th className="num">best quality</th>
              <th>started</th>
            </tr>
          </thead>
          <tbody>
            {data.runs.map((run) => {
              const best = run.summary?.variants.reduce((a, b) => (b.quality.estimate > a.quality.estimate ? b : a));
              return (
                <tr key={run.id}>
                  <td>
                    <a href={href(`/evals/${encodeURIComponent(run.id)}`)}>{run.name}</a> <span className="mono small muted">{run.id}</span>
                  </td>
                  <td>
                    {run.dataset} v{run.datasetVersion}
                  </td>
                  <td>
                    <span className={run.status === 'completed' ? 'pill ok' : run.status === 'failed' ? 'pill bad' : 'pill'}>{run.status}</span>
                  </td>
                  <td>{Object.keys(run.variants).join(', ')}</td>
                  <td className="num">{best ? `${num(best.quality.estimate)} (${best.variant})` : '–'}</td>
                  <td>{time(run.createdAt)}</td>
                </tr>
              );
            })}
            {data.runs.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  No runs yet: switchyard eval run suite.yaml records one here.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** One run: per-variant quality with intervals, cost and latency, the cost–quality frontier, and its cases. */
export function RunPage({ id }: { id: string; tab?: string }) {
  const { data: run, error } = useApi<RunRecord>(`/api/evals/runs/${encodeURIComponent(id)}`);
  const results = useApi<{ results: ResultRecord[]; total: number }>(`/api/evals/runs/${encodeURIComponent(id)}/results?limit=200`);
  if (error) return <ErrorBox error={error} />;
  if (!run) return <Loading what="run" />;
  const variants = run.summary?.variants ?? [];
  return (
    <div>
      <div className="toolbar">
        <h1>{run.name}</h1>
        <span className="muted">
          {run.dataset} v{run.datasetVersion} · {run.status} · {time(run.createdAt)} {run.gitCommit ? `· ${run.gitCommit.slice(0, 8)}` : ''}
        </span>
        <a href={href(`/evals/compare${qs({ a: run.id })}`)}>Compare with…</a>
      </div>
      <div className="grid2 wide-left">
        <table className="table" data-testid="variants">
          <thead>
            <tr>
              <th>variant</th>
              <th>model</th>
              <th>quality [95% CI]</th>
              <th>pass rate [95% CI]</th>
              <th className="num">cost / case</th>
              <th className="num">total cost</th>
              <th className="num">p50 / p95</th>
              <th>frontier</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((v) => (
              <tr key={v.variant}>
                <td>{v.variant}</td>
                <td>{v.model}</td>
                <td className="mono">{interval(v.quality)}</td>
                <td className="mono">{interval(v.passRate, 2)}</td>
                <td className="num">{usd(v.costPerCaseUsd)}</td>
                <td className="num">{usd(v.costUsd)}</td>
                <td className="num">
                  {ms(v.latencyP50Ms)} / {ms(v.latencyP95Ms)}
                </td>
                <td>{v.pareto ? '★ Pareto' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="card">
          <div className="chart-title">Cost against quality</div>
          {variants.length ? <CostQualityScatter variants={variants} /> : <div className="muted">No summary yet.</div>}
        </div>
      </div>
      {run.summary?.pairs.length ? (
        <>
          <h2>Paired differences (b − a)</h2>
          <ul className="list">
            {run.summary.pairs.map((p) => (
              <li key={`${p.a}-${p.b}`}>
                {p.b} − {p.a}: <span className="mono">{interval(p.difference)}</span> over {p.n} cases
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Cases {results.data ? `(${count(results.data.total)} results)` : ''}</h2>
      <ErrorBox error={results.error} />
      <table className="table small">
        <thead>
          <tr>
            <th>case</th>
            <th>variant</th>
            <th className="num">quality</th>
            <th>pass</th>
            <th>output</th>
            <th>scores</th>
          </tr>
        </thead>
        <tbody>
          {(results.data?.results ?? []).map((r) => (
            <tr key={`${r.variant}-${r.caseId}-${r.repeat}`}>
              <td className="mono">{r.caseId}</td>
              <td>{r.variant}</td>
              <td className="num">{num(r.quality)}</td>
              <td>{r.pass === null ? '–' : r.pass ? '✓' : '✗'}</td>
              <td className="cell-text">{r.error ? `error: ${r.error}` : r.output}</td>
              <td className="small">{r.scores.map((s) => `${s.scorer} ${num(s.score)}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

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
    return resultsB.data.results
      .filter((r) => r.repeat === 0)
      .flatMap((rb) => {
        const ra = byKey.get(`${rb.variant}\u0000${rb.caseId}`);
        return ra ? [{ a: ra, b: rb, delta: (rb.quality ?? 0) - (ra.quality ?? 0) }] : [];
      })
      .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  }, [resultsA.data, resultsB.data]);
  const pick = (side: 'a' | 'b', value: string) => navigate('/evals/compare', { a, b, [side]: value });
  const options = (runs.data?.runs ?? []).map((r) => (
    <option key={r.id} value={r.id}>
      {r.name} · {r.id} · {time(r.createdAt)}
    </option>
  ));
  return (
    <div>
      <div className="toolbar">
        <h1>Compare runs</h1>
        <label>
          A{' '}
          <select aria-label="run a" value={a} onChange={(e) => pick('a', e.target.value)}>
            <option value="">choose…</option>
            {options}
          </select>
        </label>
        <label>
          B{' '}
          <select aria-label="run b" value={b} onChange={(e) => pick('b', e.target.value)}>
            <option value="">choose…</option>
            {options}
          </select>
        </label>
      </div>
      <ErrorBox error={runs.error ?? comparison.error ?? resultsA.error ?? resultsB.error} />
      {comparison.data ? (
        <table className="table" data-testid="comparison">
          <thead>
            <tr>
              <th>variant A → B</th>
              <th className="num">cases</th>
              <th className="num">mean A</th>
              <th className="num">mean B</th>
              <th>B − A [95% CI]</th>
              <th>McNemar (only A / only B passed)</th>
            </tr>
          </thead>
          <tbody>
            {comparison.data.variants.map((v) => (
              <tr key={`${v.variantA}-${v.variantB}`}>
                <td>
                  {v.variantA} → {v.variantB}
                </td>
                <td className="num">{v.n}</td>
                <td className="num">{num(v.meanA, 3)}</td>
                <td className="num">{num(v.meanB, 3)}</td>
                <td className={`mono ${v.difference.high < 0 ? 'bad-text' : v.difference.low > 0 ? 'ok-text' : ''}`}>{interval(v.difference)}</td>
                <td>
                  {v.mcnemar.onlyA} / {v.mcnemar.onlyB}, p = {num(v.mcnemar.pValue, 3)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : ready ? (
        <Loading what="comparison" />
      ) : (
        <div className="muted">Choose two runs.</div>
      )}
      {cases.length ? (
        <>
          <h2>Per-case differences ({cases.filter((c) => c.delta !== 0).length} changed)</h2>
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
                  <td className="mono">{rb.caseId}</td>
                  <td>{rb.variant}</td>
                  <td className="num">{num(ra.quality)}</td>
                  <td className="num">{num(rb.quality)}</td>
                  <td className={`num ${delta < 0 ? 'bad-text' : delta > 0 ? 'ok-text' : ''}`}>{delta === 0 ? '0' : `${delta > 0 ? '+' : ''}${num(delta)}`}</td>
                  <td className="cell-text">{ra.error ?? ra.output}</td>
                  <td className="cell-text">{rb.error ?? rb.output}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="muted small">{pct(cases.filter((c) => c.delta > 0).length / cases.length, 0)} of cases improved.</div>
        </>
      ) : null}
    </div>
  );
}
