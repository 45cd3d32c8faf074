import { useEffect } from 'react';
import { CascadeSteps } from '../components/cascade-steps.js';
import { TimeChart } from '../components/chart.js';
import { LadderCard } from '../components/ladder.js';
import { ranOnSimulator } from '../components/simulated.js';
import { type ListedVersion, ModelVersions } from '../components/model-versions.js';
import { SeriesStart } from '../components/series-start.js';
import { useApi } from '../components/use-api.js';
import { EmptyRow, ErrorBox, Label, Loading, shortLabel } from '../components/ui.js';
import { count, LATENCY_COUNTS, ms, pct, perStep, usd, USD_CHART } from '../format.js';
import type { Route as PageRoute } from '../router.js';
import { navigate } from '../router.js';
import { useRecentRange } from '../recent-range.js';
import { branchShares } from '../branch-shares.js';
import type { LadderReport, Overview, RouteReport, RoutePin, RunRecord } from '../types.js';

const RANGES = ['1h', '6h', '24h', '7d', '30d'];

/**
 * Per route: which branch served how much of the traffic over time, the local model's live and
 * held-out precision and coverage, and the money and time it saved.
 */
export function RoutesPage({ route }: { route: PageRoute }) {
  // Without a chosen range both reads ask range=auto and the server picks the day or its last hour
  // in each answer (see useRecentRange); the page asked for the day, then everything again for the hour.
  const chosen = route.query.get('range');
  const reports = useApi<{ routes: RouteReport[]; range?: '1h' | '24h' }>(`/api/routes?range=${chosen ?? 'auto'}`);
  const overview = useApi<Overview>(`/api/overview?range=${chosen ?? 'auto'}&by=route&top=50`);
  // The calls other routes sent a route (a split behind a conditional rule): its branches are in the nested dimension.
  const nested = useApi<Overview>(`/api/overview?range=${chosen ?? 'auto'}&by=nested&top=50`);
  const range = chosen ?? overview.data?.range ?? reports.data?.range ?? '24h';
  const runs = useApi<{ runs: RunRecord[] }>('/api/evals/runs?limit=200');
  const models = useApi<{ versions: ListedVersion[]; pins?: RoutePin[] }>('/api/models');
  const ladders = latestLadders(runs.data?.runs ?? []);
  const versions = byRoute(models.data?.versions ?? []);
  // A change moves the route's live version and its figures too: both are read again.
  const modelsChanged = () => {
    models.reload();
    reports.reload();
  };
  // The two answers decide alike, unless the hour turned between them: then the overview's range is asked for by name.
  const split = !chosen && overview.data?.range && reports.data?.range && overview.data.range !== reports.data.range;
  useRecentRange('/routes', split ? undefined : overview.data, chosen !== null, {});
  useEffect(() => {
    if (split && overview.data?.range) navigate('/routes', { range: overview.data.range });
  }, [split, overview.data?.range]);
  return (
    <div>
      <div className="toolbar">
        <h1>Routes</h1>
        <div className="segmented" role="group" aria-label="time range">
          {RANGES.map((r) => (
            <button key={r} type="button" className={r === range ? 'on' : ''} onClick={() => navigate('/routes', { range: r })}>
              {r}
            </button>
          ))}
        </div>
      </div>
      <ErrorBox error={reports.error ?? overview.error} />
      {overview.data && reports.data?.routes.length ? <SeriesStart overview={overview.data} range={range} /> : null}
      {!reports.data && !reports.error ? <Loading what="routes" /> : null}
      {reports.data?.routes.length === 0 ? <p className="muted">No routes are configured. Add a routes: section to the config (see the README).</p> : null}
      {reports.data?.routes.map((r) => (
        <section key={r.route} className="card" data-testid={`route-${r.route}`}>
          <h2>
            <Label text={r.route} /> <span className="muted small">{r.policy}</span>
          </h2>
          <div className="stats">
            <div>
              <div className="muted small">requests</div>
              <div className="big">{count(r.requests)}</div>
            </div>
            {/* Local answers and their savings only where a local model could answer: "0.0%" and "$0" on every split route read as a fault. */}
            {r.local || r.localShare > 0 ? (
              <>
                <div>
                  <div className="muted small">answered locally</div>
                  <div className="big">{pct(r.localShare)}</div>
                </div>
                <div data-testid="saved">
                  <div className="muted small">saved</div>
                  <div className="big">{usd(r.savedUsd)}</div>
                  {/* Sending everything to the large model needs no shadow checks: what they cost is taken off, and said. */}
                  {r.shadowChecks?.requests ? (
                    <div className="muted small" data-testid="shadow-checks" title={`${usd(r.grossSavedUsd)} in local answers, less what the shadow checks of them cost at the route's teacher`}>
                      net of {usd(r.shadowChecks.costUsd)} on {count(r.shadowChecks.requests)} shadow check{r.shadowChecks.requests === 1 ? '' : 's'}
                    </div>
                  ) : null}
                  {r.savedLatencyMsPerLocalRequest !== null ? <div className="muted small">{ms(Math.abs(r.savedLatencyMsPerLocalRequest))} {r.savedLatencyMsPerLocalRequest < 0 ? 'slower' : 'faster'} per local answer</div> : null}
                </div>
              </>
            ) : null}
            {/* The last target alone needs no judge: its calls are taken off the cascade's saving, and said. */}
            {r.cascadeSaving ? <CascadeSaved saving={r.cascadeSaving} /> : null}
            {r.local ? (
              <div>
                <div className="muted small">local model</div>
                {/* "live": the share beside it counts every version that answered in the range, not this one alone. */}
                <div className="big">{r.local.liveVersion === null ? 'not live' : `live v${r.local.liveVersion}`}</div>
                <div className="muted small">
                  {r.local.live?.precision !== null && r.local.live?.precision !== undefined ? `live precision ${pct(r.local.live.precision)} (${r.local.live.shadowed} checked)` : 'no live checks yet'}
                  {r.local.heldOut ? ` · held-out ${pct(r.local.heldOut.precision)} at ${pct(r.local.heldOut.coverage)} coverage` : ''}
                </div>
                {r.local.waiting ? <div className="muted small">{r.local.waiting}</div> : null}
                <div className="muted small">{count(r.local.examples)} training examples{r.local.training ? ' · training now' : ''}</div>
              </div>
            ) : null}
          </div>
          {versions.has(r.route) || r.local ? <ModelVersions route={r.route} versions={models.data ? versions.get(r.route) ?? [] : undefined} error={models.error} pin={models.data?.pins?.find((p) => p.route === r.route)} onChanged={modelsChanged} /> : null}
          {overview.data ? <BranchChart overview={overview.data} nested={nested.data} route={r.route} /> : null}
          {overview.data && r.savedUsdPerLocalRequest > 0 && r.localShare > 0 ? <SavingsChart overview={overview.data} route={r.route} perLocalAnswer={r.savedUsdPerLocalRequest} /> : null}
          {r.cascadeSaving?.series ? <CascadeSavingChart against={r.cascadeSaving.against} series={r.cascadeSaving.series} /> : null}
          {ladders.get(r.route) ? <LadderCard {...(ladders.get(r.route) as LatestLadder)} /> : null}
          {/* A cascade's steps only once a call came to it: a table of zeros says nothing the empty branch table does not. */}
          {r.cascade && r.cascade[0] && r.cascade[0].reached > 0 ? <CascadeSteps steps={r.cascade} /> : null}
          <table className="table stack">
            <thead>
              <tr>
                <th>branch</th>
                <th className="num">requests</th>
                <th className="num">share</th>
                <th className="num">cost</th>
                <th className="num" title={LATENCY_COUNTS}>mean latency</th>
              </tr>
            </thead>
            <tbody>
              {r.branches.map((b) => (
                <tr key={b.branch}>
                  <td data-label="branch">
                    <Label text={b.branch} />
                  </td>
                  <td data-label="requests" className="num">{count(b.requests)}</td>
                  <td data-label="share" className="num">{pct(b.share)}</td>
                  <td data-label="cost" className="num">{usd(b.costUsd)}</td>
                  <td data-label="mean latency" className="num">{ms(b.meanLatencyMs)}</td>
                </tr>
              ))}
              {/* What to do next, not only what is missing: a route is called by its name as the model. */}
              {r.branches.length === 0 ? <EmptyRow columns={5}>
                  No requests through <Label text={r.route} /> in the last {range}. Clients reach it by sending its name as the model (<code>"model": "<Label text={r.route} />"</code>); older traffic: a longer range above.
                </EmptyRow> : null}
            </tbody>
          </table>
        </section>
      ))}
      {/* Registry routes the loaded config lacks (renamed or removed): still listed, so their versions can be rolled back, demoted or unpinned. */}
      {reports.data
        ? [...versions]
            .filter(([name, listed]) => !reports.data?.routes.some((r) => r.route === name) && listed.some((v) => v.inConfig === false))
            .map(([name, listed]) => (
              <section key={name} className="card" data-testid={`route-${name}`}>
                <h2>
                  <Label text={name} /> <span className="pill" data-testid={`not-in-config-${name}`}>not in config</span>
                </h2>
                <p className="muted small">The model registry has versions for this route, but the loaded config has no route of that name: no request reaches them.</p>
                <ModelVersions route={name} versions={listed} pin={models.data?.pins?.find((p) => p.route === name)} onChanged={modelsChanged} />
              </section>
            ))
        : null}
    </div>
  );
}

