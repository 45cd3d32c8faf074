import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';

/** The bounds a number flag is held to; `integer` for counts, seeds and sizes. */
export interface FlagRange {
  min: number;
  max: number;
  integer?: boolean;
  /** `min` itself is refused (a rate or a pace of 0 is no rate): "above 0" rather than "from 0". */
  aboveMin?: boolean;
}

/**
 * A number as a person types one: decimal digits, an optional sign and fraction. `Number` reads
 * far more (`0x10` as 16, `1e3` as 1000, `0b11`, `"  5"`, `""` as 0, `Infinity`), each a typo taken
 * silently for a value nobody meant; this refuses all of them.
 *
 * @example decimalNumber('2.5') // 2.5
 * @example decimalNumber('0x10') // undefined
 */
export function decimalNumber(text: string): number | undefined {
  return /^[+-]?\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * A number typed on the command line, within bounds, or an error naming the flag, the value and
 * the range. Only decimal digits are read ({@link decimalNumber}: `--count 0x10` was 16, and
 * blank was 0); an integer flag refuses a fraction (`--concurrency 2.5`); `fallback` stands in
 * for a flag not given. Every number flag of the CLI goes through here.
 *
 * @example numberFlag('--min-precision', '0.95', { min: 0.5, max: 1 }) // 0.95
 * @example numberFlag('--limit', flags.limit, { min: 1, max: 1000, integer: true, fallback: 20 })
 */
export function numberFlag(name: string, value: string, range: FlagRange): number;
export function numberFlag(name: string, value: string | undefined, range: FlagRange & { fallback: number }): number;
export function numberFlag(name: string, value: string | undefined, range: FlagRange & { fallback?: number }): number {
  if (value === undefined) return range.fallback as number;
  const n = decimalNumber(value);
  if (n === undefined || !inRange(n, range) || fractionLost(value, range)) throw new SwitchyardError('invalid_request', `${name} must be ${rangeWords(range)}, got ${quoteClipped(value)}${decimalHint(value, range) || fractionHint(value, range.max)}`, { param: name });
  return n;
}

function inRange(n: number, { min, max, integer = false, aboveMin = false }: FlagRange): boolean {
  return Number.isFinite(n) && (aboveMin ? n > min : n >= min) && n <= max && (!integer || Number.isInteger(n));
}

/**
 * The text's number when it is written in decimal digits and within the range; else undefined,
 * for a caller that words its own refusal (a commander argument parser, an environment variable).
 *
 * @example numberInRange('8080', { min: 0, max: 65_535, integer: true }) // 8080
 */
export function numberInRange(text: string, range: FlagRange): number | undefined {
  const n = decimalNumber(text);
  return n !== undefined && inRange(n, range) && !fractionLost(text, range) ? n : undefined;
}

/**
 * An integer flag given a fraction too fine for a double to keep: `1.0000000000000001` reads as 1,
 * an integer, and was taken; any digit but 0 after the point is a fraction, whatever it reads as.
 */
function fractionLost(text: string, { integer = false }: FlagRange): boolean {
  return integer && /\.\d*[1-9]/.test(text);
}

/**
 * What a flag takes, in words.
 *
 * @example rangeWords({ min: 1, max: 256, integer: true }) // 'an integer from 1 to 256'
 * @example rangeWords({ min: 0, max: 100, aboveMin: true }) // 'a number above 0 and at most 100'
 */
export function rangeWords({ min, max, integer = false, aboveMin = false }: FlagRange): string {
  const kind = integer ? 'an integer' : 'a number';
  const upTo = max === Number.POSITIVE_INFINITY ? '' : aboveMin ? ` and at most ${max}` : ` to ${max}`;
  if (aboveMin) return `${kind} above ${min}${upTo}`;
  return max === Number.POSITIVE_INFINITY ? `${kind} of ${min} or more` : `${kind} from ${min}${upTo}`;
}

/**
 * For a value `Number` would have read (hex, an exponent, padding) to one the flag takes, the
 * decimal it stands for, so the fix is in the message.
 *
 * @example decimalHint('0x10', { min: 1, max: 100, integer: true }) // ' (write it in decimal digits: 16)'
 */
function decimalHint(value: string, range: FlagRange): string {
  // `traces -n --json`: the next flag was taken as the value.
  if (/^--?[a-z]/i.test(value)) return ' (a flag where the value belongs: give the number first)';
  const read = value.trim() === '' ? Number.NaN : Number(value);
  if (decimalNumber(value) !== undefined || !inRange(read, range)) return '';
  return ` (write it in decimal digits: ${read})`;
}

/**
 * For a flag that takes a fraction of 1, a value written as a percentage ("95", "2%") gets the
 * fraction it meant; anything else gets nothing.
 *
 * @example fractionHint('95', 1) // ' (a fraction of 1: 0.95 for 95%)'
 */
export function fractionHint(value: string, max: number): string {
  if (max !== 1) return '';
  const percent = decimalNumber(value.trim().replace(/%$/, ''));
  if (percent === undefined || percent <= 0 || percent > 100 || (percent <= 1 && !value.trim().endsWith('%'))) return '';
  return ` (a fraction of 1: ${Number((percent / 100).toPrecision(6))} for ${percent}%)`;
}
