import type { RoutesConfig } from '../config/route-schema.js';
import { type CascadeSaving, cascadeSaving, exactCascadeSaving } from './cascade-saving.js';
import { type CascadeStepFigures, cascadeSteps } from './cascade-steps.js';
import { stepFor } from './overview.js';
import { answeredOf, GATEWAY_BRANCH, type RollupReader, type RollupTotals } from './rollup.js';

/** A route's local task model as the running gateway sees it (plain data, so a report can be built anywhere). */
export interface LocalModelState {
  liveVersion: number | null;
  /** Held-out figures of the live version. */
  heldOut: { precision: number; coverage: number; accuracy: number; examples: number } | null;
  /** Shadow-sampled live figures, when the gateway is running. */
  live: { precision: number | null; coverage: number; shadowed: number } | null;
  examples: number;
  training: boolean;
  waiting: string | null;
}

export interface BranchFigures {
  /** `(local)`, `(cache)` (an answer a route made, given again by the cache), `(failed)` (no target chosen), or the target the route chose (by its config name). */
  branch: string;
  requests: number;
  share: number;
  costUsd: number;
  /** Over the branch's calls that reached a model (failed ones too), not the gateway's own refusals. */
  meanLatencyMs: number | null;
}

export interface RouteReport {
  route: string;
  policy: string;
  requests: number;
  branches: BranchFigures[];
  /** Share answered by the local model. */
  localShare: number;
  /**
   * Net, estimated against sending everything to the route's most-used paid branch: each locally
   * answered request saved that branch's mean cost, less what the shadow checks of the local
   * answers cost (sending everything to that branch needs none). Negative when the checks cost more.
   */
  savedUsd: number;
  /** Before the shadow checks: local answers × `savedUsdPerLocalRequest`. */
  grossSavedUsd: number;
  /** That branch's mean cost: what each local answer saved (the dashboard charts savings over time from it). */
  savedUsdPerLocalRequest: number;
  /**
   * The local model's shadow checks over the range: local answers sent to the route's teacher as
   * well, to measure live precision. Not the route's traffic (in no branch, share or `requests`);
   * their spend is taken off the saving. Zero in rollups stored before 2026-12-06, which kept none.
   */
  shadowChecks: { requests: number; costUsd: number };
  savedLatencyMsPerLocalRequest: number | null;
  local: LocalModelState | null;
  /** A cascade's calls step by step (`cascadeSteps`); null on other policies. */
  cascade: CascadeStepFigures[] | null;
  /**
   * A cascade's judge calls over the range (`route > (judge)` in the rollups): the route's cost, in
   * no branch, share or `requests`. Zero in rollups stored before 2026-12-07, which kept none.
   */
  judgeCalls: { requests: number; costUsd: number };
  /** A cascade's saving against sending everything to its last target, net of the judge's calls; null on other policies or before the last target answered a call. */
  cascadeSaving: CascadeSaving | null;
}

/** What a report needs of a route's config: its policy and, for a cascade, its targets in order. */
export interface RouteShape {
  policy: string;
  cascade?: readonly string[];
}

/**
 * The routes of a config as reports read them.
 *
 * @example routeShapes(config.routes) // { extract: { policy: 'cascade', cascade: ['mini', 'large'] }, support: { policy: 'split' } }
 */
export function routeShapes(routes: RoutesConfig): Record<string, RouteShape> {
  return Object.fromEntries(Object.entries(routes).map(([name, route]) => [name, route.policy === 'cascade' ? { policy: route.policy, cascade: route.targets } : { policy: route.policy }]));
}

/**
 * Per route: the traffic share of each branch over a range (the calls that named the route and
 * those another route sent it), the local model's coverage and
 * precision, and what it saved net of its shadow checks — from rollups (bounded work, whatever the traffic) plus the
 * gateway's live local-model state when there is one.
 *
 * @example await routeReports(rollups, { support: 'static' }, { since, until }, localStates)
 */
