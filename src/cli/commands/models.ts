import type { Command } from 'commander';
import { SwitchyardError } from '../../core/errors.js';
import { CLI } from '../../core/cli-command.js';
import { closestName } from '../../core/format-issues.js';

const DB_HELP = 'store: a SQLite file or postgres:// URL (default: --config\'s store, $SWITCHYARD_DB, or .switchyard/switchyard.db)';
/** `--from`'s help for each change by hand: the version the caller saw live, checked in the change's transaction. */
const fromHelp = (done: string) =>
  `the version you saw live (none: no version live); when another is live by then, nothing is ${done} and the command fails (exit 1) naming what is live now`;

/** Training, evaluating and predicting are `switchyard local …`; the registry's own commands change versions. */
function unknownModelsCommand(word: string, commands: readonly string[]): SwitchyardError {
  const local = ['train', 'eval', 'predict'].includes(word) ? `; models are ${word === 'train' ? 'trained' : word === 'eval' ? 'evaluated' : 'run'} with \`${CLI} local ${word}\` (${CLI} help local ${word})` : '';
  return new SwitchyardError('invalid_request', `unknown command "${CLI} models ${word}" (its commands: ${commands.join(', ')})${local}`);
}

/** `switchyard models`: the local model registry, and its promote / demote / rollback / unpin / delete. */
export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('local model versions per route, their held-out metrics, and which is live')
    .option('--route <name>', 'only this route')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'the gateway config, whose store to read and whose routes to compare: a registry route it lacks is marked "not in config" (--json: inConfig, null without --config)')
    .option('--json', 'print JSON for scripts')
    // A word that is none of its commands reaches the action, to be named with what was meant
    // (commander's own "too many arguments for 'models'" said neither).
    // (`models train --data F` included: its options would otherwise stop it first, as unknown).
    .allowExcessArguments(true)
    .allowUnknownOption(true)
    .action(async (flags, command: Command) => {
      // The first leftover decides: in `models --rotue support` the word is the mistyped flag's
      // value, not a command (it was named as the unknown command "models support").
      const first = command.args[0];
      if (first !== undefined && !first.startsWith('-')) throw unknownModelsCommand(first, command.commands.map((c) => c.name()));
      if (first !== undefined) {
        const flag = first.split('=', 1)[0] ?? first;
        const meant = flag.startsWith('--') ? closestName(flag, command.options.flatMap((o) => (o.long ? [o.long] : []))) : undefined;
        command.error(`error: unknown option '${flag}'${meant ? `\n(Did you mean ${meant}?)` : ''}`, { code: 'commander.unknownOption' });
      }
      return (await import('../local/models-action.js')).modelsAction(flags);
    });
  // Options of the parent (--db, --config, --json) are read by it unless each subcommand parses its own.
  models.enablePositionalOptions();
  models
    .command('rollback')
    .description('make the previously live version of a route live again (or --to VERSION, if it was ever live); running gateways switch within limits.keys_poll_ms')
    .requiredOption('--route <name>', 'the route')
    .option('--to <version>', 'the version to roll back to (default: the one live before the current)')
    .option('--from <version|none>', `${fromHelp('rolled back')} (default: without --to, the version live when the command reads the registry)`)
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'the gateway config, whose store to change')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../local/manage-models-action.js')).rollbackModelAction(flags));
  models
    .command('promote')
    .description("make a version live if its held-out precision and coverage meet the route's bar (--config's task, or the flags)")
    .requiredOption('--route <name>', 'the route')
    .requiredOption('--version <n>', 'the version to make live')
    .option('--min-precision <p>', "the bar's held-out precision (default: the route's task in --config, else 0.95)")
    .option('--min-coverage <c>', "the bar's held-out coverage (default: the route's task in --config, else 0.5)")
    .option('--from <version|none>', fromHelp('promoted'))
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'the gateway config, whose store and route bar to use')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../local/manage-models-action.js')).promoteModelAction(flags));
  models
    .command('demote')
    .description('pull the live version of a route: it escalates every request to its target, saying why on the trace')
    .requiredOption('--route <name>', 'the route')
    .option('--reason <text>', 'why (kept in the registry and shown on traces)')
    .option('--from <version|none>', fromHelp('demoted'))
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'the gateway config, whose store to change')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../local/manage-models-action.js')).demoteModelAction(flags));
  models
    .command('unpin')
    .description('release the pin a rollback, promote or demote by hand leaves: automatic retraining promotes versions that meet the bar again')
    .requiredOption('--route <name>', 'the route')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'the gateway config, whose store to change')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../local/manage-models-action.js')).unpinModelAction(flags));
  models
    .command('delete')
    .description('remove one version of a route (--version; never the live one: demote it first) or every version, e.g. of a route registered under a mistyped name; model files written with `local train --out` stay')
    .requiredOption('--route <name>', 'the route')
    .option('--version <n>', 'only this version (default: every version of the route, with its pin and history)')
    .option('--force', 'remove the whole route even though a version is live (its requests escalate to the route\'s target)')
    .option('--examples', "also delete the route's kept labelled examples (its `local train --route` files', traffic's and reviews'), which otherwise stay for a route registered again under the name; alone once the route is gone")
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'the gateway config, whose store to change')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../local/delete-models-action.js')).deleteModelAction(flags));
}
