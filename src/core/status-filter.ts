import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';
import { numberInRange } from './number-flag.js';

/**
 * `--status`: "ok", "error" or an HTTP status; anything else is an error naming what is allowed.
 *
 * @example statusFilter('429') // 429
 */
export function statusFilter(value: string): 'ok' | 'error' | number {
  if (value === 'ok' || value === 'error') return value;
  const status = numberInRange(value, { min: 100, max: 599, integer: true });
  // Three digits: "+200" and "0200" name no status a trace holds.
  if (status === undefined || !/^\d{3}$/.test(value)) throw new SwitchyardError('invalid_request', `--status must be "ok", "error" or an HTTP status from 100 to 599, got ${quoteClipped(value)}`);
  return status;
}
