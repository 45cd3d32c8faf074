import type { Command } from 'commander';

/** `switchyard providers`: circuit breakers, latency and load per target on a running gateway. */
export function registerProviders(program: Command): void {
  program
    .command('providers')
    .description('each provider target\'s circuit breaker (closed, open, half open), recent latency and requests in flight, and the response cache\'s size, from a running gateway')
    .option('--gateway <url>', 'the running gateway', 'http://127.0.0.1:4000')
    .option('--admin-key <key>', 'the gateway\'s server.admin_key (default: $SWITCHYARD_ADMIN_KEY)')
    .option('--json', 'print JSON for scripts')
    // Whose state it shows is said when --gateway was left out: after `npm start -- --port 4100`
    // (the README's way off a taken 4000) the default reached whatever else held 4000.
    .action(async (flags, command: Command) => (await import('../providers-report.js')).printProviders({ ...flags, defaultGateway: command.getOptionValueSource('gateway') === 'default' }));
}
