/**
 * The `switchyard` command. Each command lives in `commands/<name>.ts` and registers itself;
 * heavy modules are imported inside actions so `switchyard --version` starts fast.
 */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { formatCliError } from './output.js';

const program = new Command('switchyard')
  .description('Gateway, guardrails, evaluation and review for generative-AI applications')
  .version('0.1.0')
  .showHelpAfterError();

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(formatCliError(error));
  process.exit(1);
});
