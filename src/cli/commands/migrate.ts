import type { Command } from 'commander';
import { DB_HELP } from './store-flags.js';

export interface MigrateFlags {
  config?: string;
  db?: string;
  json?: boolean;
  /** A SQLite store to copy into the (empty, PostgreSQL) target. */
  from?: string;
}

/** `switchyard migrate`: brings the configured store's schema up to date and says what it did. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations to the configured store (SQLite or PostgreSQL) and report them; `serve` applies them too')
    .option('-c, --config <file>', 'configuration file whose store to migrate', process.env.SWITCHYARD_CONFIG)
    .option('--db <file|url>', DB_HELP)
    .option('--from <file>', 'then copy this SQLite store (keys with their secrets, teams, traces, spend, evals, reviews, local models…) into the PostgreSQL store, which must be empty')
    .option('--json', 'print JSON')
    .action(async (flags: MigrateFlags) => {
      if (flags.from !== undefined) {
        const { copyStore } = await import('../copy-store-cli.js');
        return copyStore({ ...flags, from: flags.from });
      }
      const { migrate } = await import('../migrate-store.js');
      await migrate(flags);
    });
}
