import type { RoutesConfig } from '../config/route-schema.js';
import type { ModelConfig } from '../config/schema.js';
import { routeReferences } from '../config/validate-routes.js';
import { addTotals, GATEWAY_BRANCH, type RollupReader, type RollupTotals } from './rollup.js';

/**
 * Per route, the branch an older name stands for. Route totals stored before 2026-12-04 named a
 * branch by the provider model that answered (`support > gpt-4o-mini`), later ones by the target
 * the route chose (`support > small`): such a name stands for the route's target that serves that
 * model. Totals stored by versions up to 2026-12-06 wrote the gateway's own branches without
 * parentheses (`support > local`, `cache`, `shadow`, `failed`): they stand for `(local)` … .
 */
export type BranchAliases = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The gateway's own branches as versions up to 2026-12-06 wrote them, before a target could be
 * told from them (`GATEWAY_BRANCH`). `(judge)` came later (2026-12-07), always in parentheses.
 */
const UNBRACKETED: ReadonlyMap<string, string> = new Map(['local', 'cache', 'shadow', 'failed'].map((name) => [name, GATEWAY_BRANCH[name as 'local' | 'cache' | 'shadow' | 'failed']]));

/**
 * Which older branch names can be read as today's, from the config: an upstream model that
 * exactly one of a route's targets reaches (a model's `model`, its fallbacks and load-balanced
 * targets, through nested routes) stands for that target. A model two targets share stays under
 * its own name (which arm served it is not known), and so does one that is also the name of a
 * target of the route (today's name wins). An unbracketed `local`, `cache`, `shadow` or `failed`
 * stands for the gateway's branch of that name (`(local)` …) unless the route has a target of that
 * name: such a route's older totals mixed the two, and they stay the target's (which calls were
 * which was not recorded); a route no longer configured reads them as the gateway's. Totals are
 * merged when read (`withBranchAliases`), not rewritten: the store keeps what was recorded, on
 * SQLite and PostgreSQL alike, and a config that changes remaps them.
 *
 * @example branchAliases({ small: { provider: 'openai', model: 'gpt-4o-mini' } }, { support: { policy: 'static', target: 'small', … } }).get('support') // Map { 'gpt-4o-mini' => 'small' }
 */
export function branchAliases(models: Readonly<Record<string, ModelConfig>>, routes: RoutesConfig): BranchAliases {
  const aliases = new Map<string, Map<string, string>>();
  for (const [name, route] of Object.entries(routes)) {
    // A cascade's judge is called by the route, not chosen by it: never a branch.
    const targets = [...new Set(routeReferences(route).filter((ref) => !ref.path.startsWith('escalate_on')).map((ref) => ref.name))];
    const reachedBy = new Map<string, Set<string>>();
    for (const target of targets) {
      for (const upstream of upstreamModels(target, models, routes)) {
        const by = reachedBy.get(upstream) ?? new Set<string>();
        by.add(target);
        reachedBy.set(upstream, by);
      }
    }
    const own = new Map<string, string>();
    for (const [upstream, by] of reachedBy) {
      const [target] = by;
      if (by.size === 1 && target !== undefined && target !== upstream && !targets.includes(upstream)) own.set(upstream, target);
    }
    // After the upstream models, over a provider model named `local`: from 2026-12-04 a `local` row was the local model's answers.
    for (const [old, branch] of UNBRACKETED) if (!targets.includes(old)) own.set(old, branch);
    aliases.set(name, own);
  }
  return aliases;
}

/** The provider models a model or route name can be answered by; each route visited once (routes may nest, never loop). */
function upstreamModels(name: string, models: Readonly<Record<string, ModelConfig>>, routes: RoutesConfig, seen = new Set<string>()): string[] {
  const model = models[name];
  if (model) return [model.model, ...(model.fallbacks ?? []).map((t) => t.model), ...(model.loadbalance ?? []).map((t) => t.model)].filter((m): m is string => m !== undefined);
  const route = routes[name];
  if (!route || seen.has(name)) return [];
  seen.add(name);
  return routeReferences(route)
    .filter((ref) => !ref.path.startsWith('escalate_on'))
    .flatMap((ref) => upstreamModels(ref.name, models, routes, seen));
}

/**
 * A stored `route > branch` value as today's: target names and the gateway's branches as they
 * are, an older upstream model's name as the one target that reaches it, an older unbracketed
 * gateway branch (`local`) as today's (`(local)`) (`branchAliases`).
 *
 * @example currentBranch(aliases, 'support > gpt-4o-mini') // 'support > small'
 */
export function currentBranch(aliases: BranchAliases, value: string): string {
  // At the first ` > `: a route name holds no space (`ROUTE_NAME`), a model name may.
  const at = value.indexOf(' > ');
  if (at === -1) return value;
  const route = value.slice(0, at);
  const branch = value.slice(at + 3);
  const own = aliases.get(route);
  const target = own ? own.get(branch) : UNBRACKETED.get(branch);
  return target === undefined ? value : `${route} > ${target}`;
}

/**
 * A rollup reader whose route branches read under today's names: rows of an older name are
 * merged into their target's (sums and histograms added), in the totals by value, the split
 * series and the filter choices, so the Routes page, `switchyard routes` and the overview's split
 * by route show each branch once over a range that spans the change. Other dimensions pass
 * through untouched. `aliases` is asked on each read (the config may be reloaded).
 *
 * @example const rollups = withBranchAliases(stores.rollups, () => branchAliases(config.models, config.routes));
 */
export function withBranchAliases(reader: RollupReader, aliases: () => BranchAliases): RollupReader {
  const isRoute = (dim: string) => dim === 'route' || dim === 'eval:route';
  return {
    slots: (range, stepMs, dim) => reader.slots(range, stepMs, dim),
    lastSeen: (range, dim, values) => reader.lastSeen(range, dim, values),
    async values(range, dim) {
      const rows = await reader.values(range, dim);
      if (!isRoute(dim)) return rows;
      const names = aliases();
      const merged = new Map<string, RollupTotals & { value: string }>();
      for (const row of rows) {
        const value = currentBranch(names, row.value);
        const into = merged.get(value);
        if (into) addTotals(into, row);
        else merged.set(value, { ...row, latencyHist: row.latencyHist.slice(), ttftHist: row.ttftHist.slice(), value });
      }
      return [...merged.values()];
    },
    async split(range, stepMs, dim) {
      const rows = await reader.split(range, stepMs, dim);
      if (!isRoute(dim)) return rows;
      const names = aliases();
      const merged = new Map<string, (typeof rows)[number]>();
      for (const row of rows) {
        const value = currentBranch(names, row.value);
        const key = `${row.slot}\u0000${value}`;
        const into = merged.get(key);
        if (into) {
          into.requests += row.requests;
          into.costUsd += row.costUsd;
          into.tokens += row.tokens;
        } else merged.set(key, { ...row, value });
      }
      return [...merged.values()];
    },
    async dimensionValues(since) {
      const values = await reader.dimensionValues(since);
      const names = aliases();
      return { ...values, route: [...new Set(values.route.map((value) => currentBranch(names, value)))].sort() };
    },
  };
}
