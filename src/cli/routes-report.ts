import { existsSync } from 'node:fs';
import { quoteClipped } from '../core/clip.js';
import { formatLatency } from '../core/format-latency.js';
import { TerminalTable } from '../core/terminal-table.js';
import { usd } from '../core/usd.js';
import { demoConfigFile } from './demo/demo-files.js';
import { SwitchyardError } from '../core/errors.js';
import { type LocalModelState, type RouteReport, routeReports, routeShapes } from '../monitor/route-report.js';
import { branchAliases, withBranchAliases } from '../monitor/branch-aliases.js';
import { withStores } from './open-cli-stores.js';
import { adminRequest } from './gateway-admin.js';
import { CLI } from '../core/cli-command.js';
import { percent } from '../core/percent.js';

export interface RoutesFlags {
  config?: string;
  db?: string;
  gateway?: string;
  adminKey?: string;
  range: string;
  json?: boolean;
}

const RANGE_MS: Record<string, number> = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000 };

/**
 * `switchyard routes`: per route, the share each branch served, the local model's coverage and
 * precision, and what it saved net of its shadow checks. From a running gateway (`--gateway`: live shadow precision too)
 * or from the store named by `--config` / `--db` (held-out figures only).
 */
export async function printRoutes(flags: RoutesFlags): Promise<void> {
  // An own name only: `RANGE_MS["constructor"]` is a function, a span of NaN ms.
  const span = Object.hasOwn(RANGE_MS, flags.range) ? RANGE_MS[flags.range] : undefined;
  if (span === undefined) throw new SwitchyardError('invalid_request', `--range must be one of ${Object.keys(RANGE_MS).join(', ')}, got ${quoteClipped(flags.range)}`);
  const reports = flags.gateway ? await fromGateway(flags.gateway, flags.range, flags.adminKey) : await fromStore(flags, span);
  if (flags.json) {
    console.log(JSON.stringify({ range: flags.range, routes: reports }));
    return;
  }
  if (reports.length === 0) {
    console.log('no routes configured (add a routes: section to the config)');
    return;
  }
  // A cascade's steps only when a route has them (a gateway from before them sends none): a column
  // of dashes on every split route says nothing.
  const cascades = reports.some((r) => r.cascade);
  const table = new TerminalTable({
    head: ['route', 'policy', 'requests', 'served by', 'local', 'precision (live / held-out)', 'saved', ...(cascades ? [CASCADE_HEAD] : [])],
    // The route's name stays whole (at 80 columns it was cut to "support-in…"): on a terminal the
    // lists of branches and the local model's state wrap at their words, and the policy (the
    // config's) goes first; to a pipe each route stays one line, for grep.
    wrapsOnTerminal: ['served by', 'local', 'saved', CASCADE_HEAD],
    dropToFit: ['policy', 'saved'],
    // A name past 16 columns (a hostile 200-character one) is cut with "…" rather than cost the figures.
    shrinks: ['route'],
    style: { head: [] },
  });
  for (const r of reports) {
    table.push([r.route, r.policy, r.requests, branchesCell(r.branches), localCell(r), precisionCell(r.local), savedCell(r), ...(cascades ? [cascadeCell(r.cascade)] : [])]);
  }
  console.log(`last ${flags.range}`);
  console.log(table.toString());
  // The store holds the held-out figures only: a bare "–" for live precision read as "none measured".
  if (!flags.gateway && reports.some((r) => r.local?.liveVersion !== null && r.local?.liveVersion !== undefined)) {
    console.log(`live precision (of the shadow checks) is known only to a running gateway: ${CLI} routes --gateway URL`);
  }
}

/**
 * The three busiest branches, then how many more served the rest and their share together: four
 * branches of 25% each read as a route that served 75% of its requests when the fourth went unsaid.
 * A fourth branch alone is named: "1 more 12.5%" took the room its name needs and hid which it was.
 *
 * @example branchesCell([a 40%, b 30%, c 20%, d 5%, e 5%]) // 'a 40.0%, b 30.0%, c 20.0%, 2 more 10.0%'
 * @example branchesCell([a 40%, b 30%, c 20%, d 10%]) // 'a 40.0%, b 30.0%, c 20.0%, d 10.0%'
 */
function branchesCell(branches: RouteReport['branches']): string {
  const listed = branches.length === 4 ? 4 : 3;
  const cells = branches.slice(0, listed).map((b) => `${b.branch} ${percent(b.share)}`);
  const rest = branches.slice(listed);
  if (rest.length > 0) cells.push(`${rest.length} more ${percent(rest.reduce((sum, b) => sum + b.share, 0))}`);
  return cells.join(', ') || '–';
}

