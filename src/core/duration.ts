import { quoteClipped } from './clip.js';
import { MAX_DATE_MS } from './date-range.js';
import { SwitchyardError } from './errors.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

// A number, then a unit; none is seconds (how the load test's flags were first written; parseDuration refuses it elsewhere).
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/;

/** What a duration looks like, for the error that refuses one: every unit, short (the value it quotes may take 100 characters). */
const FORMS = 'like 500ms, 30s, 2m, 24h, 7d or 2w';

/**
 * A duration in milliseconds, or undefined when `text` is not written as one: for a flag that
 * takes other forms too (`--since` takes an ISO date, or digits as ms since the epoch, and reads
 * a duration as that long ago).
 *
 * @example durationMs('2w') // 1_209_600_000
 * @example durationMs('2026-12-01') // undefined
 */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
}

export interface DurationOptions {
  /**
   * A bare number is seconds (the load test's `--duration 30`, as it was first written). Elsewhere
   * a bare number is refused: a window of `--range 24` meant as hours would read 24 seconds.
   */
  bareSeconds?: boolean;
}

/**
 * A duration written as a number and a unit (ms, s, m, h, d, w) in milliseconds, for every flag
 * and field that takes one, with an error naming the flag, the value and the forms when it is not
 * one, or is zero. A bare number is seconds only where `bareSeconds` says so.
 *
 * @example parseDuration('24h', '--current') // 86_400_000
 * @example parseDuration('30', '--duration', { bareSeconds: true }) // 30_000
 */
export function parseDuration(text: string, name: string, { bareSeconds = false }: DurationOptions = {}): number {
  const bare = /^\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (bare && !bareSeconds) {
    const n = quoteClipped(bare[1] as string).slice(1, -1);
    throw new SwitchyardError('invalid_request', `${name} needs a unit: ${n}h, ${n}m or ${n}s (ms, s, m, h, d or w), got ${quoteClipped(text)}`, { param: name });
  }
  const ms = durationMs(text);
  // Quoted short: POST /api/drift's `reference` of 5,000 characters came back whole.
  if (ms === undefined) throw new SwitchyardError('invalid_request', `${name} must be a duration ${FORMS}${bareSeconds ? ' (no unit: seconds)' : ''}, got ${quoteClipped(text)}`, { param: name });
  if (ms <= 0) throw new SwitchyardError('invalid_request', `${name} must be longer than zero, got ${quoteClipped(text)}`, { param: name });
  // Longer than the dates JavaScript holds: a window of "99999999999w" back from now started at no
  // date (PostgreSQL answered 500, out of range for bigint; the CLI threw "Invalid time value").
  if (!(ms <= MAX_DATE_MS)) throw new SwitchyardError('invalid_request', `${name} is too long: at most ${Math.floor(MAX_DATE_MS / UNIT_MS.w)}w, the span of the dates JavaScript holds, got ${quoteClipped(text)}`, { param: name });
  return ms;
}
