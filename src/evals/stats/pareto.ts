export interface ParetoPoint {
  name: string;
  /** Lower is better (e.g. mean cost per case). */
  cost: number;
}

/**
 * Names on the cost–quality Pareto frontier. A point is dominated only when another costs no
 * more and is better with confidence (`confidentlyBetter(q, p)`, e.g. the paired difference's
 * interval lies above zero), so a noisy difference never knocks a cheaper variant off.
 *
 * @example paretoFrontier(points, (a, b) => diff(a, b).low > 0) // Set { 'small', 'claude' }
 */
export function paretoFrontier<P extends ParetoPoint>(points: readonly P[], confidentlyBetter: (a: P, b: P) => boolean): Set<string> {
  const frontier = new Set<string>();
  for (const p of points) {
    const dominated = points.some((q) => q !== p && q.cost <= p.cost && confidentlyBetter(q, p));
    if (!dominated) frontier.add(p.name);
  }
  return frontier;
}
