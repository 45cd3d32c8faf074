import type { Interval } from '../stats/interval.js';

/** "80.0%" */
export function pct(x: number, digits = 1): string {
  return Number.isNaN(x) ? '-' : `${(x * 100).toFixed(digits)}%`;
}

/**
 * A proportion with its interval: "80.0% [37.6–96.4]".
 *
 * @example withInterval({ estimate: 0.8, low: 0.376, high: 0.964, level: 0.95 }) // '80.0% [37.6–96.4]'
 */
export function withInterval(i: Interval): string {
  if (Number.isNaN(i.estimate)) return '-';
  return `${pct(i.estimate)} [${(i.low * 100).toFixed(1)}–${(i.high * 100).toFixed(1)}]`;
}

/** A signed difference in points with its interval: "-4.0 pts [-9.1, +1.2]". */
export function diffPoints(i: Interval): string {
  if (Number.isNaN(i.estimate)) return '-';
  const f = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  return `${f(i.estimate)} pts [${f(i.low)}, ${f(i.high)}]`;
}

/** Dollars with enough digits for sub-cent eval calls. */
export function usd(x: number): string {
  if (x === 0) return '$0';
  return x < 0.01 ? `$${x.toFixed(6)}` : `$${x.toFixed(4)}`;
}

/**
 * A duration: below a millisecond with two decimals (a local model's answer), else whole.
 *
 * @example ms(0.214) // '0.21 ms'
 * @example ms(731.4) // '731 ms'
 */
export function ms(x: number): string {
  if (Number.isNaN(x)) return '-';
  return x > 0 && x < 1 ? `${x.toFixed(2)} ms` : `${Math.round(x)} ms`;
}

/** A p-value as people read it. */
export function pValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
