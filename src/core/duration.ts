import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A duration written as a number and a unit (s, m, h, d, w) in milliseconds, with an error
 * naming the flag and the value when it is not one.
 *
 * @example parseDuration('24h', '--current') // 86_400_000
 */
export function parseDuration(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  // Quoted short: POST /api/drift's `reference` of 5,000 characters came back whole.
  if (!match) throw new SwitchyardError('invalid_request', `${name} must be a duration like 30m, 24h or 7d, got ${quoteClipped(text)}`, { param: name });
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  if (ms <= 0) throw new SwitchyardError('invalid_request', `${name} must be longer than zero, got ${quoteClipped(text)}`, { param: name });
  return ms;
}
