import type { Command } from 'commander';
import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { CLI } from '../../core/cli-command.js';

interface ServeFlags {
  config?: string;
  port?: string;
  host?: string;
}

/** `switchyard serve`: the gateway (and dashboard) on one port. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gateway; without --config, an embedded default (real providers from OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY, else the built-in simulator)')
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
  GEMINI_API_KEY        without a config: serve Google's Gemini models (GEMINI_BASE_URL likewise)
  PORT                  without a config: the port (default 4000)
  SWITCHYARD_DB         without a config: the SQLite file (default .switchyard/switchyard.db)
  OTEL_EXPORTER_OTLP_*  export traces to an OTLP/HTTP endpoint (the standard variables)
  \${NAME} in a config   any variable, interpolated into values (\${NAME:-default} for a default)`,
    )
    // Taken, then refused with a message: `npm start --port 4100` reaches serve as `serve 4100`
    // (npm keeps flags before `--`), which commander would only call "too many arguments".
    .allowExcessArguments(true)
    .action(async (flags: ServeFlags, command: Command) => {
      const { serve } = await import('../serve-gateway.js');
      // Refused inside serve, so a log pipeline reads the refusal in the log's format too.
      await serve(flags, command.args.length > 0 ? strayArguments(command.args, process.env) : undefined);
    });
}

/** What `serve`'s stray words were most likely meant as: a port, or a config file. */
function strayArguments(args: readonly string[], env: Record<string, string | undefined>): SwitchyardError {
  const first = args[0] ?? '';
  const got = `serve takes no arguments, got ${args.map((a) => quoteClipped(a, 100)).join(' ')}`;
  if (/^\d{1,5}$/.test(first)) {
    const npm = env.npm_lifecycle_event === 'start' ? ` (under npm start: npm start -- --port ${first}, as npm keeps the flags before --)` : '';
    return new SwitchyardError('invalid_request', `${got}; a port is given as --port ${first}${npm}`);
  }
  if (/\.ya?ml$/i.test(first)) return new SwitchyardError('invalid_request', `${got}; a config file is given as --config ${first}`);
  return new SwitchyardError('invalid_request', `${got}; see ${CLI} help serve`);
}