/** The registry's versions per route, each route's newest first (as the API lists them). */
function byRoute(versions: readonly ListedVersion[]): Map<string, ListedVersion[]> {
  const out = new Map<string, ListedVersion[]>();
  for (const v of versions) out.set(v.route, [...(out.get(v.route) ?? []), v]);
  return out;
}

interface LatestLadder {
  report: LadderReport;
  runId: string;
  simulated: boolean;
}

/** The newest finished ladder report of each route, from the eval runs (runs list newest first). */
function latestLadders(runs: readonly RunRecord[]): Map<string, LatestLadder> {
  const out = new Map<string, LatestLadder>();
  for (const run of runs) {
    const report = (run.summary as { ladder?: LadderReport } | null)?.ladder;
    if (report && !out.has(report.route)) out.set(report.route, { report, runId: run.id, simulated: ranOnSimulator(run) });
  }
  return out;
}

/**
 * The route's branches over time, from the overview split by route and, for the calls other routes
 * sent it, by nested route (added slot by slot); its shadow checks and a cascade's judge calls are
 * no branch (not its traffic).
 */
function BranchChart({ overview, nested, route }: { overview: Overview; nested: Overview | undefined; route: string }) {
  const prefix = `${route} > `;
  const byLabel = new Map<string, number[]>();
  for (const from of nested ? [overview, nested] : [overview]) {
    // Slots are matched by their start, in case the two answers' ranges ended in different slots.
    const at = new Map(overview.series.ts.map((ts, i) => [ts, i]));
    from.split.names.forEach((name, i) => {
      if (!name.startsWith(prefix) || name === shadowName(route) || name === judgeName(route)) return;
      const label = name.slice(prefix.length);
      let values = byLabel.get(label);
      if (!values) byLabel.set(label, (values = overview.series.ts.map(() => 0)));
      (from.split.requests[i] ?? []).forEach((n, j) => {
        const slot = at.get(from.series.ts[j] ?? Number.NaN);
        if (slot !== undefined) values[slot] = (values[slot] ?? 0) + n;
      });
    });
  }
  // A legend names its branch cut short and with hidden characters shown, as the overview's do: a
  // 256-character model name made the page 4,718 px wide, and a bidi override reordered its line.
  const series = [...byLabel].map(([label, values]) => ({ label: shortLabel(label, 32), values }));
  if (series.length === 0) return null;
  const requests = <TimeChart title="Requests per branch" unit={`requests ${perStep(overview.stepMs)}`} ts={overview.series.ts} series={series} />;
  if (series.length === 1) return requests;
  // The share each branch took of the route's requests in each step, so a split's balance or a local
  // model's takeover reads off the chart; the counts alone hid it whenever traffic rose or fell.
  return (
    <div className="grid2" data-testid="branch-charts">
      {requests}
      <TimeChart title="Share per branch" unit={`% of the route's requests ${perStep(overview.stepMs)}`} ts={overview.series.ts} series={branchShares(series)} format={(v) => pct(v, 0)} yRange={[0, 1]} />
    </div>
  );
}

