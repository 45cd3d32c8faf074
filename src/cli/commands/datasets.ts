import type { Command } from 'commander';
import { CONFIG_STORE_HELP, DB_HELP, inStores, ON_EXISTING, READ_ONLY } from './store-flags.js';
import { repeatable } from './repeatable.js';

/** Shared by every command that imports a dataset file (`datasets import`, `ladder --dataset FILE`). */
export const INPUT_COLUMN_HELP = 'column (JSONL: field) holding each item\'s input, in any case, e.g. text for a Hugging Face set';
export const EXPECTED_COLUMN_HELP = 'column (JSONL: field) holding the expected answer, e.g. label (default: expected, if the file has one)';

/** `switchyard datasets …`: versioned eval datasets from files and traces. */
export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets').description('versioned evaluation datasets');
  const load = () => import('../../evals/cli/datasets-actions.js');
  datasets
    .command('list')
    .description('datasets and their latest versions')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores) => (await load()).listDatasets(flags, stores.datasets), READ_ONLY));
  datasets
    .command('show <dataset>')
    .description('versions and items of NAME or NAME@VERSION')
    .option('-n, --limit <n>', 'items to show', '10')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (reference: string, flags) => inStores(flags, async (stores) => (await load()).showDataset(reference, flags, stores.datasets), READ_ONLY));
  datasets
    .command('import <file>')
    .description('import JSONL, CSV, TSV or Parquet, or a .json array of items (input, expected, output, human_score, metadata), as a new version; Hugging Face ClassLabel integers are read as their names')
    .option('--name <dataset>', 'dataset name (default: the file name)')
    .option('--input-column <name>', INPUT_COLUMN_HELP, 'input')
    .option('--expected-column <name>', EXPECTED_COLUMN_HELP)
    .option('--skip-bad-lines', 'import past malformed lines (they are listed)')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (file: string, flags) => inStores(flags, async (stores) => (await load()).importDataset(file, flags, stores.datasets)));
  datasets
    .command('export <dataset>')
    .description('write NAME[@VERSION] as JSONL (or CSV)')
    .option('-o, --out <file>', 'file (default, or -: stdout)')
    .option('--format <format>', 'jsonl or csv')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (reference: string, flags) => {
      if (flags.out && flags.out !== '-') (await import('../../core/out-file.js')).checkOutPath('--out', flags.out);
      await inStores(flags, async (stores) => (await load()).exportDataset(reference, flags, stores.datasets), READ_ONLY);
    });
  datasets
    .command('add-traces <dataset>')
    .description('append traces (their user message and answer) as a new version')
    .option('--model <name>', 'requested model')
    .option('--route <name>', 'a route: the calls that named it and those another route sent it (as switchyard routes counts them)')
    .option('--key <name>', "virtual key name; the gateway's shadow checks (key switchyard:shadow) are left out unless --key switchyard:shadow")
    .option('--since <time>', 'ISO date, ms, or a duration ago such as 24h')
    .option('--until <time>', 'ISO date, ms, or a duration ago')
    .option('--status <status>', '"ok", "error" or an HTTP status')
    .option('--tag <key=value>', "metadata tag to match (repeatable); the calls an eval's scorers made (tagged scorer) are left out unless --tag scorer=NAME", repeatable)
    .option('-n, --limit <n>', 'most recent N', '1000')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (dataset: string, flags) => inStores(flags, async (stores) => (await load()).addTraces(dataset, flags, stores), ON_EXISTING));
}
