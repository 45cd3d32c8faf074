import type { Command } from 'commander';
import { DB_HELP } from './store-flags.js';

export interface MigrateFlags {
  config?: string;
  db?: string;
  json?: boolean;
}

/** `switchyard migrate`: brings the configured store's schema up to date and says what it did. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations to the configured store (SQLite or PostgreSQL) and report them; `serve` applies them too')
    .option('-c, --config <file>', 'configuration file whose store to migrate', process.env.SWITCHYARD_CONFIG)
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (flags: MigrateFlags) => {
      const { migrate } = await import('../migrate-store.js');
      await migrate(flags);
    });
}
