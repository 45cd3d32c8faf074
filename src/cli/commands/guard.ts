import type { Command } from 'commander';
import { DATASET_ARGUMENT_HELP } from './store-flags.js';
import { repeatable } from './repeatable.js';

/** The red-team options, shared by `guard redteam` and its top-level alias `redteam`. */
function redteamOptions(command: Command): Command {
  return command
    .description('send an attack corpus through the gateway to a model or route; report blocked / refused / through per category')
    .requiredOption('--model <name>', 'model or route to attack')
    .option('--gateway <url>', 'a running gateway (e.g. http://127.0.0.1:4000)')
    .option('--api-key <key>', 'virtual key to send (its guardrail policy applies; default: $SWITCHYARD_API_KEY)')
    .option('-c, --config <file>', 'start a gateway in-process from this config instead')
    .option('--corpus <name|file>', 'builtin, jailbreaks, injections, multilingual, hijacks, or a .jsonl file of {"text","category","via"}', 'builtin')
    .option('--limit <n>', 'send only the first n attacks')
    .option('--concurrency <n>', 'attacks in flight at once', '4')
    .option('--refusal-phrase <text>', 'a phrase that means the model refused (repeatable; added to the built-in patterns)', repeatable)
    .option('--out <file>', 'also write the JSON report to this file')
    .option('--json', 'print the JSON report instead of the table');
}

/** `switchyard guard …`: scan texts for PII and injections; red-team a route. */
export function registerGuard(program: Command): void {
  // Each action's own module: a red-team run needs none of the ~200 modules a scan loads.
  const scan = () => import('../guard/scan-action.js');
  const redteam = () => import('../guard/redteam-action.js');
  const guard = program.command('guard').description('guardrails: scan texts for PII and injections, red-team a route');
  guard
    .command('scan [file]')
    .description('scan JSONL {"text": …} from stdin or a .jsonl file (one JSON line out per input), or --text, a text file, recent traces or a dataset (a table)')
    .option('--text <text>', 'scan this text')
    .option('--checks <list>', 'pii, injection or both', 'pii,injection')
    .option('--traces <n>', 'scan the requests of the n most recent traces')
    .option('--dataset <name|file>', `scan a dataset's inputs and outputs: ${DATASET_ARGUMENT_HELP}`)
    .option('--db <file|url>', 'store for --traces and --dataset (default: $SWITCHYARD_DB or .switchyard/switchyard.db)')
    .option('-c, --config <file>', 'take the trace store from this config')
    .option('--json', 'JSON lines instead of the table')
    .option('--table', 'a table instead of JSON lines (for JSONL input)')
    .option('--as <kind>', 'read --text or a text file for injections as a "prompt" (user turn; --text\'s default) or a "document" (a file\'s default)')
    .action(async (file: string | undefined, flags) => (await scan()).scanAction(file, flags));
  redteamOptions(guard.command('redteam')).action(async (flags) => (await redteam()).redteamAction(flags));
  redteamOptions(program.command('redteam')).action(async (flags) => (await redteam()).redteamAction(flags));
}
