import type { Random } from './clock.js';

/**
 * A small, fast, seedable PRNG (mulberry32), so bootstrap intervals and dev/test splits are
 * the same on every machine for the same seed; `Math.random` cannot be seeded.
 *
 * @example const random = seededRandom(42); random(); // 0.6011037519201636
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Fisher–Yates shuffle of a copy, driven by the injected random.
 *
 * @example shuffled([1, 2, 3], seededRandom(1))
 */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
