import type { Command } from 'commander';
import { REVIEW_SOURCES } from '../../review/types.js';
import { DB_HELP } from './store-flags.js';

export interface ReviewFlags {
  db?: string;
  config?: string;
  json?: boolean;
  limit?: string;
  source?: string;
}

/** `switchyard review`: the queue's state and reviewer agreement in the terminal; reviewing itself happens in the dashboard. */
export function registerReview(program: Command): void {
  program
    .command('review')
    .description('review queue: open items by source, reviewer agreement, and the next items to review (the dashboard does the reviewing)')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'gateway config whose store to read')
    .option('--source <source>', `only items from ${REVIEW_SOURCES.slice(0, -1).join(', ')} or ${REVIEW_SOURCES.at(-1)}`)
    .option('-n, --limit <n>', 'items to list', '10')
    .option('--json', 'print JSON')
    .action(async (flags: ReviewFlags) => {
      const { printReview } = await import('../review-cli.js');
      await printReview(flags);
    });
}