/**
 * The overview's name for a route's shadow checks: the route dimension keeps them apart, as
 * `route > (shadow)`. The gateway's own branches are written in parentheses (`GATEWAY_BRANCH` in
 * src/monitor/rollup.ts), so no target of the route (a model may be named "shadow") reads as one.
 */
function shadowName(route: string): string {
  return `${route} > (shadow)`;
}

/** The overview's name for a cascade's judge calls, kept apart as the shadow checks are. */
function judgeName(route: string): string {
  return `${route} > (judge)`;
}

/**
 * Money the local model saved, as a running total over the range: its answers per step times what
 * each saved (the paid branch's mean cost), less what that step's shadow checks cost, as the "saved"
 * figure above, so the curve ends at that figure and its slope shows the savings growing as the
 * model takes over (and flattening where the checks cost what the answers saved).
 */
function SavingsChart({ overview, route, perLocalAnswer }: { overview: Overview; route: string; perLocalAnswer: number }) {
  const index = overview.split.names.indexOf(`${route} > (local)`);
  if (index === -1) return null;
  const checks = overview.split.costUsd[overview.split.names.indexOf(shadowName(route))] ?? [];
  let total = 0;
  const saved = (overview.split.requests[index] ?? []).map((answers, i) => (total += answers * perLocalAnswer - (checks[i] ?? 0)));
  return <TimeChart title="Saved by local answers" unit="USD, running total over the range, net of shadow checks" ts={overview.series.ts} series={[{ label: 'saved', values: saved }]} {...USD_CHART} />;
}

