import type { Command } from 'commander';
import { DB_HELP, ON_EXISTING, READ_ONLY, inStores } from './store-flags.js';

/**
 * `switchyard credentials …`: provider API keys sealed with AES-256-GCM under
 * $SWITCHYARD_SECRET_KEY, stored for every replica (or printed sealed, for the config file).
 * The value is read from stdin or an environment variable, never from an argument (which
 * shell history and `ps` would keep).
 */
export function registerCredentials(program: Command): void {
  const load = () => import('../credentials-cli.js');
  const credentials = program.command('credentials').description('provider API keys, sealed with $SWITCHYARD_SECRET_KEY (never shown again)');
  credentials
    .command('set <provider>')
    .description('store a provider API key sealed; every replica switches to it within limits.keys_poll_ms')
    .option('--from-env <var>', 'read the key from this environment variable instead of stdin')
    .option('-c, --config <file>', 'gateway config whose store (and providers) to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (provider: string, flags) => inStores(flags, async (stores) => (await load()).setCredential(provider, flags, stores.keys)));
  credentials
    .command('list')
    .description('providers with a stored credential (a hint, never the value)')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores) => (await load()).listCredentials(flags, stores.keys), READ_ONLY));
  credentials
    .command('delete <provider>')
    .description('remove a stored credential (the config file\'s api_key applies again)')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (provider: string, flags) => inStores(flags, async (stores) => (await load()).deleteCredential(provider, stores.keys), ON_EXISTING));
  credentials
    .command('seal <provider>')
    .description('print a sealed value for providers.PROVIDER.api_key in the config file')
    .option('--from-env <var>', 'read the key from this environment variable instead of stdin')
    .action(async (provider: string, flags) => (await load()).sealForConfig(provider, flags));
}
