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
 * rest serve as its fallbacks; with `balance: latency` (`least_busy`) and a health record, the
 * targets are then sorted by recent latency (requests in flight), the weighted draw breaking
 * ties, and a target never measured yet goes first so it gets measured. `headroom` sorts only the
 * targets whose rate limit is known (see {@link byHeadroom}).
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
  if (balance === 'headroom') return byHeadroom(ordered, health);
  // Lower scores go first. Unknown latency scores best, so the target gets measured.
  const score = balance === 'latency' ? (t: Target) => health.latencyOf(targetId(t)) ?? -1 : (t: Target) => health.inFlightOf(targetId(t));
  const scores = new Map(ordered.map((t) => [t, score(t)]));
  // Array.prototype.sort is stable: equal scores keep the weighted draw's order.
  return ordered.sort((a, b) => (scores.get(a) as number) - (scores.get(b) as number));
}

/**
 * The weighted draw with the targets whose share of rate limit left is known sorted among their
 * own places, most left first; a target without a figure (not called yet, its provider sends no
 * rate-limit headers, or not heard from within the window) keeps the place the draw gave it. No
 * figure is not "all of it left": ranked first, every call went to a fresh target, and every call
 * for good to one whose provider never reports (a local server, Gemini's API), leaving the measured
 * targets idle; ranked last, it would never be tried. Kept in place it is first as often as its
 * weight says. A target with nothing left is the exception: it would answer 429 until its window
 * resets, so it goes after every target that may still have room, measured or not.
 *
 * @example byHeadroom([fresh, a20, b90], health) // [fresh, b90, a20]
 * @example byHeadroom([a0, fresh, b90], health) // [b90, fresh, a0]
 */
function byHeadroom(ordered: Target[], health: TargetHealth): Target[] {
  // One pass over the draw: a target without a figure keeps its place, a measured one leaves a
  // place (null) for the measured ranking to fill, one with nothing left waits for the end.
  const places: (Target | null)[] = [];
  const measured: { target: Target; left: number }[] = [];
  const exhausted: Target[] = [];
  for (const target of ordered) {
    const left = health.headroomOf(targetId(target));
    if (left === 0) exhausted.push(target);
    else if (left === null) places.push(target);
    else {
      measured.push({ target, left });
      places.push(null);
    }
  }
  // Stable: equal shares keep the weighted draw's order.
  measured.sort((a, b) => b.left - a.left);
  let next = 0;
  const ranked = places.map((place) => place ?? (measured[next++] as (typeof measured)[number]).target);
  return exhausted.length === 0 ? ranked : ranked.concat(exhausted);
}