type CascadeSaving = NonNullable<RouteReport['cascadeSaving']>;

/**
 * What a cascade saved against its last target alone. Exact (the rollups' own figures, since
 * 2026-12-07): each call's cost across all its steps against what it cost, or would have cost at
 * its price, at the last target; a negative one is written as what the cascade cost more. An
 * estimate from the branches' means (older calls) is marked `≤` when it can only bound the saving.
 */
function CascadeSaved({ saving }: { saving: CascadeSaving }) {
  const more = saving.exact && saving.savedUsd < 0;
  const judges = `${count(saving.judge.requests)} judge call${saving.judge.requests === 1 ? '' : 's'}`;
  return (
    <div data-testid="cascade-saved">
      <div className="muted small">{more ? `cost more than ${saving.against} alone` : `saved vs ${saving.against} alone`}</div>
      <div className="big">
        {saving.exact ? '' : saving.atMostBecause === null ? '' : '≤ '}
        {usd(more ? -saving.savedUsd : saving.savedUsd)}
      </div>
      {saving.exact ? (
        <div className="muted small" data-testid="cascade-saved-basis" title={`${saving.against}'s cost of each call (its own where its step ran, its price at the call's tokens where the call stopped earlier), less what every step of the call cost`}>
          {count(saving.calls)} call{saving.calls === 1 ? '' : 's'}, every step paid{saving.pricedCalls > 0 ? ` · ${count(saving.pricedCalls)} stopped earlier, ${saving.against} priced` : ''}
        </div>
      ) : null}
      {/* Every call paid a step that answered none, whose cost cannot be told from the last target's: an upper bound. */}
      {!saving.exact && saving.atMostBecause !== null ? (
        <div className="muted small" data-testid="cascade-saved-bound">
          at most: no call stopped at {saving.atMostBecause}, whose cost is in {saving.against}'s
        </div>
      ) : null}
      {saving.judge.requests ? (
        <div className="muted small" data-testid="judge-calls" title={`${usd(saving.grossSavedUsd)} in the steps' cost, less what the judge's calls cost`}>
          {more ? `including ${usd(saving.judge.costUsd)} on ${judges}` : `net of ${usd(saving.judge.costUsd)} on ${judges}`}
        </div>
      ) : null}
      {saving.savedLatencyMsPerCall !== null ? (
        <div className="muted small" data-testid="cascade-saved-latency">
          {ms(Math.abs(saving.savedLatencyMsPerCall))} {saving.savedLatencyMsPerCall < 0 ? 'slower' : 'faster'} per call
        </div>
      ) : null}
      {saving.unpricedCalls > 0 ? <div className="muted small">{count(saving.unpricedCalls)} left out: {saving.against} has no price</div> : null}
      {saving.since !== null ? (
        <div className="muted small" data-testid="cascade-saved-since">
          since {new Date(saving.since).toLocaleString()}: older calls were stored without it
        </div>
      ) : null}
    </div>
  );
}

/** A cascade's exact saving against its last target alone as a running total over the range: it ends at the figure above, below zero where the cascade cost more. */
function CascadeSavingChart({ against, series }: { against: string; series: NonNullable<CascadeSaving['series']> }) {
  return <TimeChart title={`Saved vs ${against} alone`} unit="USD, running total over the range, net of judge calls (below 0: cost more)" ts={series.ts} series={[{ label: 'saved', values: series.savedUsd }]} {...USD_CHART} />;
}
