/**
 * The most milliseconds from the epoch a JavaScript date holds, either way (-271821-04-20 to
 * +275760-09-13). A time past it is no date: `new Date(t).toISOString()` throws, SQLite compares it
 * as a float, and PostgreSQL refuses it for a BIGINT column (a 500 on a trace list), so a time read
 * from a client is refused past it, naming the range.
 */
export const MAX_DATE_MS = 8.64e15;

/** The range, as the messages that refuse a time past it say it. */
export const DATE_RANGE_TEXT = 'from -271821-04-20 to +275760-09-13 (the dates JavaScript holds)';

/**
 * Whether `ms` is a time a date can hold: finite and within {@link MAX_DATE_MS} of the epoch.
 *
 * @example isDateMs(Date.UTC(2026, 11, 5)) // true; isDateMs(1e19) // false; isDateMs(Infinity) // false
 */
export function isDateMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}
