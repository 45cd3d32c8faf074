import type { Command } from 'commander';
import { DB_HELP, GATEWAY_DEFAULT_HELP } from './store-flags.js';
import { GUARD_FILTERS } from '../../core/trace.js';
import { repeatable } from './repeatable.js';
import { TRACE_SORT_KEYS, TRACE_SORT_ORDERS } from '../../core/trace-sort.js';
import type { EraseFlags } from '../erase-traces.js';

export interface TracesFlags {
  db?: string;
  config?: string;
  limit: string;
  model?: string;
  key?: string;
  team?: string;
  status?: string;
  tag?: string[];
  search?: string;
  session?: string;
  replica?: string;
  guard?: string;
  since?: string;
  until?: string;
  sort?: string;
  order?: string;
  json?: boolean;
}

/** `switchyard traces`: recent traces as a table, or JSON for scripts. */
export function registerTraces(program: Command): void {
  const traces = program
    .command('traces')
    .description('list recent traces from the store')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'gateway config whose store to read')
    .option('-n, --limit <n>', 'how many', '20')
    .option('--model <name>', 'only this requested model')
    .option('--key <name>', 'only this virtual key')
    .option('--team <name>', 'only the calls of this team\'s keys')
    .option('--status <status>', '"ok", "error" or an HTTP status (100–599)')
    .option('--tag <key=value>', 'only traces whose metadata has this value (repeatable; e.g. --tag eval_run=run_…)', repeatable)
    .option('--search <text>', 'only traces whose request, answer, error or metadata holds this text (any retained trace)')
    .option('--session <id>', 'only the calls of this conversation (x-switchyard-session, or a coding agent\'s own session id)')
    .option('--replica <name>', 'only the calls this gateway process served ($SWITCHYARD_REPLICA, else host-pid; `traces show` names it)')
    .option('--guard <which>', `only calls a guardrail policy checked (guarded) or where a check took this action: ${GUARD_FILTERS.join(', ')}`)
    .option('--since <time>', 'only traces from this time on: an ISO date or time, ms since the epoch, or a duration back from now (15m, 2h, 7d)')
    .option('--until <time>', 'only traces before this time (the same forms as --since)')
    .option('--sort <key>', `order by ${TRACE_SORT_KEYS.join(', ')} (default: time; latency, cost and tokens order the newest 20,000 traces the other filters allow)`)
    .option('--order <dir>', `${TRACE_SORT_ORDERS.join(' or ')} (default: desc, biggest or newest first)`)
    .option('--json', 'print JSON (one page of traces) instead of a table')
    .action(async (flags: TracesFlags) => {
      const { printTraces } = await import('../print-traces.js');
      await printTraces(flags);
    });
  traces
    .command('erase')
    .description("erase an end user's data (a privacy request) on the running gateway: their traces and every copy made from them (search index, signals, review queue, cache, stored responses, datasets, eval results, local-model examples), with counts per place")
    .option('--user <id>', "the end user's id, as the calls sent it (user, safety_identifier, Anthropic metadata.user_id); its keyed pseudonyms are matched too")
    .option('--metadata <key=value>', 'calls whose metadata (x-switchyard-metadata or the body\'s) has this value (repeatable; each narrows)', repeatable)
    .option('--session <id>', 'the calls of this conversation (x-switchyard-session)')
    .option('--dry-run', 'count what would be erased, change nothing')
    .option('--reference <ref>', "your reference for the audit log (a ticket number), never the person's id")
    .option('--gateway <url>', `the running gateway: it reaches its queued traces and its cache, which the store alone cannot (default: ${GATEWAY_DEFAULT_HELP})`)
    .option('-c, --config <file>', 'the config the gateway was served with: its server.host and server.port (default: $SWITCHYARD_CONFIG)')
    .option('--admin-key <key>', "the gateway's server.admin_key (default: $SWITCHYARD_ADMIN_KEY)")
    .option('--json', 'print the answer as JSON')
    .action(async (_flags: unknown, command: Command) => {
      const { eraseTraces } = await import('../erase-traces.js');
      // `--session` after `erase` may land on `traces` itself, which has it too.
      const flags = command.optsWithGlobals<Omit<EraseFlags, 'gateway'> & { gateway?: string; config?: string }>();
      await eraseTraces({ ...flags, ...(await import('../gateway-of.js')).gatewayOf(flags) });
    });
  traces
    .command('show <trace>')
    .description('one trace in full: attempts, decisions, metadata, request and answer')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'gateway config whose store to read')
    .option('--json', 'print the trace as JSON')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const { printTrace } = await import('../print-traces.js');
      // `--db` and `--config` after `show` may land on `traces` itself, which has them too.
      await printTrace(id, command.optsWithGlobals<{ db?: string; config?: string; json?: boolean }>());
    });
}
