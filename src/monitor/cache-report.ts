import { recentRange, stepFor, type Traffic } from './overview.js';
import { CACHE_OUTCOMES, type CacheOutcome, type RollupReader } from './rollup.js';
import { recentStart, slotStart } from './series-window.js';

/** What the cache did with the calls of some names over some time. */
export interface CacheFigures {
  /** Hits on the same request, and on a reworded question (a route's `semantic` rule). */
  exact: number;
  semantic: number;
  /** Looked up and not found (a store that failed counts here too): the provider answered. */
  misses: number;
  /** Hits over lookups (exact + semantic + misses); null without a lookup. */
  hitRate: number | null;
  /** Not looked up: the client opted out or asked for a fresh answer. */
  bypass: number;
  /** Not cacheable (a temperature above 0 without `any_temperature`, an embeddings call): not looked up. */
  skip: number;
  /**
   * What the hits saved: each hit's answer's tokens at its model's price at the time of the hit
   * (hits traced before 2026-12-06: what the answer cost when stored).
   */
  savedUsd: number;
  /** The tokens (input and output) the hits' answers took when a provider gave them, which the hits did not spend (counted from 2026-12-06). */
  savedTokens: number;
  /** What the misses cost. */
  missUsd: number;
}

export interface CacheReport {
  since: number;
  until: number;
  /** Where the series start (`since`, or later when every lookup of the range is recent; see the overview's). */
  seriesSince: number;
  stepMs: number;
  /** Asked with `range=auto`: the range it took. */
  range?: '1h' | '24h';
  traffic: Traffic;
  totals: CacheFigures;
  series: {
    ts: number[];
    exact: number[];
    semantic: number[];
    misses: number[];
    /** Per step: hits over lookups, and semantic hits over lookups; null where nothing was looked up. */
    hitRate: (number | null)[];
    semanticRate: (number | null)[];
    /**
     * Per step: what the hits saved; null where nothing was looked up, as the rates are. No lookup
     * is no figure, not a saving of $0 (which a step whose lookups all missed is): the dashboard
     * drew such a minute as a drop to $0 beside a gap in the hit rate.
     */
    savedUsd: (number | null)[];
    savedTokens: (number | null)[];
  };
  /** Per name called (model or route), most lookups first, at most `NAMES_SHOWN`. */
  names: (CacheFigures & { name: string })[];
  /** Names with calls in the range left out of `names`. */
  moreNames: number;
}

/** Names listed: the configured names bound them, but a config of hundreds should not make a page of hundreds of rows. */
export const NAMES_SHOWN = 10;

type Row = { slot: number; value: string; requests: number; costUsd: number; tokens: number };
type Sums = Omit<CacheFigures, 'hitRate'>;

const empty = (): Sums => ({ exact: 0, semantic: 0, misses: 0, bypass: 0, skip: 0, savedUsd: 0, savedTokens: 0, missUsd: 0 });
const OUTCOMES = new Set<string>(CACHE_OUTCOMES);

/** `exact:faq` → ['exact', 'faq']; undefined for a value this version does not know. */
function parse(value: string): [CacheOutcome, string] | undefined {
  const at = value.indexOf(':');
  const outcome = value.slice(0, at);
  return at > 0 && OUTCOMES.has(outcome) ? [outcome as CacheOutcome, value.slice(at + 1)] : undefined;
}

function add(into: Sums, outcome: CacheOutcome, row: Row): void {
  if (outcome === 'miss') {
    into.misses += row.requests;
    into.missUsd += row.costUsd;
    return;
  }
  into[outcome] += row.requests;
  // A hit's row counts what its answer saved: its cost and tokens (its trace spent none).
  if (outcome === 'exact' || outcome === 'semantic') {
    into.savedUsd += row.costUsd;
    into.savedTokens += Number(row.tokens);
  }
}

const lookedUp = (s: Sums): boolean => s.exact + s.semantic + s.misses > 0;

function figures(s: Sums): CacheFigures {
  const lookups = s.exact + s.semantic + s.misses;
  return { ...s, hitRate: lookups ? (s.exact + s.semantic) / lookups : null };
}

/**
 * The response cache's hit rate (exact and semantic), and what the hits saved, over a range, as
 * totals, a series and per name called, from the rollups' `cache` dimension alone (never raw
 * traces): one read of a few rows per step and name.
 *
 * @example const r = await computeCacheReport(rollups, { since: now - 3_600_000, until: now }); r.totals.hitRate // 0.6
 */
