import type { Command } from 'commander';
import { DB_HELP } from './store-flags.js';
import { CLI } from '../../core/cli-command.js';

const load = () => import('../monitor/monitor-actions.js');

/** `switchyard drift`, `switchyard topics ROUTE`, `switchyard alerts [test RULE]`. */
export function registerMonitor(program: Command): void {
  program
    .command('drift')
    .description('compare recent traffic with a reference window: topics, words, language, lengths, refusals, errors, latency, cost, online scores; says what changed (exit 3 on drift)')
    .option('--route <name>', 'one route or model (default: all traffic)')
    .option('--current <duration>', 'the current window, ending now', '24h')
    .option('--reference <duration>', 'the reference window, ending where the current one starts', '7d')
    .option('--reference-since <time>', 'pin the reference window instead (ISO date or time)')
    .option('--reference-until <time>', 'end of a pinned reference window (default: start of the current one)')
    .option('--backfill', 'first derive signals from stored traces of both windows (traces from before monitoring)')
    .option('--history', 'list stored drift reports instead')
    .option('-c, --config <file>', 'the gateway config (its store and monitoring.drift thresholds)')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await load()).driftAction(flags));
  program
    .command('topics')
    .description('cluster a route\'s prompts into topics and show each topic\'s volume, errors, cost and online quality')
    .argument('<route>', `the route or model whose prompts to cluster (${CLI} routes lists those with traffic)`)
    .option('--range <duration>', 'traffic to report', '7d')
    .option('--refit', 'fit the topic model again on recent prompts (topic ids change)')
    .option('--k <n>', 'number of topics (default √(n/2))')
    .option('--backfill', 'first derive signals from stored traces of the range')
    .option('-c, --config <file>', 'the gateway config')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON for scripts')
    .action(async (route: string, flags) => (await load()).topicsAction({ ...flags, route }));
  const alerts = program
    .command('alerts')
    .description('alert rules with their state and the latest notifications')
    .option('-c, --config <file>', 'the gateway config (monitoring.alerts)')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await load()).alertsAction(flags));
  alerts
    .command('test')
    .description('send a test notification of a rule to its webhooks')
    .argument('<rule>', 'rule name')
    .option('-c, --config <file>', 'the gateway config (monitoring.alerts and monitoring.webhooks)')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON for scripts')
    .action(async (rule: string, _flags, command: Command) => (await load()).alertTestAction(rule, command.optsWithGlobals()));
}
