import { useMemo, useState } from 'react';
import { api } from '../api.js';
import { TimeChart } from '../components/chart.js';
import { afterGap, leadingGap, SeriesStart } from '../components/series-start.js';
import { useApi } from '../components/use-api.js';
import { RetentionNote } from '../components/retention-note.js';
import { TopicToDataset } from '../components/topic-dataset.js';
import { NamePicker } from '../components/name-picker.js';
import { ErrorBox, Label, Loading } from '../components/ui.js';
import { driftVerdict } from '../../../src/monitor/drift/drift-verdict.js';
import { ruleScope } from '../../../src/monitor/alerts/alert-state.js';
import { count, driftWindows, ms, num, pct, perStep, plural, time, usd, USD_CHART } from '../format.js';
import { href, navigate, type Route as PageRoute } from '../router.js';
import type { AlertEvent, DimensionsResponse, DriftReport, Overview, QualityReport, RuleStatus, TopicReport } from '../types.js';
import { qualityRange, RuleOfThreeMark } from '../components/rule-of-three.js';

const RANGES = ['1h', '24h', '7d', '30d'];

/**
 * What changed in the traffic and whether anyone was told: alert rules and their notifications,
 * drift reports (what moved, with example requests), a route's online quality beside its offline
 * eval runs, and per-topic traffic of the route.
 */
export function MonitoringPage({ route }: { route: PageRoute }) {
  const range = route.query.get('range') ?? '7d';
  const selected = route.query.get('route') ?? '';
  const drift = useApi<{ reports: DriftReport[] }>('/api/drift?limit=50');
  const alerts = useApi<{ rules: RuleStatus[]; events: AlertEvent[]; webhooks: string[] }>('/api/alerts');
  const routes = useApi<DimensionsResponse>('/api/dimensions');
  const choices = routes.data?.model ?? [];
  // Unchosen, the page opens on the busiest name in the range, not the first alphabetically (often a
  // model nobody calls), nor the route an alert rule watches (it opened on a quiet route one rule
  // named, whatever the traffic): each such rule links to its route instead. Decided once the
  // counts are in, so the cards below load once; an explicit choice (a link) is never asked.
  const busy = useApi<Overview>(selected ? null : `/api/overview?range=${encodeURIComponent(range)}&by=model&top=1`);
  const decided = selected !== '' || busy.data !== undefined || busy.error !== undefined;
  const shown = selected || (decided ? (busiest(busy.data?.breakdown, choices) ?? choices[0] ?? '') : '');
  // The list holds plain models beside routes: the cards' words say which one is shown, so they
  // wait for the names (a route read before them would be called a model), and for the choice (a
  // drift card drawn for no name said "once it has traffic" until the counts came in).
  const namesIn = decided && (routes.data !== undefined || routes.error !== undefined);
  const routeSet = useMemo(() => routeNames(routes.data), [routes.data]);
  const kind = routeSet.has(shown) ? 'route' : 'model';
  return (
    <div>
      <div className="toolbar">
        <h1>Monitoring</h1>
        {choices.length > 0 ? (
          // Typed to filter, not a select: a config with 316 models made the select a list nobody could scan.
          // Models and routes both: each route is tagged as one in the list.
          <NamePicker label="model or route" names={choices} value={shown} tagOf={(name) => (routeSet.has(name) ? 'route' : undefined)} onPick={(name) => navigate('/monitoring', { route: name, range })} />
        ) : null}
        <div className="segmented" role="group" aria-label="time range">
          {RANGES.map((r) => (
            <button key={r} type="button" className={r === range ? 'on' : ''} onClick={() => navigate('/monitoring', { route: shown, range: r })}>
              {r}
            </button>
          ))}
        </div>
      </div>
      {routes.data && choices.length === 0 ? <p className="muted">No traffic yet: each model and route that serves requests appears here, with its drift, online quality and topics.</p> : null}
      <AlertsCard data={alerts.data} error={alerts.error} range={range} />
      {namesIn ? <DriftCard reports={drift.data?.reports} error={drift.error} route={shown} kind={kind} onRun={drift.reload} /> : null}
      {shown && namesIn ? <QualityCard route={shown} kind={kind} range={range} /> : null}
      {shown && namesIn ? <TopicsCard route={shown} kind={kind} range={range} /> : null}
      <RetentionNote monitoring />
    </div>
  );
}