export async function computeCacheReport(reader: RollupReader, query: { since: number; until: number; traffic?: Traffic }): Promise<CacheReport> {
  const wide = await reportFrom(reader, query, query.since);
  const first = wide.series.ts[wide.series.exact.findIndex((_, i) => lookupsAt(wide, i) > 0)];
  const from = recentStart(wide, first, (span) => stepFor(span).stepMs);
  if (from === undefined) return wide;
  const near = await reportFrom(reader, query, from);
  // Minute rows are kept 14 days: a zoom into an old range may find less, and then the wide view stands.
  const lookups = (r: CacheReport) => r.totals.exact + r.totals.semantic + r.totals.misses;
  return lookups(near) === lookups(wide) ? near : wide;
}

/** The report of the day, or of its last hour when all of the day's traffic is in it (as the overview's `range=auto`). */
export async function computeRecentCacheReport(reader: RollupReader, query: { until: number; traffic?: Traffic }): Promise<CacheReport> {
  const range = await recentRange(reader, query.until, query.traffic);
  return { ...(await computeCacheReport(reader, { ...query, since: query.until - (range === '1h' ? 3_600_000 : 86_400_000) })), range };
}

const lookupsAt = (r: CacheReport, i: number) => (r.series.exact[i] ?? 0) + (r.series.semantic[i] ?? 0) + (r.series.misses[i] ?? 0);

async function reportFrom(reader: RollupReader, query: { since: number; until: number; traffic?: Traffic }, seriesSince: number): Promise<CacheReport> {
  const { stepMs, resolutionMs } = stepFor(query.until - seriesSince);
  const start = slotStart(seriesSince, query.until, stepMs);
  const points = Math.max(1, Math.ceil((query.until - start) / stepMs));
  const range = { resolutionMs, since: start, until: query.until };
  const traffic = query.traffic ?? 'all';
  const rows = await readRows(reader, range, stepMs, traffic);
  const slots = Array.from({ length: points }, empty);
  const total = empty();
  const byName = new Map<string, Sums>();
  for (const row of rows) {
    const parsed = parse(row.value);
    const slot = slots[row.slot];
    if (!parsed || !slot) continue;
    const [outcome, name] = parsed;
    add(slot, outcome, row);
    add(total, outcome, row);
    let named = byName.get(name);
    if (!named) byName.set(name, (named = empty()));
    add(named, outcome, row);
  }
  const activity = (s: Sums) => s.exact + s.semantic + s.misses;
  const ranked = [...byName].sort((a, b) => activity(b[1]) - activity(a[1]) || b[1].bypass + b[1].skip - (a[1].bypass + a[1].skip) || (a[0] < b[0] ? -1 : 1));
  return {
    since: query.since,
    until: query.until,
    seriesSince: start,
    stepMs,
    traffic,
    totals: figures(total),
    series: {
      ts: slots.map((_, i) => start + i * stepMs),
      exact: slots.map((s) => s.exact),
      semantic: slots.map((s) => s.semantic),
      misses: slots.map((s) => s.misses),
      hitRate: slots.map((s) => figures(s).hitRate),
      semanticRate: slots.map((s) => (lookedUp(s) ? s.semantic / (s.exact + s.semantic + s.misses) : null)),
      savedUsd: slots.map((s) => (lookedUp(s) ? s.savedUsd : null)),
      savedTokens: slots.map((s) => (lookedUp(s) ? s.savedTokens : null)),
    },
    names: ranked.slice(0, NAMES_SHOWN).map(([name, s]) => ({ name, ...figures(s) })),
    moreNames: Math.max(0, ranked.length - NAMES_SHOWN),
  };
}

/** The `cache` rows of one kind of traffic; applications' is everything minus eval runs' (sums subtract exactly). */
async function readRows(reader: RollupReader, range: Parameters<RollupReader['split']>[0], stepMs: number, traffic: Traffic): Promise<Row[]> {
  if (traffic !== 'apps') return reader.split(range, stepMs, traffic === 'evals' ? 'eval:cache' : 'cache');
  const [all, evals] = await Promise.all([reader.split(range, stepMs, 'cache'), reader.split(range, stepMs, 'eval:cache')]);
  const evalOf = new Map(evals.map((r) => [`${r.slot}\u0000${r.value}`, r]));
  return all
    .map((r) => {
      const e = evalOf.get(`${r.slot}\u0000${r.value}`);
      return e ? { ...r, requests: r.requests - e.requests, costUsd: r.costUsd - e.costUsd, tokens: Number(r.tokens) - Number(e.tokens) } : r;
    })
    .filter((r) => r.requests > 0);
}
