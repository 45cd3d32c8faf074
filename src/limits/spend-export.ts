import { clip, quoteClipped } from '../core/clip.js';
import { csvCell } from '../core/csv-cell.js';
import { SwitchyardError } from '../core/errors.js';
import type { KeySpendStore, SpendRow } from './key-spend.js';

const DAY_MS = 86_400_000;

/** A range of whole UTC days, both ends included, as given (`2026-12-01`) and as times. */
export interface SpendRange {
  from: string;
  to: string;
  /** The first millisecond of `from`. */
  since: number;
  /** The first millisecond after `to`. */
  until: number;
}

/** A row of the export: the day as an ISO date, every name cut to {@link NAME_MAX} characters. */
export type SpendLine = Omit<SpendRow, 'day'> & { date: string };

/**
 * The longest name a row carries. Key and team names are at most 100 characters, but a model name
 * is what a client sent (a refused call's too), so it is cut here: a 100,000-character name made a
 * spreadsheet row of it.
 */
export const NAME_MAX = 200;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An ISO date (`YYYY-MM-DD`, a UTC day) as its first millisecond; a 400 naming the flag or
 * parameter, the value and what was expected for anything else, a day the calendar lacks included.
 *
 * @example isoDay('--from', '2026-12-01') // Date.UTC(2026, 11, 1)
 * @example isoDay('--from', '2026-02-30') // throws: --from "2026-02-30" is no calendar day (February 2026 has 28 days)
 */
export function isoDay(name: string, raw: string): number {
  const match = ISO_DAY.exec(raw);
  if (!match) throw new SwitchyardError('invalid_request', `${name} must be an ISO date, YYYY-MM-DD (a UTC day, such as 2026-12-01), got ${quoteClipped(raw, 40)}`, { param: name });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) throw new SwitchyardError('invalid_request', `${name} ${quoteClipped(raw)} is no calendar day: the month is 01 to 12, got ${match[2]}`, { param: name });
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const monthName = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    throw new SwitchyardError('invalid_request', `${name} ${quoteClipped(raw)} is no calendar day (${monthName} ${year} has ${days} days)`, { param: name });
  }
  return Date.UTC(year, month - 1, day);
}

/** A UTC day as its ISO date. */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The days an export covers: `from` to `to`, both included. Without `to`, today (UTC); without
 * `from`, the first day of `to`'s month. `names` says how the caller spells them (`--from` on the
 * command line, `from` in a query), so an error names what was typed.
 *
 * @example spendRange({ from: '2026-12-01', to: '2026-12-05' }, now) // { since: Date.UTC(2026,11,1), until: Date.UTC(2026,11,6), … }
 */
export function spendRange(given: { from?: string; to?: string }, now: number, names = { from: '--from', to: '--to' }): SpendRange {
  const until = given.to === undefined ? Math.floor(now / DAY_MS) * DAY_MS : isoDay(names.to, given.to);
  const to = isoDate(until);
  const since = given.from === undefined ? Date.UTC(new Date(until).getUTCFullYear(), new Date(until).getUTCMonth(), 1) : isoDay(names.from, given.from);
  const from = isoDate(since);
  if (since > until) {
    const toSaid = given.to === undefined ? `${names.to} (today, ${to})` : `${names.to} ${to}`;
    throw new SwitchyardError('invalid_request', `${names.from} ${from} is after ${toSaid}: give a first day no later than the last (both are included)`, { param: names.from });
  }
  return { from, to, since, until: until + DAY_MS };
}

/**
 * The spend of a range, one line per day, team, key and model, read from the rollups' spend rows: names
 * cut to {@link NAME_MAX} characters (lines whose cut names meet are summed), ordered by day, then
 * team, key and model (no team or key first).
 *
 * @example await spendLines(stores.spend, spendRange({ from: '2026-12-01' }, Date.now()))
 */
export async function spendLines(store: KeySpendStore, range: SpendRange): Promise<SpendLine[]> {
  const merged = new Map<string, SpendLine>();
  for (const row of await store.spendRows(range.since, range.until)) {
    const line = lineOf(row);
    const id = JSON.stringify([line.date, line.team, line.key, line.model]);
    const seen = merged.get(id);
    if (!seen) merged.set(id, line);
    else {
      seen.requests += line.requests;
      seen.inputTokens += line.inputTokens;
      seen.outputTokens += line.outputTokens;
      seen.costUsd += line.costUsd;
    }
  }
  return [...merged.values()].sort((a, b) => compare(a.date, b.date) || compare(a.team ?? '', b.team ?? '') || compare(a.key ?? '', b.key ?? '') || compare(a.model, b.model));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lineOf(row: SpendRow): SpendLine {
  const cut = (name: string | null) => (name === null ? null : clip(name, NAME_MAX));
  return { date: isoDate(row.day), team: cut(row.team), key: cut(row.key), model: clip(row.model, NAME_MAX), requests: row.requests, inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd };
}

/** The columns of the CSV, in order. */
export const SPEND_CSV_HEADER = ['date', 'team', 'key', 'model', 'requests', 'input_tokens', 'output_tokens', 'cost_usd'] as const;

/**
 * The lines as CSV (RFC 4180, `\r\n` between records as spreadsheets expect): names that a
 * spreadsheet would run as a formula get a leading apostrophe (core/csv-cell.ts, as `datasets
 * export` writes them); dollars with 8 decimals, never in exponent notation.
 *
 * @example spendCsv([]) // 'date,team,key,model,requests,input_tokens,output_tokens,cost_usd\r\n'
 */
export function spendCsv(lines: readonly SpendLine[]): string {
  const records = lines.map((l) => [l.date, l.team, l.key, l.model, l.requests, l.inputTokens, l.outputTokens].map(csvCell).concat(l.costUsd.toFixed(8)).join(','));
  return `${[SPEND_CSV_HEADER.join(','), ...records].join('\r\n')}\r\n`;
}

/** The file name a download of the range is saved under. */
export const spendFileName = (range: SpendRange): string => `switchyard-spend-${range.from}-to-${range.to}.csv`;
