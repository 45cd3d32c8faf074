import type { Command } from 'commander';

/** `switchyard models`: the local model registry. */
export function registerModels(program: Command): void {
  program
    .command('models')
    .description('local model versions per route, their held-out metrics, and which is live')
    .option('--route <name>', 'only this route')
    .option('--db <file|url>', 'store: a SQLite file or postgres:// URL (default: --config\'s store, $SWITCHYARD_DB, or .switchyard/switchyard.db)')
    .option('-c, --config <file>', 'the gateway config, whose store to read')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../local/actions.js')).modelsAction(flags));
}
