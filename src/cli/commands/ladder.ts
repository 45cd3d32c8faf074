import type { Command } from 'commander';
import { DATASET_ARGUMENT_HELP, DB_HELP } from './store-flags.js';
import { EXPECTED_COLUMN_HELP, INPUT_COLUMN_HELP } from './datasets.js';

/** `switchyard ladder`: which rung pays for a route — the prompt alone, RAG, or a local model. */
export function registerLadder(program: Command): void {
  program
    .command('ladder')
    .description('evaluate a route\'s rungs (prompt alone, with each knowledge base, local task model) on a dataset: quality, cost, latency, and the rung that pays')
    .requiredOption('--route <name>', 'the route to evaluate')
    .requiredOption('--dataset <name|file>', `${DATASET_ARGUMENT_HELP}; {"input", "expected"} per line or row`)
    .option('--input-column <name>', `with a --dataset file: ${INPUT_COLUMN_HELP}`, 'input')
    .option('--expected-column <name>', `with a --dataset file: ${EXPECTED_COLUMN_HELP}`)
    .option('-c, --config <file>', 'gateway config (required): the route runs in this process')
    .option('--kb <name...>', 'knowledge bases to try besides the route\'s own')
    .option('--tolerance <x>', 'quality a cheaper rung may lose and still pay, 0–1', '0.02')
    .option('--scorer <kind>', '"contains" (an expected answer appears in the answer) or "exact"', 'contains')
    .option('--limit <n>', 'first N items only')
    .option('--concurrency <n>', 'calls in flight', '4')
    .option('--requests-per-month <n>', 'the route\'s traffic (default: its requests over the last 30 days in the store)')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print the report as JSON')
    .action(async (flags) => (await import('../ladder/ladder-action.js')).ladderAction(flags));
}
