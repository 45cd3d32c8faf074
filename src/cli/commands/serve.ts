import type { Command } from 'commander';

interface ServeFlags {
  config?: string;
  port?: string;
  host?: string;
}

/** `switchyard serve`: the gateway (and dashboard) on one port. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway; without --config, an embedded default (real providers from OPENAI_API_KEY / ANTHROPIC_API_KEY, else the built-in simulator)')
    .option('-c, --config <file>', 'configuration file (YAML)', process.env.SWITCHYARD_CONFIG)
    .option('-p, --port <port>', 'port to listen on (overrides the config)')
    .option('--host <host>', 'address to bind (overrides the config)')
    .action(async (flags: ServeFlags) => {
      const { serve } = await import('../serve-gateway.js');
      await serve(flags);
    });
}
