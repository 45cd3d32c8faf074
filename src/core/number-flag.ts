import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';

/** The bounds a number flag is held to; `integer` for counts, seeds and sizes. */
export interface FlagRange {
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * A number typed on the command line, within bounds, or an error naming the flag, the value and
 * the range. Blank is refused rather than read as 0 (`Number('')` is 0), and an integer flag
 * refuses a fraction (`--concurrency 2.5`); `fallback` stands in for a flag not given.
 *
 * @example numberFlag('--min-precision', '0.95', { min: 0.5, max: 1 }) // 0.95
 * @example numberFlag('--limit', flags.limit, { min: 1, max: 1000, integer: true, fallback: 20 })
 */
export function numberFlag(name: string, value: string, range: FlagRange): number;
export function numberFlag(name: string, value: string | undefined, range: FlagRange & { fallback: number }): number;
export function numberFlag(name: string, value: string | undefined, range: FlagRange & { fallback?: number }): number {
  if (value === undefined) return range.fallback as number;
  const { min, max, integer = false } = range;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new SwitchyardError('invalid_request', `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${quoteClipped(value)}${fractionHint(value, max)}`, { param: name });
  }
  return n;
}

/**
 * For a flag that takes a fraction of 1, a value written as a percentage ("95", "2%") gets the
 * fraction it meant; anything else gets nothing.
 *
 * @example fractionHint('95', 1) // ' (a fraction of 1: 0.95 for 95%)'
 */
export function fractionHint(value: string, max: number): string {
  if (max !== 1) return '';
  const percent = Number(value.trim().replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100 || (percent <= 1 && !value.trim().endsWith('%'))) return '';
  return ` (a fraction of 1: ${Number((percent / 100).toPrecision(6))} for ${percent}%)`;
}