/**
 * The name with the most requests among `choices` (ties to the first by name), or undefined when
 * none of them served a request in the range.
 *
 * @example busiest([{ name: 'b', requests: 3 }, { name: 'a', requests: 3 }], ['a', 'b']) // 'a'
 */
export function busiest(breakdown: readonly { name: string; requests: number }[] | undefined, choices: readonly string[]): string | undefined {
  const offered = new Set(choices);
  let best: { name: string; requests: number } | undefined;
  for (const row of breakdown ?? []) {
    if (!offered.has(row.name) || row.requests <= 0) continue;
    if (!best || row.requests > best.requests || (row.requests === best.requests && row.name < best.name)) best = row;
  }
  return best?.name;
}

/** A model name, or a route's (which picks among models per request): how the page's sentences name it. */
type NameKind = 'route' | 'model';

/**
 * The names that are routes: the config's, and those that served as one (the `route` dimension
 * holds `route > branch` for every routed request, see `routeBranchOf`), a route since renamed included.
 *
 * @example routeNames({ routeNames: ['support'], route: ['old-support > (local)'] }) // Set { 'support', 'old-support' }
 */
function routeNames(dims: Pick<DimensionsResponse, 'route' | 'routeNames'> | undefined): Set<string> {
  return new Set([...(dims?.routeNames ?? []), ...(dims?.route ?? []).map((value) => value.slice(0, value.indexOf(' > ')))]);
}

/** A rule's value in its metric's unit: "5.5 ms", "6.5%", "$0.35"; a bare 5.489 or 0.065 says neither. */
function alertValue(metric: string, value: number): string {
  if (metric.endsWith('_ms')) return ms(value);
  if (metric.endsWith('_usd')) return usd(value);
  if (metric === 'error_rate' || metric === 'refusal_rate') return pct(value);
  if (metric === 'requests' || metric === 'trace_backlog') return count(value);
  return num(value, 2);
}

