import { type Interval, zFor } from './interval.js';

/**
 * Wilson score interval for a proportion: unlike the normal approximation it stays inside
 * [0, 1] and is honest at small n (5 of 5 gives 57–100%, not 100–100%).
 *
 * @example wilsonInterval(81, 263) // { estimate: 0.308, low: 0.2553, high: 0.3662, level: 0.95 }
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): Interval {
  if (trials === 0) return { estimate: Number.NaN, low: 0, high: 1, level };
  const z = zFor(level);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // Clamp away floating error at the ends (0 of n must give exactly 0).
  return { estimate: p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half), level };
}
