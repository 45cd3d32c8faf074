import { addInto, emptyHistogram, type Histogram, quantile } from './histogram.js';
import type { RollupFilter, RollupReader, RollupRow } from './rollup.js';

/** What the overview splits by. "model" is the name clients ask for, i.e. the route. */
export type Dimension = 'model' | 'provider' | 'key' | 'team';
export const DIMENSIONS: readonly Dimension[] = ['model', 'provider', 'key', 'team'];

export interface OverviewQuery {
  since: number;
  until: number;
  by: Dimension;
  filter: RollupFilter;
  /** Named series in the split charts; the rest are summed as "other". */
  top?: number;
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface OverviewTotals {
  requests: number;
  errors: number;
  errorRate: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  meanLatencyMs: number | null;
  latency: Percentiles;
  ttft: Percentiles;
}

export interface OverviewSeries {
  /** Bucket starts, ms since the epoch. */
  ts: number[];
  requests: number[];
  errors: number[];
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
  stepMs: number;
  by: Dimension;
  totals: OverviewTotals;
  series: OverviewSeries;
  /** Per bucket, per name (in `names` order): for stacked charts split by `by`. */
  split: { names: string[]; requests: number[][]; costUsd: number[][]; tokens: number[][] };
  breakdown: (OverviewTotals & { name: string })[];
}

const STEPS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000];
const TARGET_POINTS = 240;

/** The chart step for a range (~240 points at most) and the rollup resolution that serves it. */
export function stepFor(rangeMs: number): { stepMs: number; resolutionMs: number } {
  const stepMs = STEPS.find((s) => rangeMs / s <= TARGET_POINTS) ?? (STEPS[STEPS.length - 1] as number);
  const resolutionMs = stepMs >= 86_400_000 ? 86_400_000 : stepMs >= 3_600_000 ? 3_600_000 : 60_000;
  return { stepMs, resolutionMs };
}

interface Acc {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  latencyMsSum: number;
  lat: Histogram;
  ttft: Histogram;
}

const newAcc = (): Acc => ({ requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, latencyMsSum: 0, lat: emptyHistogram(), ttft: emptyHistogram() });

function add(acc: Acc, row: RollupRow): void {
  acc.requests += row.requests;
  acc.errors += row.errors;
  acc.inputTokens += row.inputTokens;
  acc.outputTokens += row.outputTokens;
  acc.cachedTokens += row.cachedTokens;
  acc.costUsd += row.costUsd;
  acc.latencyMsSum += row.latencyMsSum;
  addInto(acc.lat, row.latencyHist);
  addInto(acc.ttft, row.ttftHist);
}

const percentiles = (h: Histogram): Percentiles => ({ p50: quantile(h, 0.5), p95: quantile(h, 0.95), p99: quantile(h, 0.99) });

function totalsOf(acc: Acc): OverviewTotals {
  return {
    requests: acc.requests,
    errors: acc.errors,
    errorRate: acc.requests ? acc.errors / acc.requests : 0,
    inputTokens: acc.inputTokens,
    outputTokens: acc.outputTokens,
    cachedTokens: acc.cachedTokens,
    costUsd: acc.costUsd,
    meanLatencyMs: acc.requests ? acc.latencyMsSum / acc.requests : null,
    latency: percentiles(acc.lat),
    ttft: percentiles(acc.ttft),
  };
}

function nameOf(row: RollupRow, by: Dimension): string {
  const value = by === 'model' ? row.model : by === 'provider' ? row.provider : by === 'key' ? row.keyName : row.team;
  return value === '' ? '(none)' : value;
}

/**
 * Requests, errors, latency and TTFT percentiles, tokens and cost for a time range, as totals,
 * a time series and a split by one dimension — all from rollups, never from raw traces.
 *
 * @example
 * const o = await computeOverview(rollups, { since: now - 86_400_000, until: now, by: 'model', filter: {} });
 * o.totals.latency.p95; o.series.costUsd; o.breakdown[0].name
 */
export async function computeOverview(reader: RollupReader, query: OverviewQuery): Promise<Overview> {
  const { stepMs, resolutionMs } = stepFor(query.until - query.since);
  const start = query.since - (query.since % stepMs);
  const points = Math.max(1, Math.ceil((query.until - start) / stepMs));
  const rows = await reader.readRollups(resolutionMs, start, query.until, query.filter);
  const total = newAcc();
  const buckets = Array.from({ length: points }, newAcc);
  const byName = new Map<string, Acc>();
  for (const row of rows) {
    const index = Math.floor((row.bucket - start) / stepMs);
    const bucket = buckets[index];
    if (!bucket) continue;
    add(total, row);
    add(bucket, row);
    const name = nameOf(row, query.by);
    let acc = byName.get(name);
    if (!acc) byName.set(name, (acc = newAcc()));
    add(acc, row);
  }
  const ranked = [...byName.entries()].sort((a, b) => b[1].requests - a[1].requests);
  const top = ranked.slice(0, query.top ?? 8).map(([name]) => name);
  const hasOther = ranked.length > top.length;
  const names = hasOther ? [...top, 'other'] : top;
  const slot = new Map(top.map((name, i) => [name, i]));
  const split = {
    names,
    requests: names.map(() => new Array<number>(points).fill(0)),
    costUsd: names.map(() => new Array<number>(points).fill(0)),
    tokens: names.map(() => new Array<number>(points).fill(0)),
  };
  for (const row of rows) {
    const index = Math.floor((row.bucket - start) / stepMs);
    if (index < 0 || index >= points) continue;
    const s = slot.get(nameOf(row, query.by)) ?? names.length - 1;
    (split.requests[s] as number[])[index] = ((split.requests[s] as number[])[index] as number) + row.requests;
    (split.costUsd[s] as number[])[index] = ((split.costUsd[s] as number[])[index] as number) + row.costUsd;
    (split.tokens[s] as number[])[index] = ((split.tokens[s] as number[])[index] as number) + row.inputTokens + row.outputTokens;
  }
  return {
    since: query.since,
    until: query.until,
    stepMs,
    by: query.by,
    totals: totalsOf(total),
    series: {
      ts: buckets.map((_, i) => start + i * stepMs),
      requests: buckets.map((b) => b.requests),
      errors: buckets.map((b) => b.errors),
      inputTokens: buckets.map((b) => b.inputTokens),
      outputTokens: buckets.map((b) => b.outputTokens),
      costUsd: buckets.map((b) => b.costUsd),
      p50: buckets.map((b) => quantile(b.lat, 0.5)),
      p95: buckets.map((b) => quantile(b.lat, 0.95)),
      p99: buckets.map((b) => quantile(b.lat, 0.99)),
      ttftP50: buckets.map((b) => quantile(b.ttft, 0.5)),
      ttftP95: buckets.map((b) => quantile(b.ttft, 0.95)),
    },
    split,
    breakdown: ranked.map(([name, acc]) => ({ name, ...totalsOf(acc) })),
  };
}
