import { wilsonBounds } from '../../core/wilson.js';
import { type Interval, zFor } from './interval.js';

/**
 * Wilson score interval for a proportion: unlike the normal approximation it stays inside
 * [0, 1] and is honest at small n (5 of 5 gives 57–100%, not 100–100%).
 *
 * @example wilsonInterval(81, 263) // { estimate: 0.308, low: 0.2553, high: 0.3662, level: 0.95 }
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): Interval {
  if (trials === 0) return { estimate: Number.NaN, low: 0, high: 1, level };
  const { low, high } = wilsonBounds(successes, trials, zFor(level));
  // Clamp away floating error at the ends (0 of n must give exactly 0).
  return { estimate: successes / trials, low: successes === 0 ? 0 : low, high: successes === trials ? 1 : high, level };
}
