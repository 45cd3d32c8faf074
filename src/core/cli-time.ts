import { quoteClipped } from './clip.js';
import { DATE_RANGE_TEXT, isDateMs } from './date-range.js';
import { durationMs } from './duration.js';
import { SwitchyardError } from './errors.js';

/**
 * A time as the CLI prints it for people: UTC, the date and the time with a space between, no
 * milliseconds or zone letter, so every listing reads alike (they mixed `2026-12-02T13:05:15`,
 * `2026-12-02 13:05:15`, `2026-12-02T13:12` and `2026-12-02T13:10:18.167Z`). `minutes` drops
 * the seconds where a table is tight. JSON output keeps full ISO times.
 *
 * @example cliTime(Date.UTC(2026, 11, 2, 13, 5, 15, 167)) // '2026-12-02 13:05:15'
 * @example cliTime(Date.UTC(2026, 11, 2, 13, 5, 15), 'minutes') // '2026-12-02 13:05'
 */
export function cliTime(ms: number, precision: 'seconds' | 'minutes' = 'seconds'): string {
  return new Date(ms).toISOString().slice(0, precision === 'seconds' ? 19 : 16).replace('T', ' ');
}

/**
 * A time flag as people write it: a duration back from now (`24h`, `7d`, `2w`, `30m`, as every
 * duration flag takes them: `parseDuration`), an ISO date or time, or milliseconds since the epoch
 * (digits alone); anything else is refused naming the flag and the forms.
 *
 * @example timeFlag('--since', '24h', Date.UTC(2026, 11, 3)) // Date.UTC(2026, 11, 2)
 */
export function timeFlag(name: string, value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const ago = /^\d+$/.test(value) ? undefined : durationMs(value);
  const t = /^\d+$/.test(value) ? Number(value) : ago !== undefined ? now - ago : Date.parse(value);
  const forms = `${name} must be an ISO date, ms since the epoch or a duration like 24h`;
  if (Number.isNaN(t)) throw new SwitchyardError('invalid_request', `${forms}, got ${quoteClipped(value)}`);
  // Past a date (9999999999999999999, 99999999999d) PostgreSQL answered an internal error and the
  // messages that print the time threw "Invalid time value".
  if (!isDateMs(t)) throw new SwitchyardError('invalid_request', `${forms} ${DATE_RANGE_TEXT}, got ${quoteClipped(value)}`);
  return t;
}
