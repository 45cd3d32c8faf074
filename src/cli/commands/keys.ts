import type { Command } from 'commander';
import { DB_HELP, ON_EXISTING, READ_ONLY, inStores } from './store-flags.js';

/**
 * `switchyard keys …` and `switchyard teams …`: virtual keys and teams created at runtime, kept
 * hashed in the store that every replica reads (they pick changes up within `limits.keys_poll_ms`).
 */
export function registerKeys(program: Command): void {
  const load = () => import('../keys-cli.js');
  const keys = program.command('keys').description('virtual keys created at runtime (hashed in the store; every replica sees them)');
  keys
    .command('create <name>')
    .description('create a key and print its secret (shown once)')
    .option('--team <team>', 'team whose budget the key also counts against')
    .option('--models <list>', 'comma-separated model or route names it may call (default: all)')
    .option('--budget-usd <usd>', 'dollar budget')
    .option('--budget-period <period>', 'total, monthly or daily, with --budget-usd (default: total)')
    .option('--rpm <n>', 'requests per minute')
    .option('--tpm <n>', 'tokens per minute')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).createKey(name, flags, stores.keys)));
  keys
    .command('list')
    .description('runtime keys (prefix, team, limits, spend this period, status); never secrets')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores) => (await load()).listKeys(flags, stores), READ_ONLY));
  keys
    .command('rotate <name>')
    .description('give a key a new secret (printed once); the old one works for the grace period')
    .option('--grace <seconds>', 'how long the old secret keeps working', '3600')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).rotateKey(name, flags, stores.keys), ON_EXISTING));
  keys
    .command('update <name>')
    .description('move a key to another team from now on (its spend so far stays booked to the old one)')
    .option('--team <team>', 'the team whose budget and rate limit its calls count against from now on')
    .option('--no-team', 'take it out of any team')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).updateKey(name, flags, stores.keys), ON_EXISTING));
  keys
    .command('revoke <name>')
    .description('refuse a key from now on, on every replica')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).revokeKey(name, flags, stores.keys), ON_EXISTING));

  const teams = program.command('teams').description('teams created at runtime: their keys share the team budget');
  teams
    .command('create <name>')
    .description('create a team, or change its budget')
    .option('--budget-usd <usd>', 'dollar budget shared by the team\'s keys')
    .option('--budget-period <period>', 'total, monthly or daily, with --budget-usd (default: total)')
    .option('--rpm <n>', 'requests per minute for all the team\'s keys together')
    .option('--tpm <n>', 'tokens per minute for all the team\'s keys together')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).putTeam(name, flags, stores.keys)));
  teams
    .command('list')
    .description('runtime teams, their budgets and spend this period')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores) => (await load()).listTeams(flags, stores), READ_ONLY));
  teams
    .command('delete <name>')
    .description('delete a team\'s limits (refused while active keys name it, unless --force: they would count against no team limit)')
    .option('--force', 'delete it though active keys name it (they keep their own limits, and no team\'s)')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).deleteTeam(name, flags, stores.keys), ON_EXISTING));

  program
    .command('spend')
    .description('spend per UTC day, team, key and model over a range of days, kept whatever trace retention deletes (--csv for a spreadsheet)')
    .option('--from <date>', 'first day, an ISO date (YYYY-MM-DD, UTC; default: the first of --to\'s month)')
    .option('--to <date>', 'last day, included (default: today, UTC)')
    .option('--csv', 'print CSV: date, team, key, model, requests, input_tokens, output_tokens, cost_usd')
    .option('--out <file>', 'write the CSV to a file')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => {
      // Before the store is opened: a bad --out is the flag's error, not the store's.
      if (flags.out && flags.out !== '-') (await import('../../core/out-file.js')).checkOutPath('--out', flags.out);
      await inStores(flags, async (stores) => (await import('../spend-cli.js')).printSpend(flags, stores.spend), READ_ONLY);
    });
}
