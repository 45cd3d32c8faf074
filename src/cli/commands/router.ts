import type { Command } from 'commander';
import type { RouterTrainFlags } from '../../routing/learned/router-cli.js';

/** `switchyard router …`: learned routers for `policy: learned` routes. */
export function registerRouter(program: Command): void {
  const router = program.command('router').description('learned routers: predict when the cheap model is good enough');
  const load = () => import('../../routing/learned/router-cli.js');
  router
    .command('train')
    .description('train a router from outcome records (JSONL, optionally .gz: one {prompt, weakScore, strongScore} per line; scores in [0, 1] or booleans)')
    .requiredOption('--data <file>', 'outcome records')
    .requiredOption('--out <file>', 'router file to write (e.g. routers/support.router.json)')
    .option('--prompt-field <name>', 'field with the prompt', 'prompt')
    .option('--weak-field <name>', "field with the cheap model's score", 'weakScore')
    .option('--strong-field <name>', "field with the strong model's score", 'strongScore')
    .option('--min-quality <x>', 'quality target to report the threshold for (share of the strong model quality)', '0.95')
    .option('--confidence <p>', 'how sure the reported thresholds keep the quality target (0.5 = the measured point)', '0.9')
    .option('--validation <x>', 'share of distinct prompts held out to choose thresholds', '0.2')
    .option('--seed <n>', 'train/validation split seed', '1')
    .option('--json', 'print JSON')
    .action(async (flags: RouterTrainFlags) => (await load()).trainAction(flags));
  router
    .command('show <file>')
    .description('what a router file holds: training data size, validation APGR, thresholds per quality target')
    .option('--confidence <p>', 'how sure the thresholds keep each quality target', '0.9')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: { json?: boolean; confidence?: string }) => (await load()).showAction(file, flags));
}
