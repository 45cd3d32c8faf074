import { emptyHistogram, type Histogram, quantile } from './histogram.js';
import { rankedReplicas } from './replica-breakdown.js';
import { addTotals, answeredOf, type RollupReader, type RollupTotals, refusedOf, subtractTotals } from './rollup.js';
import { recentStart, slotStart } from './series-window.js';

/**
 * What the overview splits by. "model" is the name clients ask for, i.e. the route; "nested" the
 * branches of routes reached through another route (the Routes page's charts of such a route).
 */
export type Dimension = 'model' | 'provider' | 'key' | 'team' | 'route' | 'nested';
export const DIMENSIONS: readonly Dimension[] = ['model', 'provider', 'key', 'team', 'route', 'nested'];

/** Which traffic the overview sums: everything, applications' traffic only (no eval runs), or eval runs only. */
export type Traffic = 'all' | 'apps' | 'evals';
export const TRAFFIC: readonly Traffic[] = ['all', 'apps', 'evals'];

export interface OverviewQuery {
  since: number;
  until: number;
  by: Dimension;
  /** Named series in the split charts; the rest are summed as "other". */
  top?: number;
  /** 'all' unless told. */
  traffic?: Traffic;
  /** Set: the answer has `byReplica`, this many replicas, busiest first (the rest counted). */
  replicas?: number;
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface OverviewTotals {
  requests: number;
  /** Every failed call, refused ones included. */
  errors: number;
  errorRate: number;
  /**
   * Calls the gateway refused itself (a bad body, a key, a limit or budget, an input guard):
   * counted in `requests` and `errors`, never in latency (see `isGatewayRefusal`).
   */
  refused: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  /** Mean and percentiles over the calls that reached a model or the cache, failed or not: not over `refused`. */
  meanLatencyMs: number | null;
  latency: Percentiles;
  ttft: Percentiles;
}

export interface OverviewSeries {
  /** Bucket starts, ms since the epoch. */
  ts: number[];
  requests: number[];
  errors: number[];
  /** The gateway's own refusals per bucket (in `errors` too, not in the percentiles). */
  refused: number[];
  inputTokens: number[];
  outputTokens: number[];
  costUsd: number[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  ttftP50: (number | null)[];
  ttftP95: (number | null)[];
}

export interface Overview {
  since: number;
  until: number;
  /**
   * Where the series start: `since` rounded down to a step, or later when every request of the
   * range is recent (a range at least four times as long as the traffic), so the charts show it
   * at a finer step instead of one point at the right edge of a flat line.
   */
  seriesSince: number;
  stepMs: number;
  /** Asked with `range=auto` (see `computeRecentOverview`): the range it took. */
  range?: '1h' | '24h';
  by: Dimension;
  traffic: Traffic;
  totals: OverviewTotals;
  series: OverviewSeries;
  /** Per bucket, per name (in `names` order): for stacked charts split by `by`. */
  split: { names: string[]; requests: number[][]; costUsd: number[][]; tokens: number[][] };
  breakdown: (OverviewTotals & { name: string })[];
  /** Asked with `replicas`: each gateway process's share of the range (see `rankedReplicas`). */
  byReplica?: ReplicaBreakdown;
}

/** The busiest replicas of a range, side by side, so one that errs more or stopped serving stands out. */
export interface ReplicaBreakdown {
  /** Busiest first; `lastSeen` is when the replica last served any call (eval runs' too), to the minute within 14 days. */
  replicas: (OverviewTotals & { name: string; lastSeen: number | null })[];
  /** Replicas past the ones listed: how many, and their calls. */
  more: { replicas: number; requests: number; errors: number; costUsd: number };
  /** Calls of the range with no replica recorded (traced or rolled up before replicas were). */
  unnamed: number;
}

const STEPS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000];
const TARGET_POINTS = 240;

/** The chart step for a range (~240 points at most) and the rollup resolution that serves it. */
export function stepFor(rangeMs: number): { stepMs: number; resolutionMs: number } {
  const stepMs = STEPS.find((s) => rangeMs / s <= TARGET_POINTS) ?? (STEPS[STEPS.length - 1] as number);
  const resolutionMs = stepMs >= 86_400_000 ? 86_400_000 : stepMs >= 3_600_000 ? 3_600_000 : 60_000;
  return { stepMs, resolutionMs };
}

const percentiles = (h: Histogram): Percentiles => ({ p50: quantile(h, 0.5), p95: quantile(h, 0.95), p99: quantile(h, 0.99) });

function totalsOf(t: RollupTotals): OverviewTotals {
  return {
    requests: t.requests,
    errors: t.errors,
    errorRate: t.requests ? t.errors / t.requests : 0,
    refused: refusedOf(t),
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    cachedTokens: t.cachedTokens,
    costUsd: t.costUsd,
    meanLatencyMs: answeredOf(t) ? t.latencyMsSum / answeredOf(t) : null,
    latency: percentiles(t.latencyHist),
    ttft: percentiles(t.ttftHist),
  };
}

function emptyTotals(): RollupTotals {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, costUsd: 0, latencyMsSum: 0, ttftCount: 0, ttftMsSum: 0, latencyHist: emptyHistogram(), ttftHist: emptyHistogram() };
}

