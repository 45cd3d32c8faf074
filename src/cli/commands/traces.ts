import type { Command } from 'commander';
import { DB_HELP } from './store-flags.js';

export interface TracesFlags {
  db?: string;
  config?: string;
  limit: string;
  model?: string;
  key?: string;
  status?: string;
  json?: boolean;
}

/** `switchyard traces`: recent traces as a table, or JSON for scripts. */
export function registerTraces(program: Command): void {
  program
    .command('traces')
    .description('list recent traces from the store')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'gateway config whose store to read')
    .option('-n, --limit <n>', 'how many', '20')
    .option('--model <name>', 'only this requested model')
    .option('--key <name>', 'only this virtual key')
    .option('--status <status>', '"ok", "error" or an HTTP status')
    .option('--json', 'print JSON (one page of traces) instead of a table')
    .action(async (flags: TracesFlags) => {
      const { printTraces } = await import('../print-traces.js');
      await printTraces(flags);
    });
}
