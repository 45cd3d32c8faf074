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
