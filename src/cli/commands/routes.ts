import type { Command } from 'commander';

/** `switchyard routes`: traffic per route branch, local-model coverage, precision and savings. */
export function registerRoutes(program: Command): void {
  program
    .command('routes')
    .description('per route: the share each branch served, the local model\'s coverage and precision, the money and time it saved, and a cascade\'s steps and saving against its last target alone, net of its judge\'s calls')
    .option('-c, --config <file>', 'the gateway config (defines the routes; its store is read)')
    .option('--db <file|url>', 'the store, when not the config\'s (SQLite file or postgres:// URL)')
    .option('--gateway <url>', 'ask a running gateway instead (live shadow precision included)')
    .option('--admin-key <key>', 'the gateway\'s server.admin_key (default: $SWITCHYARD_ADMIN_KEY)')
    .option('--range <range>', '1h, 6h, 24h, 7d or 30d', '24h')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../routes-report.js')).printRoutes(flags));
}
