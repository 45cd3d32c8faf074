import type { Command } from 'commander';
import { DB_HELP } from './store-flags.js';

export interface ExportFinetuneFlags {
  db?: string;
  config?: string;
  out?: string;
  minScore: string;
  since?: string;
  includePending?: boolean;
}

/** `switchyard export finetune`: reviewed and corrected traces as OpenAI chat fine-tuning JSONL. */
export function registerExport(program: Command): void {
  const exporter = program.command('export').description('export labelled data');
  exporter
    .command('finetune')
    .description('approved or corrected traces from the review queue as OpenAI chat fine-tuning JSONL ({"messages": [...]} per line)')
    .option('--db <file|url>', DB_HELP)
    .option('-c, --config <file>', 'gateway config whose store to read')
    .option('-o, --out <file>', 'file to write (default: stdout)')
    .option('--min-score <n>', 'mean reviewer score (1–5) at which an uncorrected answer counts as approved', '4')
    .option('--since <time>', 'only reviews from then on: an ISO date, or a duration back from now (24h, 7d)')
    .option('--include-pending', 'also items whose review is not finished (fewer reviews than the item wants, as in a blind double review)')
    .action(async (flags: ExportFinetuneFlags) => {
      const { exportFinetune } = await import('../review-cli.js');
      await exportFinetune(flags);
    });
}