function AlertsCard({ data, error, range }: { data: { rules: RuleStatus[]; events: AlertEvent[]; webhooks: string[] } | undefined; error: string | undefined; range: string }) {
  return (
    <section className="card" data-testid="alerts">
      <h2>Alerts</h2>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="alerts" /> : null}
      {data && data.rules.length === 0 ? <p className="muted">No alert rules. Add monitoring.alerts to the config (see the README).</p> : null}
      {data && data.rules.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>rule</th>
              <th>state</th>
              <th>condition</th>
              <th className="num">last value</th>
              <th>since</th>
            </tr>
          </thead>
          <tbody>
            {data.rules.map(({ rule, state }) => (
              <tr key={rule.name}>
                {/* A rule on one route opens that route's cards below, in the same range. */}
                <td>{rule.route ? <a href={href('/monitoring', { route: rule.route, range })}>{rule.name}</a> : rule.name}</td>
                <td className={state?.status === 'firing' ? 'bad-text' : ''}>{state?.status ?? 'ok'}</td>
                <td>
                  {rule.metric} {rule.when === 'above' ? '>' : '<'} {rule.threshold} over {rule.window_minutes} min{ruleScope(rule).map((part) => ` · ${part}`).join('')}
                </td>
                <td className="num">
                  {/* A checked rule without a value had too little traffic: "firing" beside a bare "–" looked broken. */}
                  {state && state.value === null ? (
                    <span className="muted small" title="At the last check the window held too little traffic to compute the metric; the state stays as it was until it does.">
                      too little traffic
                    </span>
                  ) : state?.value === null || state?.value === undefined ? (
                    '–'
                  ) : (
                    alertValue(rule.metric, state.value)
                  )}
                </td>
                <td>{state ? time(state.since) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.events.length > 0 ? (
        <>
          <h3>Notifications</h3>
          <ul>
            {data.events.slice(0, 20).map((e) => (
              <li key={e.id}>
                <span className="muted small">{time(e.at)}</span> {e.message}{' '}
                <span className="muted small">{e.deliveries.map((d) => `${d.webhook}: ${d.ok ? 'delivered' : `failed (${d.error ?? ''})`}`).join(' · ') || 'no webhook'}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function DriftCard({ reports, error, route, kind, onRun }: { reports: DriftReport[] | undefined; error: string | undefined; route: string; kind: NameKind; onRun: () => void }) {
  const [running, setRunning] = useState<string | undefined>();
  // The route's own reports; all-traffic ones only when it has none, and then said so: one chart
  // line and one "latest" mixing both scopes put an all-traffic report under the route's name.
  const own = (reports ?? []).filter((r) => r.route === route);
  const ofRoute = own.length > 0 ? own : (reports ?? []).filter((r) => r.route === null);
  const latest = ofRoute[0];
  const run = () => {
    setRunning('running…');
    api<DriftReport>('/api/drift', { method: 'POST', body: { route } }).then(
      () => (setRunning(undefined), onRun()),
      (e: Error) => setRunning(e.message),
    );
  };
  const series = ofRoute.slice().reverse();
  // A report that tested nothing (too few traces) has no score: drawn as 0 it read as "no drift".
  const scores = series.map((r) => (driftVerdict(r) === 'not tested' ? null : r.score));
  const untested = scores.filter((v) => v === null).length;
  return (
    <section className="card" data-testid="drift">
      <h2>
        Drift <span className="muted small">{route}</span>{' '}
        <button type="button" onClick={run} disabled={!route}>
          Run now
        </button>{' '}
        <span className="muted small">{running}</span>
      </h2>
      <ErrorBox error={error} />
      {!reports && !error ? <Loading what="drift reports" /> : null}
      {reports && !latest && route ? <p className="muted">No drift report for this {kind} yet: the monitor writes one every monitoring.drift.every_minutes, or press Run now.</p> : null}
      {reports && !latest && !route ? <p className="muted">Drift compares a model's or route's recent traffic with the week before, once it has traffic.</p> : null}
      {latest && own.length === 0 ? <p className="muted">No drift report for {route} yet (Run now makes one); these are for all traffic.</p> : null}
      {series.length > 1 ? <TimeChart title="Drift score (largest drifted effect)" ts={series.map((r) => r.createdAt)} series={[{ label: 'score', values: scores }]} format={(v) => v.toFixed(2)} height={120} yRange={[0, 1]} /> : null}
      {series.length > 1 && untested > 0 ? (
        <p className="muted small" data-testid="drift-untested">
          {untested} of these {series.length} reports tested nothing (too few traces in a window): they have no score, and the line leaves them out.
        </p>
      ) : null}
      {latest ? <DriftDetail report={latest} kind={kind} /> : null}
    </section>
  );
}

const VERDICT_LABEL = { drift: 'Drift', 'no drift': 'No drift', 'not tested': 'Not tested: too few traces in a window' } as const;

function DriftDetail({ report, kind }: { report: DriftReport; kind: NameKind }) {
  const shown = report.features.filter((f) => !f.constant);
  const tested = shown.filter((f) => !f.skipped);
  // Untested features in one line per reason: seventeen table rows of "fewer than 30 values" and dashes buried the verdict.
  const skipped = new Map<string, string[]>();
  for (const f of shown) if (f.skipped) skipped.set(f.skipped, [...(skipped.get(f.skipped) ?? []), f.feature]);
  return (
    <div data-testid="drift-latest">
      <p>
        <strong className={report.drifted ? 'bad-text' : ''}>{VERDICT_LABEL[driftVerdict(report)]}</strong> on {report.route === null ? 'all traffic' : `${kind} ${report.route}`} · {driftWindows(report.current, report.reference)}
      </p>
      {report.notes?.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
      {report.headline.length > 0 ? (
        <ul>
          {report.headline.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {tested.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>feature</th>
              <th className="num">p</th>
              <th className="num">effect</th>
              <th>what moved</th>
            </tr>
          </thead>
          <tbody>
            {tested.map((f) => (
              <tr key={f.feature} className={f.drifted ? 'bad-text' : ''}>
                <td>{f.feature}</td>
                <td className="num">{f.pValue < 0.001 ? '<0.001' : f.pValue.toFixed(3)}</td>
                <td className="num">{f.effect.toFixed(3)}</td>
                <td>
                  {f.summary}
                  {f.examples?.map((e) => (
                    <div key={e.traceId} className="muted small">
                      <a href={href(`/traces/${e.traceId}`)}>{e.note}</a>: <Label text={e.prompt ?? ''} max={120} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {[...skipped].map(([reason, features]) => (
        <p key={reason} className="muted" data-testid="drift-skipped">
          Not tested ({reason}): {features.join(', ')}.
        </p>
      ))}
      <p className="muted small">Each test is held to p &lt; {report.pThreshold.toPrecision(2)} (alpha over the tests run); effect is PSI for categories, KS distance for numbers, AUC − 0.5 or the excess share in its score tails for the text classifier.</p>
    </div>
  );
}

/**
 * Does production hold what evaluation promised? The route's online scores per slot as a line,
 * each offline eval run of the route as a point at the time it finished.
 */
function QualityCard({ route, kind, range }: { route: string; kind: NameKind; range: string }) {
  const quality = useApi<QualityReport>(`/api/quality?route=${encodeURIComponent(route)}&range=${range}`);
  const report = quality.data;
  if (quality.error) return <ErrorBox error={quality.error} />;
  if (!report) return <Loading what="quality" />;
  if (report.onlineMean === null && report.offline.length === 0) return null;
  // Offline runs join the online slots' time axis at their own times, as lone points.
  const slotTs = report.online.map((_, i) => report.seriesSince + i * report.stepMs + report.stepMs / 2);
  const points = [...slotTs.map((t, i) => ({ t, online: report.online[i] ?? null, offline: null as number | null })), ...report.offline.map((o) => ({ t: o.at, online: null, offline: o.quality }))].sort((a, b) => a.t - b.t);
  return (
    <section className="card" data-testid="quality">
      <h2>
        Quality: online vs offline <span className="muted small">{route}</span>
      </h2>
      <p className="muted small">
        Online: {report.onlineMean === null ? `no trace scored in this range (add monitoring.online_eval for the ${kind})` : `${pct(report.onlineMean)} mean over ${count(report.scored.reduce((a, b) => a + b, 0))} scored traces`}. Offline: {plural(report.offline.length, 'eval run')} of {route} in this range.
      </p>
      <SeriesStart overview={report} range={range} what={`traffic or eval runs of this ${kind}`} />
      <TimeChart
        title="Quality (0–1)"
        ts={points.map((p) => p.t)}
        series={[
          { label: 'online (sampled traces)', values: points.map((p) => p.online) },
          { label: 'offline eval runs', values: points.map((p) => p.offline) },
        ]}
        format={(v) => v.toFixed(2)}
        height={140}
        yRange={[0, 1]}
      />
      {report.offline.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>eval run</th>
              <th>variant</th>
              <th>finished</th>
              <th className="num">quality (95% CI)</th>
              <th className="num">cases</th>
            </tr>
          </thead>
          <tbody>
            {report.offline.map((o) => (
              <tr key={`${o.runId}/${o.variant}`}>
                <td>
                  <a href={href(`/evals/${encodeURIComponent(o.runId)}`)}>
                    <Label text={o.name} max={60} />
                  </a>
                </td>
                <td>
                  <Label text={o.variant} max={40} />
                </td>
                <td>{time(o.at)}</td>
                <td className="num">
                  {qualityRange({ estimate: o.quality, low: o.low, high: o.high })}
                  <RuleOfThreeMark interval={{ estimate: o.quality, low: o.low, high: o.high, level: 0.95, ...(o.ruleOfThree ? { ruleOfThree: true as const } : {}) }} cases={o.cases} />
                </td>
                <td className="num">{count(o.cases)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function TopicsCard({ route, kind, range }: { route: string; kind: NameKind; range: string }) {
  const topics = useApi<TopicReport>(`/api/topics?route=${encodeURIComponent(route)}&range=${range}`);
  const report = topics.data;
  // What "send to review" answered, per topic id.
  const [sent, setSent] = useState<Record<number, string>>({});
  // The topic whose traces are being sent to a dataset (the form under the table).
  const [toDataset, setToDataset] = useState<number | null>(null);
  const datasetTopic = report?.topics.find((t) => t.topic === toDataset);
  const toReview = async (topic: number) => {
    try {
      const result = await api<{ queued: number; alreadyQueued: number }>(`/api/topics/${topic}/review?route=${encodeURIComponent(route)}&range=${range}`, { method: 'POST', body: { limit: 20 } });
      setSent((s) => ({ ...s, [topic]: `${result.queued} queued${result.alreadyQueued ? `, ${result.alreadyQueued} already` : ''}` }));
    } catch (error) {
      setSent((s) => ({ ...s, [topic]: (error as Error).message }));
    }
  };
  const ts = report ? report.topics[0]?.series.map((_, i) => report.seriesSince + i * report.stepMs) ?? [] : [];
  // Slots before the first request of a zoomed range are there for the time axis only, as on the overview.
  const gap = report ? leadingGap({ since: report.since, seriesSince: report.seriesSince, series: { requests: ts.map((_, i) => report.topics.reduce((n, t) => n + (t.series[i] ?? 0), 0)) } }) : 0;
  return (
    <section className="card" data-testid="topics">
      <h2>
        Topics <span className="muted small">{route}</span>
      </h2>
      <ErrorBox error={topics.error} />
      {!report && !topics.error ? <Loading what="topics" /> : null}
      {report && !report.model ? (
        <p className="muted">
          {report.minTraces !== undefined && report.pending >= report.minTraces
            ? `No topic model yet: the ${kind} has the ${plural(report.minTraces, 'prompt')} it needs (${count(report.pending)} in this range); the monitor fits one on its next pass (every monitoring.interval_seconds).`
            : `No topic model yet: the monitor fits one once the ${kind} has ${report.minTraces === undefined ? 'enough prompts' : plural(report.minTraces, 'prompt')} (monitoring.topics.min_traces)${report.pending > 0 ? `; ${count(report.pending)} in this range so far` : ''}.`}
        </p>
      ) : null}
      {report && report.topics.length > 0 ? <SeriesStart overview={report} range={range} what={`requests of this ${kind}`} /> : null}
      {report && report.topics.length > 0 ? <TimeChart title="Requests per topic" unit={`requests ${perStep(report.stepMs)}`} ts={ts} series={report.topics.slice(0, 8).map((t) => ({ label: t.label, values: afterGap(t.series, gap) }))} /> : null}
      {report && report.topics.length > 0 ? <TimeChart title="Cost per topic" unit={`US dollars ${perStep(report.stepMs)}`} ts={ts} series={report.topics.slice(0, 8).map((t) => ({ label: t.label, values: afterGap(t.costSeries, gap) }))} {...USD_CHART} height={140} /> : null}
      {report && report.topics.some((t) => t.scored > 0) ? (
        <TimeChart title="Online quality per topic (0–1)" ts={ts} series={report.topics.filter((t) => t.scored > 0).slice(0, 8).map((t) => ({ label: t.label, values: afterGap(t.qualitySeries, gap) }))} format={(v) => v.toFixed(2)} height={140} yRange={[0, 1]} />
      ) : null}
      {report && report.topics.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>topic</th>
              <th className="num">requests</th>
              <th className="num">share</th>
              <th className="num">errors</th>
              <th className="num">cost</th>
              <th className="num">quality</th>
              <th className="num" title="People's review verdicts, 0–1 (a 1–5 score as (score − 1) / 4, pass 1, fail 0), with how many traces were reviewed">review</th>
              <th>example</th>
              <th>
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {report.topics.map((t) => (
              <tr key={t.topic}>
                <td>{t.label}</td>
                <td className="num">{count(t.requests)}</td>
                <td className="num">{pct(t.share)}</td>
                <td className="num">{count(t.errors)}</td>
                <td className="num">{usd(t.costUsd)}</td>
                <td className="num">{t.quality === null ? '–' : `${num(t.quality, 2)} (${t.scored})`}</td>
                <td className="num">{t.review === null ? '–' : `${num(t.review, 2)} (${t.reviewed})`}</td>
                <td>{t.examples[0] ? <a href={href(`/traces/${t.examples[0].traceId}`)}><Label text={t.examples[0].prompt} max={80} /></a> : null}</td>
                <td>
                  {sent[t.topic] ? (
                    <span className="muted small">{sent[t.topic]}</span>
                  ) : (
                    <button type="button" className="small" title="Queue up to 20 of this topic's traces for review: failed, refused and low-scored ones first" onClick={() => void toReview(t.topic)}>
                      review 20
                    </button>
                  )}{' '}
                  <button type="button" className="small" title="Add this topic's traces to a dataset (choose or name it, then confirm)" onClick={() => setToDataset(t.topic)}>
                    dataset…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {datasetTopic ? <TopicToDataset key={`${route}:${datasetTopic.topic}`} route={route} range={range} topic={datasetTopic} onClose={() => setToDataset(null)} /> : null}
      {report?.model ? (
        <p className="muted small" data-testid="topic-clustering">
          Clustered by {report.model.clusteredBy === 'tfidf' ? 'TF-IDF' : `embeddings of ${report.model.clusteredBy}`}, named by their top TF-IDF terms{report.model.note ? `: ${report.model.note}` : ''}.
        </p>
      ) : null}
      {report && report.pending > 0 ? <p className="muted small">{count(report.pending)} recent {report.pending === 1 ? 'trace' : 'traces'} not yet assigned a topic (the monitor assigns them every monitoring.interval_seconds).</p> : null}
    </section>
  );
}