export async function routeReports(
  rollups: RollupReader,
  routes: Record<string, string | RouteShape>,
  range: { since: number; until: number },
  local: Record<string, LocalModelState>,
): Promise<RouteReport[]> {
  const { stepMs, resolutionMs } = stepFor(range.until - range.since);
  const rollupRange = { resolutionMs, since: range.since - (range.since % stepMs), until: range.until };
  // A route's calls: those that named it, and those another route sent it (`nested`).
  const [called, reached] = await Promise.all([rollups.values(rollupRange, 'route'), rollups.values(rollupRange, 'nested')]);
  const rows: (RollupTotals & { value: string })[] = [...called, ...reached];
  // A cascade's exact saving: its calls' cost across all steps against the last target alone, over time too.
  const anyCascade = Object.values(routes).some((shape) => typeof shape !== 'string' && shape.cascade !== undefined);
  const [cascadeTotals, cascadeSlots] = anyCascade ? await Promise.all([rollups.values(rollupRange, 'cascade'), rollups.split(rollupRange, stepMs, 'cascade')]) : [[], []];
  const cascadeRows = cascadeTotals.map((r) => ({ value: r.value, requests: r.requests, costUsd: r.costUsd, latencyMsSum: r.latencyMsSum, timed: answeredOf(r) }));
  const grid = { since: rollupRange.since, stepMs, points: Math.max(1, Math.ceil((range.until - rollupRange.since) / stepMs)), rangeSince: range.since };
  return Object.entries(routes).map(([route, shape]) => {
    const { policy, cascade } = typeof shape === 'string' ? { policy: shape, cascade: undefined } : shape;
    const byBranch = new Map<string, { requests: number; costUsd: number; latencyMsSum: number; answered: number }>();
    const shadowChecks = { requests: 0, costUsd: 0 };
    const judgeCalls = { requests: 0, costUsd: 0 };
    for (const row of rows) {
      const [name, branch] = splitBranch(row.value);
      if (name !== route || branch === undefined) continue;
      // The gateway's own calls for the route: their cost is the route's, their count no traffic of it.
      const own = branch === GATEWAY_BRANCH.shadow ? shadowChecks : branch === GATEWAY_BRANCH.judge ? judgeCalls : undefined;
      if (own) {
        own.requests += row.requests;
        own.costUsd += row.costUsd;
        continue;
      }
      const into = byBranch.get(branch) ?? { requests: 0, costUsd: 0, latencyMsSum: 0, answered: 0 };
      into.requests += row.requests;
      into.costUsd += row.costUsd;
      into.latencyMsSum += row.latencyMsSum;
      into.answered += answeredOf(row);
      byBranch.set(branch, into);
    }
    const requests = [...byBranch.values()].reduce((n, b) => n + b.requests, 0);
    const branches = [...byBranch.entries()]
      .map(([branch, b]) => ({ branch, requests: b.requests, share: requests === 0 ? 0 : b.requests / requests, costUsd: b.costUsd, meanLatencyMs: b.answered === 0 ? null : b.latencyMsSum / b.answered }))
      .sort((a, b) => b.requests - a.requests);
    const localBranch = branches.find((b) => b.branch === GATEWAY_BRANCH.local);
    // The branch a local answer stood in for: the most-used target (the cache's answers cost nothing either; a failed call chose none).
    const paid = branches.filter((b) => !isGatewayBranch(b.branch) && b.requests > 0)[0];
    const meanPaidCost = paid ? paid.costUsd / paid.requests : 0;
    const grossSavedUsd = (localBranch?.requests ?? 0) * meanPaidCost;
    const steps = cascade && cascadeSteps(cascade, branches);
    return {
      route,
      policy,
      requests,
      branches,
      localShare: localBranch?.share ?? 0,
      savedUsd: grossSavedUsd - shadowChecks.costUsd,
      grossSavedUsd,
      savedUsdPerLocalRequest: meanPaidCost,
      shadowChecks,
      savedLatencyMsPerLocalRequest: paid?.meanLatencyMs !== null && paid?.meanLatencyMs !== undefined && localBranch?.meanLatencyMs !== null && localBranch?.meanLatencyMs !== undefined ? paid.meanLatencyMs - localBranch.meanLatencyMs : null,
      local: local[route] ?? null,
      cascade: steps ?? null,
      judgeCalls,
      cascadeSaving: (cascade && exactCascadeSaving(route, cascade.at(-1) as string, cascadeRows, cascadeSlots, grid, steps?.[0]?.reached ?? 0)) ?? (steps && cascadeSaving(steps, judgeCalls)) ?? null,
    };
  });
}

const GATEWAY_BRANCHES: ReadonlySet<string> = new Set(Object.values(GATEWAY_BRANCH));
const isGatewayBranch = (branch: string): boolean => GATEWAY_BRANCHES.has(branch);

/** `route > branch` at its first ` > `: a route name holds no space (`ROUTE_NAME`), a model name may. */
function splitBranch(value: string): [string, string | undefined] {
  const at = value.indexOf(' > ');
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 3)];
}