const CASCADE_HEAD = 'cascade steps (answered of reached)';

/**
 * A cascade's steps in order: each target, the calls it answered of the ones that came to it,
 * and what a call it answered cost (its earlier steps' included), from `RouteReport.cascade`.
 *
 * @example cascadeCell([mini 62 of 100, large 38 of 38]) // '1 mini 62 of 100 (62.0%, $0.000120 each), 2 large 38 of 38 (100.0%, $0.0042 each)'
 */
function cascadeCell(steps: RouteReport['cascade'] | undefined): string {
  if (!steps) return '–';
  return steps
    .map((s) => {
      const share = s.answeredShare === null ? '' : ` (${percent(s.answeredShare)}${s.meanCostUsd === null ? '' : `, ${usd(s.meanCostUsd)} each`})`;
      return `${s.step} ${s.target} ${s.answered} of ${s.reached}${share}`;
    })
    .join(', ');
}

async function fromGateway(url: string, range: string, adminKey: string | undefined): Promise<RouteReport[]> {
  const report = await adminRequest({
    gateway: url,
    path: `/api/routes?${new URLSearchParams({ range })}`,
    adminKey,
    what: 'a routes report',
    isAnswer: (body): body is { routes: RouteReport[] } => Array.isArray((body as { routes?: unknown } | undefined)?.routes),
  });
  return report.routes;
}

async function fromStore(flags: RoutesFlags, span: number): Promise<RouteReport[]> {
  if (!flags.config) {
    // After `switchyard demo local` the demo's config is there to name (its gateway stopped with it).
    const demo = demoConfigFile(flags.db);
    const after = existsSync(demo) ? `; the demo's: ${CLI} routes --config ${demo}` : '';
    throw new SwitchyardError('invalid_request', `${CLI} routes needs --config FILE (the gateway config, which defines the routes) or --gateway URL${after}`);
  }
  // Only the routes, the models and providers they name, and the store are checked: the rest of
  // the file (a variable only the gateway's shell sets) is the gateway's.
  const { loadRouting } = await import('../config/load-config.js');
  const config = loadRouting(flags.config);
  return withStores(flags, async (stores) => {
    const local: Record<string, LocalModelState> = {};
    for (const [name, route] of Object.entries(config.routes)) {
      if (!route.options.task) continue;
      const live = await stores.models.live(name);
      local[name] = {
        liveVersion: live?.version ?? null,
        heldOut: live ? { precision: live.metrics.precision, coverage: live.metrics.coverage, accuracy: live.metrics.accuracy, examples: live.metrics.examples } : null,
        live: null,
        examples: await stores.examples.count(name),
        training: false,
        waiting: live ? null : 'no live version',
      };
    }
    const until = Date.now();
    // Branches stored under their upstream model's name (before 2026-12-04) read as their target.
    return routeReports(withBranchAliases(stores.rollups, () => branchAliases(config.models, config.routes)), routeShapes(config.routes), { since: until - span, until }, local);
  });
}

/**
 * The share of the range's requests answered locally, and the version live now: `59.7% (live v5)`.
 * The share counts every version that answered in the range (the rollups keep no version), so
 * the demo's `59.7% (v5)` read as v5's traffic, which v1–v4 had served before v5 went live.
 */
function localCell(r: RouteReport): string {
  if (!r.local) return '–';
  const version = r.local.liveVersion === null ? (r.local.waiting ?? 'not live') : `live v${r.local.liveVersion}`;
  return `${percent(r.localShare)} (${version})`;
}

function precisionCell(local: LocalModelState | null): string {
  if (!local) return '–';
  const live = local.live?.precision === null || local.live?.precision === undefined ? '–' : `${percent(local.live.precision)} of ${local.live.shadowed}`;
  const heldOut = local.heldOut ? percent(local.heldOut.precision) : '–';
  return `${live} / ${heldOut}`;
}

function savedCell(r: RouteReport): string {
  const cascade = r.cascadeSaving ? cascadeSavingText(r.cascadeSaving) : '';
  if (r.savedUsd === 0 && !r.shadowChecks?.requests) return cascade || '–';
  const ms = r.savedLatencyMsPerLocalRequest === null ? '' : `, ${latencySavedText(r.savedLatencyMsPerLocalRequest)}`;
  return [`${netSavingText(r)}${ms}`, cascade].filter(Boolean).join('; ');
}

/**
 * The time a local answer saved against the paid branch's mean latency: a teacher faster than the
 * local answers (the simulator, a model's first cold answers in the mean) read "-1.97 ms/request"
 * in the saved column, a saving of less than nothing.
 *
 * @example latencySavedText(1207) // '1.21 s/request'
 * @example latencySavedText(-1.97) // '2 ms slower/request'
 */
