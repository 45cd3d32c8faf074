import type { Random } from '../core/clock.js';
import type { ModelPlan, Target } from './catalog.js';
import type { TargetHealth } from './target-health.js';

/**
 * The name a target's health is kept under: provider and upstream model. Asked several times on
 * every call (admit, rate-limit headers, record): the same string each time, whose hash V8 keeps,
 * rather than a new one to build and hash for every lookup of the health map.
 */
export function targetId(target: Target): string {
  const known = ids.get(target);
  if (known && known.provider === target.provider.name && known.model === target.model) return known.id;
  const id = `${target.provider.name}/${target.model}`;
  ids.set(target, { provider: target.provider.name, model: target.model, id });
  return id;
}

const ids = new WeakMap<Target, { provider: string; model: string; id: string }>();

/**
 * The order targets are tried in. Fallback chains keep their configured order. A load-balanced
 * model draws targets by weight without replacement, so the first is the weighted pick and the
 * rest serve as its fallbacks; with `balance: latency` (`least_busy`, `headroom`) and a health
 * record, the targets are then sorted by recent latency (requests in flight, the largest share of
 * the provider's rate limit left), the weighted draw breaking ties, and a target never measured
 * yet goes first so it gets measured.
 *
 * @example orderTargets(plan, () => 0.3) // [targetB, targetA]
 */
export function orderTargets(plan: ModelPlan, random: Random, health?: TargetHealth): Target[] {
  if (plan.strategy !== 'loadbalance') return [...plan.targets];
  const remaining = [...plan.targets];
  const ordered: Target[] = [];
  while (remaining.length > 0) {
    const total = remaining.reduce((sum, t) => sum + t.weight, 0);
    let draw = random() * total;
    let index = remaining.findIndex((t) => (draw -= t.weight) < 0);
    if (index < 0) index = remaining.length - 1;
    ordered.push(...remaining.splice(index, 1));
  }
  const balance = plan.balance ?? 'weighted';
  if (!health || balance === 'weighted') return ordered;
  // Lower scores go first. Unknown latency or headroom scores best, so the target gets measured.
  const score =
    balance === 'latency'
      ? (t: Target) => health.latencyOf(targetId(t)) ?? -1
      : balance === 'headroom'
        ? (t: Target) => -(health.headroomOf(targetId(t)) ?? 1)
        : (t: Target) => health.inFlightOf(targetId(t));
  const scores = new Map(ordered.map((t) => [t, score(t)]));
  // Array.prototype.sort is stable: equal scores keep the weighted draw's order.
  return ordered.sort((a, b) => (scores.get(a) as number) - (scores.get(b) as number));
}
