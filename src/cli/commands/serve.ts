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
    .addHelpText(
      'after',
      `
Environment:
  SWITCHYARD_CONFIG     config file when --config is not given
  OPENAI_API_KEY        without a config: serve OpenAI's models (OPENAI_BASE_URL to change the URL)
  ANTHROPIC_API_KEY     without a config: serve Anthropic's models (ANTHROPIC_BASE_URL likewise)
  PORT                  without a config: the port (default 4000)
  SWITCHYARD_DB         without a config: the SQLite file (default .switchyard/switchyard.db)
  OTEL_EXPORTER_OTLP_*  export traces to an OTLP/HTTP endpoint (the standard variables)
  \${NAME} in a config   any variable, interpolated into values (\${NAME:-default} for a default)`,
    )
    .action(async (flags: ServeFlags) => {
      const { serve } = await import('../serve-gateway.js');
      await serve(flags);
    });
}