export function latencySavedText(ms: number): string {
  return ms < 0 ? `${formatLatency(-ms)} slower/request` : `${formatLatency(ms)}/request`;
}

/**
 * What a cascade saved against its last target alone, and what its judge's calls cost of it: the
 * last target alone needs no judge, so the saving is net of them. An exact figure (the rollups'
 * own, since 2026-12-07) that is negative says the cascade cost more, and by how much; it names
 * the calls whose last-target cost is that target's price at their tokens (they stopped earlier),
 * those left out (no price), the time saved per call where the last step's latency was measured,
 * and, when older calls in the range lack the figure, from when it counts. An estimate from the
 * branches' means (older calls) is written as before, as an upper bound when no call stopped at
 * the step before the last.
 *
 * @example cascadeSavingText({ against: 'large', savedUsd: 0.0021, judge: { requests: 40, costUsd: 0.0086 }, atMostBecause: null, exact: false, … }) // '$0.002100 vs large alone, net of $0.0086 on 40 judge calls'
 * @example cascadeSavingText({ against: 'large', savedUsd: 0, judge: { requests: 0, costUsd: 0 }, atMostBecause: 'mini', exact: false, … }) // "at most $0 vs large alone (no call stopped at mini: …)"
 * @example cascadeSavingText({ against: 'gpt-5.4', savedUsd: -0.00088, calls: 4, pricedCalls: 0, exact: true, savedLatencyMsPerCall: -950, … }) // '$0.000880 more than gpt-5.4 alone (4 calls, every step paid), 950 ms slower/request'
 */
export function cascadeSavingText(s: NonNullable<RouteReport['cascadeSaving']>): string {
  const calls = (n: number, kind = 'call') => `${n.toLocaleString('en-US')} ${kind}${n === 1 ? '' : 's'}`;
  if (s.exact) {
    const more = s.savedUsd < 0;
    // What the judge's calls cost is taken off a saving, and is part of what a cascade cost more.
    const judges = `${usd(s.judge.costUsd)} on ${calls(s.judge.requests, 'judge call')}`;
    const judge = s.judge.requests === 0 ? '' : more ? `, ${judges} included` : `, net of ${judges}`;
    const priced = s.pricedCalls > 0 ? `; ${s.against} priced at its price for the ${s.pricedCalls.toLocaleString('en-US')} that stopped earlier` : '';
    const head = `${usd(Math.abs(s.savedUsd))} ${more ? 'more than' : 'vs'} ${s.against} alone (${calls(s.calls)}, every step paid${priced})${judge}`;
    const latency = s.savedLatencyMsPerCall === null ? '' : `, ${latencySavedText(s.savedLatencyMsPerCall)}`;
    const left = s.unpricedCalls > 0 ? `; ${calls(s.unpricedCalls)} left out: ${s.against} has no price` : '';
    const since = s.since === null ? '' : `; since ${utcMinute(s.since)} (older calls were stored without the figure)`;
    return `${head}${latency}${left}${since}`;
  }
  const judge = s.judge.requests > 0 ? `, net of ${usd(s.judge.costUsd)} on ${s.judge.requests.toLocaleString('en-US')} judge call${s.judge.requests === 1 ? '' : 's'}` : '';
  // Every call paid the step that answered none, and its cost cannot be told from the last one's.
  const bound = s.atMostBecause === null ? '' : ` (no call stopped at ${s.atMostBecause}: what it cost each call is in ${s.against}'s figure, so the cascade saved less)`;
  return `${s.atMostBecause === null ? '' : 'at most '}${usd(s.savedUsd)} vs ${s.against} alone${judge}${bound}`;
}

/** A time as `2026-12-07 23:52 UTC`. */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * What a route's local model saved, and what its shadow checks cost of it when there were any:
 * sending everything to the large model would have needed no checks, so the saving is net of them.
 * A gateway from before 2026-12-06 sends no `shadowChecks`: its figure is written as it is.
 *
 * @example netSavingText({ savedUsd: 0.056, shadowChecks: { requests: 63, costUsd: 0.0063 } }) // '$0.0560 net of $0.006300 on 63 shadow checks'
 */
export function netSavingText(r: Pick<RouteReport, 'savedUsd'> & { shadowChecks?: RouteReport['shadowChecks'] }): string {
  const checks = r.shadowChecks;
  if (!checks?.requests) return usd(r.savedUsd);
  return `${usd(r.savedUsd)} net of ${usd(checks.costUsd)} on ${checks.requests.toLocaleString('en-US')} shadow check${checks.requests === 1 ? '' : 's'}`;
}

