import type { Command } from 'commander';
import { CONFIG_STORE_HELP, DB_HELP, inStores, ON_EXISTING, READ_ONLY } from './store-flags.js';


function gatewayOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'gateway config (as for `serve`): starts the gateway in this process')
    .option('--gateway <url>', 'a running gateway to call instead')
    .option('--api-key <key>', 'virtual key for the gateway (default: $SWITCHYARD_API_KEY, or the config\'s first key)')
    .option('--db <file|url>', DB_HELP);
}

/** `switchyard eval …`: run suites, resume, rerun, compare, list, show, generate. */
export function registerEval(program: Command): void {
  const evalCommand = program.command('eval').description('run evaluation suites, compare runs, gate CI, generate eval sets');

  // `--skip-bad-lines` only applies where a suite's dataset file is imported: a new run.
  const runOptions = (command: Command, imports = false) =>
    (imports ? gatewayOptions(command).option('--skip-bad-lines', 'import a dataset file past malformed lines (they are listed)') : gatewayOptions(command))
      .option('--no-cache', 'call models again and replace the cached answers (a resumed or repeated run keeps the setting it started with)')
      .option('--json', 'print the full result (run, summary, every case) as JSON on stdout; the report goes to stderr')
      .option('--out <file>', 'write the full result as JSON to this file')
      .option('--baseline <run>', 'CI gate: compare with this run (id, id prefix, `last`, `last~1`: the same suite\'s previous runs, or a result file an earlier --out wrote) and exit 1 unless the candidate is shown no worse')
      .option('--tolerance <x>', 'CI gate: allowed quality drop, 0–1 (default 0.02 = 2 points)')
      .option('--gate <mode>', 'CI gate: "non-inferiority" (default: pass only when shown no worse than −tolerance with 95% confidence) or "regression" (fail only when shown worse)');

  runOptions(evalCommand.command('run <suite>').description('run every case × variant of a suite through the gateway and report (suite fields: docs/suites.md)'), true)
    .action(async (suite: string, flags) => {
      const { runAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores, store) => runAction({ suitePath: suite }, flags, stores, store));
    });
  runOptions(evalCommand.command('resume <run>').description('finish an interrupted run (id, id prefix or `last`), with the cache setting it started with'))
    .action(async (run: string, flags) => {
      const { runAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores, store) => runAction({ resumeRunId: run }, flags, stores, store), ON_EXISTING);
    });
  runOptions(evalCommand.command('rerun <run>').description('repeat a run (id, id prefix or `last`) exactly: same suite, prompts and pinned dataset version'))
    .action(async (run: string, flags) => {
      const { runAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores, store) => runAction({ rerunOf: run }, flags, stores, store), ON_EXISTING);
    });
  evalCommand
    .command('compare <runA> <runB>')
    .description('paired per-case difference (B − A) with its interval, and McNemar on pass rates; runs by id, id prefix, `last`, `last~N`, or a result file --out wrote')
    .option('--variants <pairs>', 'which variants to pair, e.g. small:small,claude:small')
    .option('--tolerance <x>', 'also decide each pair as the CI gate does (B the candidate): allowed quality drop, 0–1 (e.g. 0.02 = 2 points); exit 1 unless it passes')
    .option('--gate <mode>', 'with --tolerance: "non-inferiority" (default: pass only when B is shown no worse than −tolerance with 95% confidence) or "regression" (fail only when shown worse)')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (a: string, b: string, flags) => {
      const { compareAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores) => compareAction(a, b, flags, stores), READ_ONLY);
    });
  evalCommand
    .command('list')
    .description('recent runs')
    .option('-n, --limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => {
      const { listAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores) => listAction(flags, stores), READ_ONLY);
    });
  evalCommand
    .command('show <run>')
    .description('the report of a stored run (id, id prefix, `last` or `last~N`)')
    .option('--cases', 'every case × variant: input, expected, output, and each scorer\'s score and reason')
    .option('--json', 'print the full result (run, summary, every case) as JSON on stdout')
    .option('--out <file>', 'write the full result as JSON to this file')
    .option('-c, --config <file>', CONFIG_STORE_HELP)
    .option('--db <file|url>', DB_HELP)
    .action(async (run: string, flags) => {
      const { showAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores) => showAction(run, flags, stores), READ_ONLY);
    });
  gatewayOptions(evalCommand.command('generate').description('synthetic question/answer items grounded in a folder of Markdown, text or HTML'))
    .requiredOption('--from <dir>', 'folder of documents')
    .requiredOption('--model <name>', 'model that writes the questions')
    .option('--count <n>', 'how many items', '20')
    .option('--dataset <name>', 'dataset to add them to (default: <folder>-synthetic)')
    .option('--seed <n>', 'which passages are drawn', '1')
    .option('--concurrency <n>', 'model calls in flight at once, whatever --count (1–64)', '8')
    .action(async (flags) => {
      const { generateAction } = await import('../../evals/cli/eval-actions.js');
      await inStores(flags, (stores, store) => generateAction(flags, stores, store));
    });
}
