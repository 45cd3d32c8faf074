import type { Command } from 'commander';
import { SwitchyardError } from '../../core/errors.js';
import type { RouterTrainFlags } from '../../routing/learned/router-cli.js';
import { CONFIG_STORE_HELP, DB_HELP } from './store-flags.js';

/** `switchyard router …`: learned routers for `policy: learned` routes. */
export function registerRouter(program: Command): void {
  const router = program.command('router').description('learned routers: predict when the cheap model is good enough');
  const load = () => import('../../routing/learned/router-cli.js');
  router
    .command('train')
    .description('train a router from outcome records (JSONL, optionally .gz: one {prompt, weakScore, strongScore} per line; scores in [0, 1] or booleans), from an eval run of a cheap and a strong variant, or from reviewed or judged traces of the cheap and strong targets (these combine)')
    .option('--data <file>', 'outcome records')
    .option('--from-run <run>', 'an eval run (id, id prefix, `last`, `last~N`) that ran the same cases on --weak and --strong: each case\'s input and the two variants\' quality')
    .option('--from-reviews', 'finished reviews of traced answers of --weak and --strong (with --from-run too: of the two variants\' models): an accepted cheap answer says the cheap target is good enough for its prompt, a rejected or corrected one that it needs the strong one')
    .option('--from-judged', "judges' scores of traced answers of --weak and --strong: a cascade's judge on a step's answer (escalate_on.judge) and online evaluation (monitoring.online_eval, --judge-scorer): a cheap answer scored at least --judge-min-score is good enough for its prompt, one below needs the strong one; with --from-reviews, a prompt people reviewed is learned from the review")
    .option('--judge-min-score <x>', "with --from-judged: the judge's score (0-1; a grade of 1-5 is (grade - 1) / 4) at which a cheap answer is good enough", '0.75')
    .option('--judge-scorer <name>', 'with --from-judged: the online evaluation scorer whose scores are read (a sole judge scorer is named judge)', 'judge')
    .option('--since <time>', 'with --from-reviews or --from-judged: only reviews given, or calls made, since then (ISO date, ms, or a duration ago such as 30d); each source reads its newest 100,000 and says how many older ones it left out')
    .option('--weak <name>', 'the cheap variant (--from-run) or target, a model or route name (--from-reviews, --from-judged)')
    .option('--strong <name>', 'the strong variant (--from-run) or target (--from-reviews, --from-judged)')
    .option('--min-score <n>', 'with --from-reviews: mean reviewer score (1-5) at which an uncorrected answer nobody failed counts as accepted', '4')
    .option('-c, --config <file>', `with --from-run, --from-reviews or --from-judged: ${CONFIG_STORE_HELP}`)
    .option('--db <file|url>', `with --from-run, --from-reviews or --from-judged: ${DB_HELP}`)
    .requiredOption('--out <file>', 'router file to write (e.g. routers/support.router.json)')
    .option('--prompt-field <name>', 'field with the prompt', 'prompt')
    .option('--weak-field <name>', "field with the cheap model's score", 'weakScore')
    .option('--strong-field <name>', "field with the strong model's score", 'strongScore')
    .option('--min-quality <x>', 'quality target to report the threshold for (share of the strong model quality)', '0.95')
    .option('--confidence <p>', 'how sure the reported thresholds keep the quality target (0.5 = the measured point)', '0.9')
    .option('--validation <x>', 'share of distinct prompts held out to choose thresholds', '0.2')
    .option('--seed <n>', 'train/validation split seed', '1')
    .option('--json', 'print JSON')
    .action(async (flags: RouterTrainFlags, command: Command) => {
      const { trainAction } = await load();
      const fromStore = flags.fromRun !== undefined || flags.fromReviews === true || flags.fromJudged === true;
      // A judge flag without --from-judged would train on something else and ignore it silently.
      for (const [flag, key] of [['--judge-min-score', 'judgeMinScore'], ['--judge-scorer', 'judgeScorer']] as const) {
        if (flags.fromJudged !== true && command.getOptionValueSource(key) === 'cli') throw new SwitchyardError('invalid_request', `${flag} ${flags[key]} is read with --from-judged (judges' scores of traced answers), which was not given: add --from-judged, or drop ${flag}`, { param: flag });
      }
      if (flags.since !== undefined && !fromStore && flags.data === undefined) {
        throw new SwitchyardError('invalid_request', `--since ${flags.since} narrows --from-reviews and --from-judged (reviews given, calls made since then), and neither was given: add --from-reviews or --from-judged, with --weak and --strong`, { param: '--since' });
      }
      if (flags.data !== undefined && !fromStore) {
        if (flags.since !== undefined) throw new SwitchyardError('invalid_request', '--since narrows --from-reviews and --from-judged; a --data file is taken whole');
        return trainAction({ ...flags, data: flags.data });
      }
      if (flags.data !== undefined || !fromStore) {
        throw new SwitchyardError('invalid_request', `give --data FILE (outcome records), or any of --from-run RUN, --from-reviews and --from-judged (an eval run, reviewed traces, judged traces) with --weak and --strong${flags.data === undefined ? '' : '; --data goes alone'}`);
      }
      await (await import('../router-train-from-store.js')).trainFromStore(flags);
    });
  router
    .command('show <file>')
    .description('what a router file holds: training data size, validation APGR, thresholds per quality target')
    .option('--confidence <p>', 'how sure the thresholds keep each quality target', '0.9')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: { json?: boolean; confidence?: string }) => (await load()).showAction(file, flags));
}
