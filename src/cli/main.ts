/**
 * The `switchyard` command. Each command lives in `commands/<name>.ts` and registers itself;
 * heavy modules are imported inside actions so `switchyard --version` starts fast.
 */
// First: the parent pid as early as the process can read it (started-by.ts says why).
import './started-by.js';
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { formatCliError } from './output.js';
import { ReportedFailure } from './start-failure.js';
import { helpAsFlag, unknownCommandInHelp } from './help-path.js';
import { provideInProcessGateway } from '../evals/client/in-process-gateway.js';
import { briefUsageAfterErrors } from './brief-usage-errors.js';
import { VERSION } from './commands/version.js';
import { checkGatewayFlag } from './gateway-url-flag.js';
import { exitWhenFlushed } from '../core/exit-when-flushed.js';

const program = new Command('switchyard')
  .description('Gateway, guardrails, evaluation and review for generative-AI applications')
  .version(VERSION)
  // Root options only before a command: `models promote --version N` is the command's own flag.
  .enablePositionalOptions();

// Evaluation opens an in-process gateway from a config; the composition root builds it.
provideInProcessGateway(async (config) => (await import('../server.js')).openGatewayCore(config));

registerCommands(program);
briefUsageAfterErrors(program);
// Every command's --gateway is a URL; checked once here, before a command starts any work.
program.hook('preAction', (_root, action) => checkGatewayFlag(action.opts().gateway));
// Commander's help, version and usage errors leave through the catch below, not its own
// process.exit, which cut a long help read through a pipe.
throwInsteadOfExit(program);

const unknownInHelp = unknownCommandInHelp(program, process.argv.slice(2));
if (unknownInHelp !== undefined) {
  console.error(unknownInHelp);
  exitWhenFlushed(1);
} else {
  program.parseAsync([...process.argv.slice(0, 2), ...helpAsFlag(process.argv.slice(2))]).catch((error: unknown) => {
    // Commander printed its help or usage error already, and knows the exit code (0 after help).
    if (error instanceof CommanderError) return exitWhenFlushed(error.exitCode);
    // Written to the log already, in its format (a JSON line for a pipeline): said once.
    if (!(error instanceof ReportedFailure)) console.error(formatCliError(error));
    exitWhenFlushed(1);
  });
}

function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const child of command.commands) throwInsteadOfExit(child);
}

