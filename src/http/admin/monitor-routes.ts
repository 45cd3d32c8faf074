import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { computeCacheReport, computeRecentCacheReport } from '../../monitor/cache-report.js';
import { computeOverview, computeRecentOverview, DIMENSIONS, TRAFFIC } from '../../monitor/overview.js';
import type { RollupReader, SplitDim } from '../../monitor/rollup.js';
import type { Principal } from './access.js';
import { sendJson } from './http-kit.js';
import { param, type QuerySpec } from '../query-params.js';
import type { Router } from './router.js';

export interface MonitorRouteDeps {
  rollups?: RollupReader;
  /** Model and route names the config serves; requested names outside it are listed apart. */
  configuredModels?: readonly string[];
  /** The route names among them: `GET /api/dimensions` lists them as `routeNames`, so lists can say which names are routes. */
  configuredRoutes?: readonly string[];
  /** Whether the gateway has never had a key (any caller accepted): trace lists say so where a key would be. */
  openGateway?: () => boolean;
  now?: () => number;
}

/** `GET /api/dimensions`: the names filters offer, and how to read them. */
export type DimensionsResponse = Partial<Record<SplitDim, string[]>> & {
  /** Requested names the config does not serve (typos, old names), listed apart from `model`. */
  unconfiguredModels?: string[];
  /** The configured route names: `model` holds routes beside models, and lists label these as routes. */
  routeNames: string[];
  /** No key was ever configured or created: every caller is accepted, and traces carry no key. */
  openGateway: boolean;
};

const RANGES: Record<string, number> = { '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000, '90d': 7_776_000_000 };
const RANGE_NAMES = Object.keys(RANGES);

/** A time range's parameters: `range=24h` (ending now or at `until`), or explicit since/until. */
export const RANGE_QUERY = { range: param.oneOf(RANGE_NAMES), since: param.time(), until: param.time() } satisfies QuerySpec;

/** The same, where `range=auto` also asks for the day, or its last hour when all of the day's traffic is in it. */
export const AUTO_RANGE_QUERY = { ...RANGE_QUERY, range: param.oneOf([...RANGE_NAMES, 'auto']) } satisfies QuerySpec;

/**
 * The time range of a request from its {@link RANGE_QUERY} values: `range` (24h when absent) ending
 * at `until` (now when absent), or explicit since/until.
 *
 * @example rangeOf({ range: '7d' }, now) // { since: now - 604_800_000, until: now }
 */
export function rangeOf(values: { range?: string; since?: number; until?: number }, now: number): { since: number; until: number } {
  const until = values.until ?? now;
  const since = values.since;
  const iso = (ms: number) => new Date(ms).toISOString();
  // Both set the start: since won and range was dropped without a word (range=1h&since=… answered 8 hours).
  if (since !== undefined && values.range !== undefined) {
    throw new SwitchyardError('invalid_request', `range and since both set where the range starts: give range=${values.range} (ending at until, or now) or since=${iso(since)} (to until, or now), not both`, { param: 'range' });
  }
  if (since !== undefined) {
    const untilSaid = values.until === undefined ? `now (${iso(until)})` : `until (${iso(until)})`;
    if (since >= until) throw new SwitchyardError('invalid_request', `since (${iso(since)}) must be before ${untilSaid}`, { param: 'since' });
    const days = (until - since) / RANGES['24h']!;
    if (until - since > RANGES['90d']!) throw new SwitchyardError('invalid_request', `since (${iso(since)}) to ${untilSaid} spans ${Math.round(days).toLocaleString('en-US')} days; a range spans at most 90 days`, { param: 'since' });
    return { since, until };
  }
  const range = values.range ?? '24h';
  // An own name only: `RANGES["constructor"]` is a function, and a range of NaN ms answered 200 with no data.
  const ms = Object.hasOwn(RANGES, range) ? RANGES[range] : undefined;
  if (ms === undefined) throw new SwitchyardError('invalid_request', `range must be one of ${RANGE_NAMES.join(', ')}, got ${quoteClipped(range)}`, { param: 'range' });
  return { since: until - ms, until };
}

/** `GET /api/overview`: a range (or auto), the dimension to split by, how many series, and which traffic. */
const OVERVIEW_QUERY = {
  ...AUTO_RANGE_QUERY,
  by: param.oneOf(DIMENSIONS),
  // How many values get their own series before the rest become "other" (the routes page asks for every branch).
  top: param.int(1, 50),
  // Eval runs' calls can be left out (or shown alone), so they do not pass for application traffic.
  traffic: param.oneOf(TRAFFIC),
  // Each gateway process's share (byReplica), the busiest N: names grow with restarts, so the answer is bounded.
  replicas: param.int(1, 100),
} satisfies QuerySpec;

/** `GET /api/cache/hits`: a range (or auto) and which traffic. */
const CACHE_HITS_QUERY = { ...AUTO_RANGE_QUERY, traffic: param.oneOf(TRAFFIC) } satisfies QuerySpec;

/**
 * GET /api/overview?range=|auto&by=&traffic=all|apps|evals&replicas=N (rollup aggregates; byReplica with replicas), GET /api/cache/hits
 * (the response cache's hit rate and savings), GET /api/dimensions (filter choices). Keys: key-routes.ts.
 *
 * @example monitorRoutes(router, { rollups }) // GET /api/overview?range=7d&by=key
 */
export function monitorRoutes(router: Router<Principal>, deps: MonitorRouteDeps): void {
  const now = deps.now ?? Date.now;
  router.get('/api/overview', { query: OVERVIEW_QUERY }, async ({ res, query }) => {
    if (!deps.rollups) throw new SwitchyardError('unsupported', 'this store keeps no rollups');
    const options = { by: query.by ?? 'model', top: query.top ?? 8, traffic: query.traffic ?? 'all', ...(query.replicas === undefined ? {} : { replicas: query.replicas }) };
    // range=auto: the day, or its last hour when all of the day's traffic is in it (the answer says which).
    if (query.range === 'auto' && query.since === undefined) sendJson(res, 200, await computeRecentOverview(deps.rollups, { until: now(), ...options }));
    else sendJson(res, 200, await computeOverview(deps.rollups, { ...rangeOf(query, now()), ...options }));
  });
  router.get('/api/cache/hits', { query: CACHE_HITS_QUERY }, async ({ res, query }) => {
    if (!deps.rollups) throw new SwitchyardError('unsupported', 'this store keeps no rollups');
    const traffic = query.traffic ?? 'all';
    if (query.range === 'auto' && query.since === undefined) sendJson(res, 200, await computeRecentCacheReport(deps.rollups, { until: now(), traffic }));
    else sendJson(res, 200, await computeCacheReport(deps.rollups, { ...rangeOf(query, now()), traffic }));
  });
  router.get('/api/dimensions', async ({ res }) => {
    const values = deps.rollups ? await deps.rollups.dimensionValues(now() - RANGES['90d']!) : {};
    // Clients ask for names nobody configured (typos, old names): filters list them apart.
    const configured = deps.configuredModels ? new Set(deps.configuredModels) : undefined;
    const models = (values as { model?: string[] }).model ?? [];
    const known = configured ? { model: models.filter((m) => configured.has(m)), unconfiguredModels: models.filter((m) => !configured.has(m)) } : {};
    const body: DimensionsResponse = { ...values, ...known, routeNames: [...(deps.configuredRoutes ?? [])], openGateway: deps.openGateway?.() ?? false };
    sendJson(res, 200, body);
  });
}
