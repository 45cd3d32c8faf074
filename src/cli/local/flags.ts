import { percent } from '../../core/percent.js';
import { shellWord } from '../../core/shell-word.js';

/** Where the registry lives by default: the gateway's own store file. */
export const DEFAULT_DB = '.switchyard/switchyard.db';

/**
 * --db, then SWITCHYARD_DB, then the default store.
 *
 * @example dbPath(undefined) // '.switchyard/switchyard.db' when SWITCHYARD_DB is unset
 */
export function dbPath(flag: string | undefined): string {
  return flag ?? process.env.SWITCHYARD_DB ?? DEFAULT_DB;
}

/**
 * The store flags a `switchyard models …` command the CLI suggests needs to reach the same
 * registry: the command's own `-c FILE` or `--db FILE|URL` (without them the suggestion read the
 * default store, where the route was not).
 *
 * @example storeArgs({ db: 'sy.db' }) // ' --db sy.db'
 */
export function storeArgs(flags: { config?: string; db?: string }): string {
  if (flags.config !== undefined) return ` -c ${shellWord(flags.config)}`;
  if (flags.db !== undefined) return ` --db ${shellWord(flags.db)}`;
  return '';
}

/** A held-out figure to two decimals (a model's precision moves in hundredths); '-' for none. */
export const pct = (value: number | null) => (value === null ? '-' : percent(value, 2));

export const formatThreshold = (threshold: number) => (Number.isFinite(threshold) ? threshold.toFixed(4) : 'none (escalate all)');

/** The line saying where a Parquet file's label names came from (`local train` and `local eval`). */
export function classLabelNote({ column, names }: { column: string; names: readonly string[] }): string {
  const shown = names.slice(0, 6).map((name, at) => `${at} → ${name}`).join(', ');
  return `labels from the file's ClassLabel names (column "${column}": ${shown}${names.length > 6 ? `, … ${names.length} in all` : ''})`;
}
