import { useMemo } from 'react';
import { qs } from '../api.js';
import { type Series, TimeChart } from '../components/chart.js';
import { GuardOverview } from '../components/guardrails.js';
import { ReplicaTable } from '../components/replica-table.js';
import { afterGap, leadingGap, SeriesStart } from '../components/series-start.js';
import { SortTh, useSort } from '../components/sortable.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, Label, Loading, shortLabel, Stat } from '../components/ui.js';
import { count, LATENCY_COUNTS, ms, pct, perStep, plural, usd, USD_CHART } from '../format.js';
import { href, navigate, type Route } from '../router.js';
import { useRecentRange } from '../recent-range.js';
import type { Dimension, DimensionsResponse, Overview } from '../types.js';

const RANGES = ['1h', '6h', '24h', '7d', '30d'];
/** The replicas the "By replica" table lists; the rest are counted in one line. */
const REPLICAS_LISTED = 20;
/** Which traffic to sum: eval runs' calls (judges and cached answers too) are not applications' traffic. */
const TRAFFIC = [
  ['all', 'all traffic'],
  ['apps', 'without eval runs'],
  ['evals', 'eval runs only'],
] as const;

/** The bucket of requests without a value ("(none)") named for what they lack: "(no provider)" are the requests refused before one was called. */
function noneLabel(name: string, by: Dimension): string {
  return name === '(none)' ? `(no ${by})` : name;
}
/** The dimensions offered here; `nested` (routes reached through another route) is the Routes page's. */
type Shown = Exclude<Dimension, 'nested'>;
const DIMENSIONS: Shown[] = ['model', 'provider', 'key', 'team', 'route'];
/** The traces filter a breakdown row links to; a route branch ("support > (local)") filters on its route. */
const FILTER: Record<Shown, (name: string) => Record<string, string>> = {
  model: (name) => ({ model: name }),
  provider: (name) => ({ provider: name }),
  key: (name) => ({ key: name }),
  team: (name) => ({ team: name }),
  route: (name) => ({ model: name.split(' > ')[0] ?? name }),
};

/** Requests, errors, latency, tokens and cost over a time range, split by one dimension. */
/**
 * What the latency figures are over, said beside them: failed calls that reached a model count,
 * the gateway's own refusals do not.
 *
 * @example latencyHint(totals) // 'p95 1.2 s · p99 3.4 s · failed calls included · 4 refused not counted'
 */
function latencyHint(t: Overview['totals']): string {
  const failed = t.errors - t.refused;
  return `p95 ${ms(t.latency.p95)} · p99 ${ms(t.latency.p99)}${failed > 0 ? ' · failed calls included' : ''}${t.refused > 0 ? ` · ${count(t.refused)} refused not counted` : ''}`;
}

type BreakdownColumn = 'name' | 'requests' | 'errorRate' | 'p50' | 'p95' | 'p99' | 'ttft' | 'tokens' | 'cost';

/** What a breakdown row is sorted by in each column (null: no figure, listed last). */
function breakdownValue(row: Overview['breakdown'][number], column: BreakdownColumn): number | string | null {
  switch (column) {
    case 'name':
      return row.name;
    case 'requests':
      return row.requests;
    case 'errorRate':
      return row.errorRate;
    case 'p50':
    case 'p95':
    case 'p99':
      return row.latency[column];
    case 'ttft':
      return row.ttft.p50;
    case 'tokens':
      return row.inputTokens + row.outputTokens;
    case 'cost':
      return row.costUsd;
  }
}

