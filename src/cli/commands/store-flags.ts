import type { StoreConfig } from '../../config/schema.js';
import type { Stores } from '../../store/stores.js';

/** Help for `--db`, shared by every command that reads or writes the store. */
export const DB_HELP = 'SQLite file or postgres:// URL (default: the --config file\'s store, else $SWITCHYARD_DB, else .switchyard/switchyard.db)';

/**
 * Help for `--config` on a command that only needs the config's store: `DB_HELP` names "the
 * --config file's store", and `eval list --config FILE` was an unknown option where `traces` took it.
 */
export const CONFIG_STORE_HELP = 'gateway config whose store to use';

/** Where a command that talks to a running gateway finds it without --gateway (`cli/gateway-of.ts`). */
export const GATEWAY_DEFAULT_HELP = 'the --config file\'s server.host and server.port, else 127.0.0.1 on $PORT, else on 4000, as serve listens';

/** Help for every `--dataset <name|file>`: a stored dataset or a data file, read one way (`datasetOfArgument`). */
export const DATASET_ARGUMENT_HELP = 'a stored dataset name[@version], or a .jsonl, .json, .csv, .tsv or .parquet file (imported and versioned by content, as datasets import does)';

/**
 * Runs a command's work with its store open (loaded on demand, so `--help` stays fast).
 *
 * @example .action(async (flags) => inStores(flags, async (stores) => (await load()).listDatasets(flags, stores.datasets)))
 */
export async function inStores<T>(flags: { db?: string; config?: string }, work: (stores: Stores, store: StoreConfig) => Promise<T>, options: { existing?: boolean } = {}): Promise<T> {
  const { withStores } = await import('../open-cli-stores.js');
  return withStores(flags, work, options);
}

/** For commands that only read: a store that is not there is an error saying where it looked, never a new empty file. */
export const READ_ONLY = { existing: true } as const;

/**
 * For commands that change what a store already holds (revoke a key, rerun a run, add its traces
 * to a dataset): where there is no store there is nothing to change, so they say where they
 * looked, as read commands do, rather than leave a new empty store behind.
 */
export const ON_EXISTING = { existing: true } as const;
