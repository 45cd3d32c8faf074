import type { Command } from 'commander';
import { CONFIG_STORE_HELP, DATASET_ARGUMENT_HELP, DB_HELP, inStores, READ_ONLY } from './store-flags.js';
import { repeatable } from './repeatable.js';

/** `switchyard judge …`: calibrate LLM judges against human scores. */
export function registerJudge(program: Command): void {
  const judge = program.command('judge').description('LLM judges calibrated against human scores');
  const load = () => import('../../evals/cli/judge-actions.js');
  judge
    .command('calibrate')
    .description('try judge variants on human-scored items (dev), report agreement on held-out items (test), save the best')
    .requiredOption('--dataset <name|file>', `items with output and human_score: ${DATASET_ARGUMENT_HELP}`)
    .requiredOption('--model <name>', 'judge model on the gateway')
    .requiredOption('--rubric <text>', 'rubric wording to try (repeat to try several)', repeatable)
    .option('--name <judge>', 'save the chosen judge under this name (new version each time); refused when its test κ ≤ 0.2')
    .option('--force', 'save the judge even when its agreement with people is slight (κ ≤ 0.2)')
    .option('--save-again', 'save a new version even when a saved one is identical (same judge, dataset version and agreement)')
    .option('--test-fraction <x>', 'share held out for the report', '0.5')
    .option('--anchors <n>', 'human-scored examples per score level in the few-shot variants (0 = none)', '1')
    .option('--seed <n>', 'dev/test split seed', '1')
    .option('--concurrency <n>', 'judge calls in flight', '8')
    .option('--no-cache', 'call the judge even when the response cache has the answer')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config (as for `serve`)')
    .option('--gateway <url>', 'a running gateway to call instead')
    .option('--api-key <key>', 'virtual key for the gateway (default: $SWITCHYARD_API_KEY, or the config\'s first key)')
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores, store) => (await load()).calibrateAction(flags, stores, store)));
  judge
    .command('list')
    .description('saved judges')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores) => (await load()).listJudges(flags, stores.judges), READ_ONLY));
  judge
    .command('show <judge>')
    .description('a saved judge NAME[@VERSION] with its calibration report')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (reference: string, flags) => inStores(flags, async (stores) => (await load()).showJudge(reference, stores.judges), READ_ONLY));
}