export function OverviewPage({ route }: { route: Route }) {
  const chosen = route.query.get('range');
  const asked = route.query.get('by');
  const by: Shown = DIMENSIONS.find((d) => d === asked) ?? 'model';
  const traffic = route.query.get('traffic') ?? 'all';
  // Without a chosen range the server picks the day or its last hour in one answer (see useRecentRange).
  // replicas: each gateway process's share (the "By replica" table), the 20 busiest.
  const { data, error, loading } = useApi<Overview>(`/api/overview${qs({ range: chosen ?? 'auto', by, traffic: traffic === 'all' ? undefined : traffic, replicas: REPLICAS_LISTED })}`);
  const range = chosen ?? data?.range ?? '24h';
  // Split by model, routes are among the names clients call: each is marked as one.
  const routeNames = useApi<DimensionsResponse>(by === 'model' ? '/api/dimensions' : null).data?.routeNames;
  const routes = useMemo(() => new Set(by === 'model' ? (routeNames ?? []) : []), [routeNames, by]);
  const sort = useSort<BreakdownColumn>();
  const charts = useMemo(() => {
    if (!data) return null;
    const s = data.series;
    // Slots before the first request of a zoomed range are there for the time axis only: not drawn.
    const gap = leadingGap(data);
    const v = <T,>(values: readonly T[]) => afterGap(values, gap);
    const split = (values: number[][]): Series[] => data.split.names.map((label, i) => ({ label: routes.has(label) ? `${shortLabel(label, 24)} (route)` : shortLabel(noneLabel(label, by), 32), values: v(values[i] ?? []) }));
    return {
      traffic: [
        { label: 'requests', values: v(s.requests) },
        { label: 'errors', values: v(s.errors), color: '#dc2626' },
      ],
      latency: [
        { label: 'p50', values: v(s.p50) },
        { label: 'p95', values: v(s.p95) },
        { label: 'p99', values: v(s.p99) },
        { label: 'TTFT p50', values: v(s.ttftP50) },
      ],
      tokens: [
        { label: 'input', values: v(s.inputTokens) },
        { label: 'output', values: v(s.outputTokens) },
      ],
      cost: [{ label: 'cost', values: v(s.costUsd), fill: true }],
      splitRequests: split(data.split.requests),
      splitCost: split(data.split.costUsd),
    };
  }, [data, by, routes]);
  const byLabel = by === 'model' && data?.breakdown.some((row) => routes.has(row.name)) ? 'model or route' : by;
  const set = (next: Record<string, string>) => navigate('/overview', { range, by, ...(traffic === 'all' ? {} : { traffic }), ...next });
  useRecentRange('/overview', data, chosen !== null, { by, traffic: traffic === 'all' ? undefined : traffic });
  return (
    <div>
      <div className="toolbar">
        <h1>Overview</h1>
        <div className="segmented" role="group" aria-label="time range">
          {RANGES.map((r) => (
            <button key={r} type="button" className={r === range ? 'on' : ''} onClick={() => set({ range: r })}>
              {r}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="traffic">
          {TRAFFIC.map(([value, label]) => (
            <button key={value} type="button" className={value === traffic ? 'on' : ''} aria-pressed={value === traffic} onClick={() => set({ traffic: value })}>
              {label}
            </button>
          ))}
        </div>
        <label className="inline">
          split by{' '}
          <select value={by} onChange={(e) => set({ by: e.target.value })} aria-label="split by">
            {DIMENSIONS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={error} />
      {loading && !data ? <Loading what="overview" /> : null}
      {data && charts ? (
        <>
          <div className="stats" data-testid="overview-stats">
            <Stat label="Requests" value={count(data.totals.requests)} />
            <Stat label="Error rate" value={data.totals.requests === 0 ? '–' : pct(data.totals.errorRate)} hint={`${plural(data.totals.errors, 'error')}${data.totals.refused > 0 ? ` (${count(data.totals.refused)} refused by the gateway)` : ''}`} />
            {/* Latency is over the calls that reached a model or the cache: failed ones are time a
                caller waited and count; the gateway's own refusals (a bad body, a key, a limit,
                answered in a millisecond) would pull every percentile down and do not. Both said. */}
            <Stat label="Latency p50" value={ms(data.totals.latency.p50)} hint={latencyHint(data.totals)} />
            <Stat label="Time to first token p50" value={ms(data.totals.ttft.p50)} hint={`p95 ${ms(data.totals.ttft.p95)} · streamed calls only`} />
            <Stat label="Tokens in / out" value={`${count(data.totals.inputTokens)} / ${count(data.totals.outputTokens)}`} hint={`${count(data.totals.cachedTokens)} cached`} />
            <Stat label="Cost" value={usd(data.totals.costUsd)} />
          </div>
          <GuardOverview />
          {data.totals.requests === 0 ? (
            <NoTraffic range={range} traffic={traffic} />
          ) : (
            <>
              <SeriesStart overview={data} range={range} />
              <div className="grid2">
                <TimeChart title="Requests and errors" unit={`requests ${perStep(data.stepMs)}`} ts={data.series.ts} series={charts.traffic} />
                <TimeChart title="Latency" unit={`percentiles ${perStep(data.stepMs)}, refused calls not counted`} ts={data.series.ts} series={charts.latency} format={(v) => ms(v)} />
                <TimeChart title="Tokens" unit={`tokens ${perStep(data.stepMs)}`} ts={data.series.ts} series={charts.tokens} />
                <TimeChart title="Cost" unit={`US dollars ${perStep(data.stepMs)}`} ts={data.series.ts} series={charts.cost} {...USD_CHART} />
                <TimeChart title={`Requests by ${by}`} unit={`requests ${perStep(data.stepMs)}`} ts={data.series.ts} series={charts.splitRequests} />
                <TimeChart title={`Cost by ${by}`} unit={`US dollars ${perStep(data.stepMs)}`} ts={data.series.ts} series={charts.splitCost} {...USD_CHART} />
              </div>
              <h2>By {byLabel}</h2>
              <div className="scroll-x">
                <table className="table stack">
                  <thead>
                    <tr>
                      <SortTh label={byLabel} column="name" sort={sort} text />
                      <SortTh label="requests" column="requests" sort={sort} num />
                      <SortTh label="error rate" column="errorRate" sort={sort} num />
                      <SortTh label="p50" column="p50" sort={sort} num title={LATENCY_COUNTS} />
                      <SortTh label="p95" column="p95" sort={sort} num title={LATENCY_COUNTS} />
                      <SortTh label="p99" column="p99" sort={sort} num title={LATENCY_COUNTS} />
                      <SortTh label="TTFT p50" column="ttft" sort={sort} num />
                      <SortTh label="tokens in / out" column="tokens" sort={sort} num title="sorts by tokens in and out together" />
                      <SortTh label="cost" column="cost" sort={sort} num />
                    </tr>
                  </thead>
                  <tbody>
                    {sort.apply(data.breakdown, breakdownValue).map((row) => (
                      <tr key={row.name}>
                        <td data-label={by}>
                          {row.name === '(none)' ? noneLabel(row.name, by) : <a href={href(`/traces${qs(FILTER[by](row.name))}`)}><Label text={row.name} /></a>}
                          {routes.has(row.name) ? (
                            <>
                              {' '}
                              <span className="pill" data-testid="route-pill" title="a route: a name clients call whose policy picks the model per request (see the Routes page)">
                                route
                              </span>
                            </>
                          ) : null}
                        </td>
                        <td data-label="requests" className="num">{count(row.requests)}</td>
                        <td data-label="error rate" className="num">{pct(row.errorRate)}</td>
                        <td data-label="p50" className="num">{ms(row.latency.p50)}</td>
                        <td data-label="p95" className="num">{ms(row.latency.p95)}</td>
                        <td data-label="p99" className="num">{ms(row.latency.p99)}</td>
                        <td data-label="TTFT p50" className="num">{ms(row.ttft.p50)}</td>
                        <td data-label="tokens in / out" className="num">
                          {count(row.inputTokens)} / {count(row.outputTokens)}
                        </td>
                        <td data-label="cost" className="num">{usd(row.costUsd)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <ReplicaTable overview={data} />
            </>
          )}
        </>
      ) : null}
    </div>
  );
}

/**
 * What to do on a gateway that answered nothing in the range: six empty charts on a made-up 0–100
 * scale, and a hint in the last table row, said nothing to someone who just started it.
 */
function NoTraffic({ range, traffic }: { range: string; traffic: string }) {
  const origin = window.location.origin;
  const which = TRAFFIC.find(([value]) => value === traffic)?.[1];
  const body = JSON.stringify({ model: 'MODEL', messages: [{ role: 'user', content: 'Hello!' }] });
  return (
    <div className="card" data-testid="no-traffic">
      <h2>
        No requests in the last {range}
        {traffic === 'all' ? '' : ` (${which})`}
      </h2>
      <p>
        Requests show here seconds after the gateway answers them. Point an OpenAI SDK at <code>{origin}/v1</code> or an Anthropic SDK at <code>{origin}</code>, or send one with a model or route name
        from the config:
      </p>
      <pre className="json">{`curl -s ${origin}/v1/chat/completions -H 'content-type: application/json' \\\n  -H 'authorization: Bearer YOUR_KEY' -d '${body}'`}</pre>
      <p className="muted">Older traffic: pick a longer range above.</p>
    </div>
  );
}
