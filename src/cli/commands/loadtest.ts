import type { Command } from 'commander';
import { DATASET_ARGUMENT_HELP, DB_HELP } from './store-flags.js';

/** `switchyard loadtest`: capacity planning against a model or route. */
export function registerLoadtest(program: Command): void {
  program
    .command('loadtest')
    .description('replay recorded traffic, a dataset or built-in prompts against a model or route at an open-loop rate; report latency, TTFT, throughput, errors, tokens, projected cost and the bottleneck')
    .option('--model <route>', 'the model or route name to load (with --from-traces model=NAME, NAME by default)')
    .option('--rps <n>', 'arrival rate, requests per second', '10')
    .option('--duration <d>', 'how long to send: 30s, 2m, 500ms, 1h, 1d (a bare number is seconds)', '30s')
    .option('--from-traces <filter>', 'replay recorded requests: model=NAME,key=NAME,status=ok,since=24h,limit=1000 (empty for the latest)')
    .option('--dataset <name|file>', `send a dataset's inputs: ${DATASET_ARGUMENT_HELP}`)
    .option('-c, --config <file>', 'gateway config: start the gateway in this process (default: the built-in simulator)')
    .option('--gateway <url>', 'a running gateway to load instead')
    .option('--api-key <key>', 'virtual key (default: $SWITCHYARD_API_KEY, or the config\'s first key)')
    .option('--admin-key <key>', 'a running gateway\'s admin key, to read cost and overhead from its traces (default: $SWITCHYARD_ADMIN_KEY)')
    .option('--db <file|url>', DB_HELP)
    .option('--no-stream', 'ask for whole answers (no time to first token)')
    .option('--max-tokens <n>', 'max_tokens for dataset and built-in prompts', '256')
    .option('--arrivals <process>', 'poisson (independent users) or uniform', 'poisson')
    .option('--users <n>', 'project cost and rate for this many users')
    .option('--per-user <n>', 'requests per user per day, for --users', '20')
    .option('--max-in-flight <n>', 'requests in flight at most (more are counted as not sent)', '1024')
    .option('--timeout <d>', 'per-request timeout: 120s, 500ms, 2m (a bare number is seconds)', '120s')
    .option('--out <file>', 'also write the report as JSON to this file')
    .option('--json', 'print the report as one JSON object (progress stays on stderr)')
    .action(async (flags, command: Command) => {
      // --per-user has a default, so only a typed one can be told apart: alone it projected nothing, silently.
      if (command.getOptionValueSource('perUser') === 'cli' && flags.users === undefined) command.error(`error: --per-user ${flags.perUser} is read only with --users N (the users to project cost and rate for): add --users, or leave out --per-user`);
      // Ctrl-C once: stop sending, report what ran and keep it; twice: leave at once.
      const { interruptOnSigint } = await import('../../evals/cli/common-flags.js');
      const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: no more requests are sent; reporting the ones sent so far once they finish (Ctrl-C again to quit now)…\n'));
      const report = await (await import('../loadtest-cli.js')).loadtest(flags, { signal: interrupt.signal }).finally(() => interrupt.dispose());
      if (interrupt.signal.aborted) process.exitCode = 130;
      const nothing = (await import('../loadtest-output.js')).nothingAnswered(report);
      if (nothing) {
        console.error(`loadtest: ${nothing}`);
        process.exitCode = 1;
      }
    });
}
