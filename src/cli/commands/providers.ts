import type { Command } from 'commander';
import { GATEWAY_DEFAULT_HELP } from './store-flags.js';

/** `switchyard providers`: circuit breakers, latency and load per target on a running gateway. */
export function registerProviders(program: Command): void {
  program
    .command('providers')
    .description('each provider target\'s circuit breaker (closed, open, half open), recent latency and requests in flight, and the response cache\'s size, from a running gateway')
    .option('--gateway <url>', `the running gateway (default: ${GATEWAY_DEFAULT_HELP})`)
    .option('-c, --config <file>', 'the config the gateway was served with: its server.host and server.port (default: $SWITCHYARD_CONFIG)')
    .option('--admin-key <key>', 'the gateway\'s server.admin_key (default: $SWITCHYARD_ADMIN_KEY)')
    .option('--json', 'print JSON for scripts')
    .action(async (flags) => (await import('../providers-report.js')).printProviders({ ...flags, ...(await import('../gateway-of.js')).gatewayOf(flags) }));
}
