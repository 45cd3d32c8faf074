import { useState } from 'react';
import { api, qs } from '../api.js';
import { CostQualityScatter } from '../components/scatter.js';
import { useApi } from '../components/use-api.js';
import { EmptyRow, ErrorBox, Label, Loading, LongText, When } from '../components/ui.js';
import { count, ms, num, pct, plural, valueText as text, variantCost } from '../format.js';
import { href } from '../router.js';
import type { Interval, ResultRecord, RunRecord } from '../types.js';
import { ranOnSimulator, SimulatedPill } from '../components/simulated.js';
import { RuleOfThreeMark, zeroWidth } from '../components/rule-of-three.js';

/** A difference of proportions in points with its interval, as the CLI says it: "+17.5 pts [+0.0, +52.5]". */
export const points = (i: Interval | undefined) => {
  if (!i || Number.isNaN(i.estimate)) return '–';
  const f = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  // A stored interval of no width (a run summarised before the rule of three) claims a certainty its cases cannot give.
  if (zeroWidth(i)) return `${f(i.estimate)} pts (n too small)`;
  return `${f(i.estimate)} pts [${f(i.low)}, ${f(i.high)}]`;
};

/** A proportion with its 95% interval, in the CLI's units: "82.5% [47.5–100.0]". */
export const interval = (i: Interval | undefined) => (i ? (zeroWidth(i) ? pct(i.estimate) : `${pct(i.estimate)} [${num(i.low * 100, 1)}–${num(i.high * 100, 1)}]`) : '–');

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
        <div className="scroll-x">
          <table className="table stack" data-testid="runs">
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
                    <td data-label="run">
                      {/* Names cut to one line (whole on hover): a 47-character suite name and a 46-character variant,
                          uncut, pushed "started" out of the list's box at 1,366 px and broke the variants at each hyphen. */}
                      <a href={href(`/evals/${encodeURIComponent(run.id)}`)}>
                        <Label text={run.name} max={40} />
                      </a>{' '}
                      <span className="mono small muted">{run.id}</span>
                    </td>
                    <td data-label="dataset">
                      {run.dataset} v{run.datasetVersion}
                    </td>
                    <td data-label="status">
                      <span className={run.status === 'completed' ? 'pill ok' : run.status === 'failed' ? 'pill bad' : 'pill'}>{run.status}</span>
                    </td>
                    <td data-label="variants">
                      {Object.keys(run.variants).map((v, i) => (
                        <span key={v}>
                          {i > 0 ? ', ' : null}
                          <Label text={v} max={24} />
                        </span>
                      ))}
                      {/* As on the run page: scores of the simulator's answers say nothing about a real model. */}
                      {ranOnSimulator(run) ? (
                        <>
                          {' '}
                          <SimulatedPill testId="run-simulated" />
                        </>
                      ) : null}
                    </td>
                    <td data-label="best quality" className="num">
                      {best ? (
                        <>
                          {pct(best.quality.estimate)} (<Label text={best.variant} max={24} />)
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td data-label="started">
                      <When ts={run.createdAt} />
                    </td>
                  </tr>
                );
              })}
              {data.runs.length === 0 ? (
                <EmptyRow columns={6}>No runs yet: switchyard eval run suite.yaml records one here.</EmptyRow>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** One run: per-variant quality with intervals, cost and latency, the cost–quality frontier, and its cases. */
export function RunPage({ id }: { id: string; tab?: string }) {
  const { data: run, error } = useApi<RunRecord>(`/api/evals/runs/${encodeURIComponent(id)}`);
  const results = useApi<{ results: ResultRecord[]; total: number }>(`/api/evals/runs/${encodeURIComponent(id)}/results?limit=1000`);
  const [queued, setQueued] = useState<string | undefined>();
  const [queueError, setQueueError] = useState<string | undefined>();
  // A person checks what the scorers flagged: each weak case goes to review with its expected output and scores.
  const weak = (results.data?.results ?? []).filter((r) => (r.quality ?? 0) < 0.5);
  const queueWeak = async () => {
    try {
      const { added, already } = await api<{ added: number; already: number }>(`/api/evals/runs/${encodeURIComponent(id)}/review`, { method: 'POST', body: {} });
      setQueued(`Queued ${added} low-scoring case${added === 1 ? '' : 's'} for review${already ? ` (${already} already in the queue)` : ''}.`);
    } catch (e) {
      setQueueError((e as Error).message);
    }
  };
  if (error) return <ErrorBox error={error} />;
  if (!run) return <Loading what="run" />;
  const variants = run.summary?.variants ?? [];
  return (
    <div>
      <div className="toolbar">
        <h1>{run.name}</h1>
        <span className="muted">
          {run.dataset} v{run.datasetVersion} · {run.status} · <When ts={run.createdAt} /> {run.gitCommit ? `· ${run.gitCommit.slice(0, 8)}` : ''}
        </span>
        <a href={href(`/evals/compare${qs({ a: run.id })}`)}>Compare with…</a>
        <button type="button" disabled={weak.length === 0} onClick={() => void queueWeak()}>
          Review {weak.length} low-scoring case{weak.length === 1 ? '' : 's'}
        </button>
        {queued ? <span className="ok-text">{queued}</span> : null}
      </div>
      <ErrorBox error={queueError} />
      <div className="run-summary">
        <div className="scroll-x">
        <table className="table stack" data-testid="variants">
          <thead>
            <tr>
              <th>variant</th>
              <th>model</th>
              <th>quality [95% CI]</th>
              <th>pass rate [95% CI]</th>
              <th className="num">cost / case</th>
              <th className="num">total cost</th>
              <th className="num">p50 / p95</th>
              <th title="calls that failed, and scores a scorer could not give (a judge's unreadable reply); the cases below say why">errors</th>
              <th>frontier</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((v) => (
              <tr key={v.variant}>
                <td data-label="variant">
                  <Label text={v.variant} max={32} />
                </td>
                <td data-label="model">
                  <Label text={v.model} max={32} />
                  {run.variants[v.variant]?.targets?.some((t) => t.simulated) ? <SimulatedPill /> : null}
                </td>
                <td data-label="quality [95% CI]" className="mono">
                  {interval(v.quality)}
                  <RuleOfThreeMark interval={v.quality} cases={v.cases} />
                </td>
                <td data-label="pass rate [95% CI]" className="mono">{interval(v.passRate)}</td>
                <td data-label="cost / case" className="num" title={variantCost(v, true).title} data-testid="variant-cost-per-case">
                  {variantCost(v, true).text}
                </td>
                <td data-label="total cost" className="num" title={variantCost(v).title} data-testid="variant-cost">
                  {variantCost(v).text}
                </td>
                <td data-label="p50 / p95" className="num">
                  {ms(v.latencyP50Ms)} / {ms(v.latencyP95Ms)}
                </td>
                {/* As the CLI's table: without it, a run whose every judge score failed showed its quality as if judged. */}
                <td data-label="errors" className={v.errors + v.scorerErrors > 0 ? 'nowrap bad-text' : 'nowrap'} data-testid="variant-errors">
                  {v.errors + v.scorerErrors === 0 ? '0' : `${plural(v.errors, 'call')}, ${plural(v.scorerErrors, 'score')}`}
                </td>
                <td data-label="frontier">{v.pareto ? 'Pareto' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        <div className="card">
          <div className="chart-title">Cost against quality</div>
          {variants.length ? <CostQualityScatter variants={variants} /> : <div className="muted">No summary yet.</div>}
        </div>
      </div>
      {run.summary?.pairs.length ? <PairedDifferences pairs={run.summary.pairs} /> : null}
      <h2>Cases {results.data ? `(${count(results.data.total)} results)` : ''}</h2>
      <ErrorBox error={results.error} />
      {/* Case ids and variant names come from the suite: cut to a line, and the table scrolls in its box, not the page. */}
      <div className="scroll-x">
      <table className="table small stack" data-testid="cases">
        <thead>
          <tr>
            <th>case</th>
            <th>variant</th>
            <th className="num">quality</th>
            <th>pass</th>
            <th>input · expected</th>
            <th>output</th>
            <th>scores</th>
          </tr>
        </thead>
        <tbody>
          {(results.data?.results ?? []).map((r) => (
            <tr key={`${r.variant}-${r.caseId}-${r.repeat}`}>
              <td className="mono">
                {r.traceId ? (
                  <a href={href(`/traces/${encodeURIComponent(r.traceId)}`)}>
                    <Label text={r.caseId} max={32} />
                  </a>
                ) : (
                  <Label text={r.caseId} max={32} />
                )}
              </td>
              <td data-label="variant">
                <Label text={r.variant} max={32} />
              </td>
              <td data-label="quality" className="num">{pct(r.quality, 0)}</td>
              <td data-label="pass">{r.pass === null ? '–' : r.pass ? 'pass' : 'fail'}</td>
              <td data-label="input · expected" className="cell-text" data-testid="case-input">
                <LongText>{text(r.input)}</LongText>
                {r.expected !== undefined ? (
                  <div className="muted">
                    <LongText>expected: {text(r.expected)}</LongText>
                  </div>
                ) : null}
              </td>
              <td data-label="output" className="cell-text">
                <LongText>{r.error ? `error: ${r.error}` : r.output}</LongText>
              </td>
              <td data-label="scores" className="small" data-testid="case-scores">
                {r.scores.map((s) => (
                  <div key={s.scorer}>
                    {s.scorer} {s.error ? `error: ${s.error}` : `${pct(s.score, 0)} ${s.pass ? 'pass' : 'fail'}`}
                    {s.reason ? <div className="muted">{s.reason}</div> : null}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

type Pair = NonNullable<RunRecord['summary']>['pairs'][number];

/**
 * Beside a paired difference whose interval, or one end of it, is the rule of three's, says so
 * with the CLI's reason on hover (`ruleOfThreeReason`): "[-42.5, +52.5]" beside +17.5 from five
 * cases, none of them lower, reads like a bug unexplained.
 */
function PairRuleOfThree({ difference }: { difference: Pair['difference'] }) {
  if (!difference.ruleOfThree || zeroWidth(difference)) return null;
  const side = difference.ruleOfThreeSide;
  const why =
    side === 'low'
      ? "no case scored lower, so the low end is the rule of three's: the estimate − 3/n"
      : side === 'high'
        ? "no case scored higher, so the high end is the rule of three's: the estimate + 3/n"
        : `${difference.estimate === 0 ? 'both variants score every case the same' : 'every case differs by the same amount'}, so the interval is the rule of three's ±3/n`;
  return (
    <span className="muted small" data-testid="pair-rule-of-three" title={why}>
      {' '}
      (rule of three{side ? `, ${side} end` : ''})
    </span>
  );
}
const PAIRS_SHOWN = 12;

/**
 * Every pair of variants, b − a: n(n − 1)/2 of them, so a suite of 30 variants listed 435 lines.
 * Past 12, the differences the run shows (intervals clear of zero) come first, largest first, and
 * the rest wait behind a button.
 */
function PairedDifferences({ pairs }: { pairs: readonly Pair[] }) {
  const [all, setAll] = useState(false);
  const clear = (p: Pair) => !zeroWidth(p.difference) && (p.difference.low > 0 || p.difference.high < 0);
  const ranked = pairs.length <= PAIRS_SHOWN ? pairs : [...pairs].sort((x, y) => Number(clear(y)) - Number(clear(x)) || Math.abs(y.difference.estimate) - Math.abs(x.difference.estimate));
  const shown = all ? ranked : ranked.slice(0, PAIRS_SHOWN);
  return (
    <>
      <h2>Paired differences (b − a)</h2>
      <ul className="list" data-testid="pairs">
        {shown.map((p) => (
          <li key={`${p.a}\u0000${p.b}`}>
            <Label text={p.b} max={32} /> − <Label text={p.a} max={32} />: <span className="mono">{points(p.difference)}</span> over {p.n} cases
            <PairRuleOfThree difference={p.difference} />
          </li>
        ))}
      </ul>
      {pairs.length > PAIRS_SHOWN ? (
        <button type="button" onClick={() => setAll(!all)}>
          {all ? `Show the first ${PAIRS_SHOWN}` : `Show all ${pairs.length} pairs (${pairs.filter(clear).length} with a difference shown)`}
        </button>
      ) : null}
    </>
  );
}
