import type { Command } from 'commander';
import { SwitchyardError } from '../../core/errors.js';
import type { RouterTrainFlags } from '../../routing/learned/router-cli.js';
import { CONFIG_STORE_HELP, DB_HELP, inStores, READ_ONLY } from './store-flags.js';

/** `switchyard router …`: learned routers for `policy: learned` routes. */
export function registerRouter(program: Command): void {
  const router = program.command('router').description('learned routers: predict when the cheap model is good enough');
  const load = () => import('../../routing/learned/router-cli.js');
  router
    .command('train')
    .description('train a router from outcome records (JSONL, optionally .gz: one {prompt, weakScore, strongScore} per line; scores in [0, 1] or booleans), or from an eval run of a cheap and a strong variant')
    .option('--data <file>', 'outcome records')
    .option('--from-run <run>', 'an eval run (id, id prefix, `last`, `last~N`) that ran the same cases on --weak and --strong: each case\'s input and the two variants\' quality')
    .option('--weak <variant>', 'with --from-run: the cheap variant')
    .option('--strong <variant>', 'with --from-run: the strong variant')
    .option('-c, --config <file>', `with --from-run: ${CONFIG_STORE_HELP}`)
    .option('--db <file|url>', `with --from-run: ${DB_HELP}`)
    .requiredOption('--out <file>', 'router file to write (e.g. routers/support.router.json)')
    .option('--prompt-field <name>', 'field with the prompt', 'prompt')
    .option('--weak-field <name>', "field with the cheap model's score", 'weakScore')
    .option('--strong-field <name>', "field with the strong model's score", 'strongScore')
    .option('--min-quality <x>', 'quality target to report the threshold for (share of the strong model quality)', '0.95')
    .option('--confidence <p>', 'how sure the reported thresholds keep the quality target (0.5 = the measured point)', '0.9')
    .option('--validation <x>', 'share of distinct prompts held out to choose thresholds', '0.2')
    .option('--seed <n>', 'train/validation split seed', '1')
    .option('--json', 'print JSON')
    .action(async (flags: RouterTrainFlags) => {
      const { trainAction, trainRecords } = await load();
      if (flags.data !== undefined && flags.fromRun === undefined) return trainAction({ ...flags, data: flags.data });
      if ((flags.data === undefined) === (flags.fromRun === undefined)) throw new SwitchyardError('invalid_request', `give one of --data FILE (outcome records) and --from-run RUN --weak VARIANT --strong VARIANT (an eval run)${flags.data === undefined ? '' : ', not both'}`);
      if (flags.weak === undefined || flags.strong === undefined) throw new SwitchyardError('invalid_request', '--from-run needs --weak VARIANT and --strong VARIANT: the run\'s cheap and strong variants (eval show RUN lists them)');
      const { weak, strong } = flags;
      const { routerRecordsFromRun } = await import('../../evals/report/router-records-from-run.js');
      const { resolveRunReference } = await import('../../evals/store/run-reference.js');
      // The store is read, then closed before training (a minute on a large run).
      const { run, records, skipped } = await inStores(flags, async (stores) => {
        const run = await stores.runs.get(await resolveRunReference(stores.runs, flags.fromRun as string));
        return { run, ...(await routerRecordsFromRun(run, stores.runs, stores.datasets, { weak, strong })) };
      }, READ_ONLY);
      const left = skipped > 0 ? `; ${skipped} case${skipped === 1 ? '' : 's'} left out: an error, no score, or a case one variant lacks` : '';
      await trainRecords(records, `run ${run.id} (${weak} vs ${strong}${left})`, flags);
    });
  router
    .command('show <file>')
    .description('what a router file holds: training data size, validation APGR, thresholds per quality target')
    .option('--confidence <p>', 'how sure the thresholds keep each quality target', '0.9')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: { json?: boolean; confidence?: string }) => (await load()).showAction(file, flags));
}