const nameOf = (value: string): string => (value === '' ? '(none)' : value);

/**
 * Requests, errors, latency and TTFT percentiles, tokens and cost for a time range, as totals,
 * a time series and a split by one dimension — all from rollups, never from raw traces.
 *
 * @example
 * const o = await computeOverview(rollups, { since: now - 86_400_000, until: now, by: 'model' });
 * o.totals.latency.p95; o.series.costUsd; o.breakdown[0].name
 */
export async function computeOverview(reader: RollupReader, query: OverviewQuery): Promise<Overview> {
  const wide = await overviewFrom(reader, query, query.since);
  const from = recentBucket(wide);
  const near = from === undefined ? undefined : await overviewFrom(reader, query, from);
  // Minute rows are kept 14 days: a zoom into a past range's traffic may find less than the wide
  // view did, and then the wide view stands.
  const chosen = near && near.totals.requests === wide.totals.requests ? near : wide;
  if (query.replicas === undefined) return chosen;
  return { ...chosen, byReplica: await replicaBreakdown(reader, chosen, query.replicas) };
}

/** The replicas of the range an overview covers (from its series' start), for its `byReplica`. */
async function replicaBreakdown(reader: RollupReader, o: Overview, top: number): Promise<ReplicaBreakdown> {
  const ranked = await rankedReplicas(reader, { resolutionMs: 60_000, since: o.seriesSince, until: o.until }, o.traffic, top);
  return {
    replicas: ranked.rows.map((r) => ({ name: r.value, lastSeen: r.lastSeen, ...totalsOf(r) })),
    more: ranked.more,
    unnamed: Math.max(0, o.totals.requests - ranked.named),
  };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * The range a page opens on when none is chosen (`range=auto`): the last 24 hours, or the last
 * hour when every request of the day is from it (a fresh install, a demo). One read of the day's
 * minute rollups in hour slots, so every page that asks (the overview, the routes page's reports)
 * decides by the same rule, each in its one answer.
 *
 * @example await recentRange(rollups, Date.now()) // '1h' on a gateway started ten minutes ago
 */
export async function recentRange(reader: RollupReader, until: number, traffic: Traffic = 'all'): Promise<'1h' | '24h'> {
  const range = { resolutionMs: 60_000, since: until - DAY, until };
  const read = (evals: boolean) => reader.slots(range, HOUR, evals ? 'eval:*' : '*');
  const slots = await read(traffic === 'evals');
  const evals = traffic === 'apps' ? new Map((await read(true)).map((r) => [r.slot, r.requests])) : undefined;
  const requests = (r: { slot: number; requests: number }) => r.requests - (evals?.get(r.slot) ?? 0);
  // The day's hour slots from its start: the last one is the last hour.
  const last = DAY / HOUR - 1;
  const recent = slots.some((r) => r.slot >= last && requests(r) > 0);
  return recent && !slots.some((r) => r.slot < last && requests(r) > 0) ? '1h' : '24h';
}

/**
 * The overview a page opens on when no range is chosen (`range=auto`), with the range it took
 * (see `recentRange`). Decided here, in the one answer: the dashboard asked for the day, then for
 * the hour, and took 2–4 s to its first chart.
 *
 * @example const o = await computeRecentOverview(rollups, { until: now, by: 'model' }); o.range // '1h'
 */
export async function computeRecentOverview(reader: RollupReader, query: Omit<OverviewQuery, 'since'>): Promise<Overview> {
  const range = await recentRange(reader, query.until, query.traffic);
  return { ...(await computeOverview(reader, { ...query, since: query.until - (range === '1h' ? HOUR : DAY) })), range };
}

/** The bucket of the range's first request, when the overview should start there (see `recentStart`). */
function recentBucket(o: Overview): number | undefined {
  const first = o.series.requests.findIndex((n) => n > 0);
  return first === -1 ? undefined : recentStart(o, o.series.ts[first], (span) => stepFor(span).stepMs);
}

/** The overview of `query`, its series drawn from `seriesSince` (totals and breakdown too: nothing earlier is in the range). */
async function overviewFrom(reader: RollupReader, query: OverviewQuery, seriesSince: number): Promise<Overview> {
  const { stepMs, resolutionMs } = stepFor(query.until - seriesSince);
  const start = slotStart(seriesSince, query.until, stepMs);
  const points = Math.max(1, Math.ceil((query.until - start) / stepMs));
  const range = { resolutionMs, since: start, until: query.until };
  const traffic = query.traffic ?? 'all';
  const { slots, values, splitRows } = await readTraffic(reader, range, stepMs, query.by, traffic);
  const buckets = Array.from({ length: points }, emptyTotals);
  const total = emptyTotals();
  for (const slot of slots) {
    const bucket = buckets[slot.slot];
    if (!bucket) continue;
    addTotals(bucket, slot);
    addTotals(total, slot);
  }
  const ranked = [...values].sort((a, b) => b.requests - a.requests);
  const top = ranked.slice(0, query.top ?? 8).map((v) => v.value);
  const names = ranked.length > top.length ? [...top.map(nameOf), 'other'] : top.map(nameOf);
  const slotOf = new Map(top.map((value, i) => [value, i]));
  const split = {
    names,
    requests: names.map(() => new Array<number>(points).fill(0)),
    costUsd: names.map(() => new Array<number>(points).fill(0)),
    tokens: names.map(() => new Array<number>(points).fill(0)),
  };
  for (const row of splitRows) {
    if (row.slot < 0 || row.slot >= points) continue;
    const s = slotOf.get(row.value) ?? names.length - 1;
    (split.requests[s] as number[])[row.slot] = ((split.requests[s] as number[])[row.slot] as number) + row.requests;
    (split.costUsd[s] as number[])[row.slot] = ((split.costUsd[s] as number[])[row.slot] as number) + row.costUsd;
    (split.tokens[s] as number[])[row.slot] = ((split.tokens[s] as number[])[row.slot] as number) + row.tokens;
  }
  return {
    since: query.since,
    until: query.until,
    seriesSince: start,
    stepMs,
    by: query.by,
    traffic,
    totals: totalsOf(total),
    series: {
      ts: buckets.map((_, i) => start + i * stepMs),
      requests: buckets.map((b) => b.requests),
      errors: buckets.map((b) => b.errors),
      refused: buckets.map(refusedOf),
      inputTokens: buckets.map((b) => b.inputTokens),
      outputTokens: buckets.map((b) => b.outputTokens),
      costUsd: buckets.map((b) => b.costUsd),
      p50: buckets.map((b) => quantile(b.latencyHist, 0.5)),
      p95: buckets.map((b) => quantile(b.latencyHist, 0.95)),
      p99: buckets.map((b) => quantile(b.latencyHist, 0.99)),
      ttftP50: buckets.map((b) => quantile(b.ttftHist, 0.5)),
      ttftP95: buckets.map((b) => quantile(b.ttftHist, 0.95)),
    },
    split,
    breakdown: ranked.map((v) => ({ name: nameOf(v.value), ...totalsOf(v) })),
  };
}

type SplitRow = { slot: number; value: string; requests: number; costUsd: number; tokens: number };

/**
 * The rows of one kind of traffic. Eval traffic has rollups of its own; applications' traffic is
 * everything minus it (sums and histogram counts subtract exactly).
 */
async function readTraffic(reader: RollupReader, range: Parameters<RollupReader['slots']>[0], stepMs: number, by: Dimension, traffic: Traffic) {
  const read = (evals: boolean) =>
    Promise.all([reader.slots(range, stepMs, evals ? 'eval:*' : '*'), reader.values(range, evals ? `eval:${by}` : by), reader.split(range, stepMs, evals ? `eval:${by}` : by)]);
  if (traffic !== 'apps') {
    const [slots, values, splitRows] = await read(traffic === 'evals');
    return { slots, values, splitRows };
  }
  const [[slots, values, splitRows], [evalSlots, evalValues, evalSplit]] = await Promise.all([read(false), read(true)]);
  const minus = <T extends RollupTotals>(rows: T[], key: (r: T) => string | number, less: T[]) => {
    const byKey = new Map(less.map((r) => [key(r), r]));
    for (const row of rows) {
      const other = byKey.get(key(row));
      if (other) subtractTotals(row, other);
    }
    return rows.filter((r) => r.requests > 0);
  };
  const evalSplitByKey = new Map(evalSplit.map((r) => [`${r.slot}\u0000${r.value}`, r]));
  const appSplit: SplitRow[] = splitRows
    .map((r) => {
      const e = evalSplitByKey.get(`${r.slot}\u0000${r.value}`);
      return e ? { ...r, requests: r.requests - e.requests, costUsd: r.costUsd - e.costUsd, tokens: r.tokens - e.tokens } : r;
    })
    .filter((r) => r.requests > 0);
  return { slots: minus(slots, (r) => r.slot, evalSlots), values: minus(values, (r) => r.value, evalValues), splitRows: appSplit };
}
