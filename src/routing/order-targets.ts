import type { Random } from '../core/clock.js';
import type { ModelPlan, Target } from './catalog.js';

/**
 * The order targets are tried in. Fallback chains keep their configured order; a load-balanced
 * model draws targets by weight without replacement, so the first is the weighted pick and the
 * rest serve as its fallbacks.
 *
 * @example orderTargets(plan, () => 0.3) // [targetB, targetA]
 */
export function orderTargets(plan: ModelPlan, random: Random): Target[] {
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
  return ordered;
}
