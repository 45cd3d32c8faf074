import { fitToTerminal, TerminalTable } from '../core/terminal-table.js';
import { SwitchyardError } from '../core/errors.js';
import { numberFlag } from '../core/number-flag.js';
import { countOf } from '../core/plural.js';
import { timeFlag } from '../core/cli-time.js';
import { type FinetuneExportCounts, finetuneJsonl } from '../review/finetune-export.js';
import { REVIEW_SOURCES, type ReviewItem, type ReviewSource } from '../review/types.js';
import type { ExportFinetuneFlags } from './commands/export.js';
import type { ReviewFlags } from './commands/review.js';
import { withStores } from './open-cli-stores.js';
import { CLI } from '../core/cli-command.js';
import { checkOutPath } from '../core/out-file.js';
import { writeChunks } from '../core/write-chunks.js';

/**
 * Writes approved and corrected reviews (of traces, and of dataset items such as accepted synthetic
 * questions) as OpenAI chat fine-tuning JSONL and says how many were left out, and why. Only finished reviews by
 * default: an item that wants two reviews (a blind double review) and has one is pending, left
 * out and counted unless `--include-pending`; the summary line says which statuses the file holds.
 *
 * @example await exportFinetune({ db: '.switchyard/switchyard.db', out: 'train.jsonl', minScore: '4' })
 */
export async function exportFinetune(flags: ExportFinetuneFlags): Promise<void> {
  const minScore = numberFlag('--min-score', flags.minScore, { min: 1, max: 5 });
  if (flags.out) checkOutPath('--out', flags.out);
  const since = timeFlag('--since', flags.since);
  await withStores(flags, async (stores) => {
    // Every reviewed item, a page at a time, each page's lines written as they are made.
    const counts: FinetuneExportCounts = { examples: 0, rejected: 0, unusable: 0, pending: 0 };
    const options = { minScore, includePending: flags.includePending === true, ...(since === undefined ? {} : { since }) };
    await writeChunks(flags.out ?? process.stdout, finetuneJsonl(stores.reviews, stores.traces, options, counts));
    console.error(`${countOf(counts.examples, 'example')}${flags.out ? ` written to ${flags.out}` : ''}; ${leftOutWords(counts)}; ${pendingWords(counts.pending, flags.includePending === true)}`);
    // An empty file with no reason reads as a broken export: say where examples come from.
    if (counts.examples === 0 && counts.rejected + counts.unusable === 0 && counts.pending === 0) console.error(`no trace has been reviewed yet: score traces ${minScore} or more, or correct their answers, in the dashboard's Review page (${CLI} review lists what waits), then export again`);
  }, { existing: true });
}

/**
 * The reviewed traces and items the export left out, and why: it said "3 reviewed traces left out
 * (rejected, or without bodies)" for three synthetic items a reviewer had accepted.
 *
 * @example leftOutWords({ rejected: 1, unusable: 0 }) // '1 reviewed item left out (1 rejected)'
 */
export function leftOutWords(left: { rejected: number; unusable: number }): string {
  const why = [left.rejected ? `${left.rejected} rejected` : '', left.unusable ? `${left.unusable} without a text prompt and answer: bodies not kept, or an item whose input is not text` : ''].filter(Boolean).join(', ');
  return `${countOf(left.rejected + left.unusable, 'reviewed item')} left out${why ? ` (${why})` : ''}`;
}

/**
 * What the export holds by status: finished reviews only, or pending ones too.
 *
 * @example pendingWords(2, false) // 'finished reviews only: 2 items whose review is pending left out (--include-pending adds them)'
 */
export function pendingWords(pending: number, included: boolean): string {
  if (included) return `finished and pending reviews: ${countOf(pending, 'item')} whose review is pending included`;
  return `finished reviews only${pending > 0 ? `: ${countOf(pending, 'item')} whose review is pending left out (--include-pending adds them)` : ''}`;
}

/** Prints open items per source, agreement, and the next items of the queue. */
export async function printReview(flags: ReviewFlags): Promise<void> {
  if (flags.source && !REVIEW_SOURCES.includes(flags.source as ReviewSource)) throw new SwitchyardError('invalid_request', `--source must be one of ${REVIEW_SOURCES.join(', ')}`);
  const limit = numberFlag('--limit', flags.limit, { min: 1, max: 1000, integer: true, fallback: 10 });
  await withStores(flags, async (stores) => {
    const stats = await stores.reviews.stats();
    const items = await stores.reviews.queue({ reviewer: '', source: flags.source as ReviewSource | undefined, limit });
    if (flags.json) {
      console.log(JSON.stringify({ stats, items }, null, 2));
      return;
    }
    // `held`: open items a reviewer has open in the dashboard; the list below leaves them out.
    const counts = new TerminalTable({ head: ['source', 'open', 'held', 'reviewed'] });
    for (const source of REVIEW_SOURCES) counts.push([source, stats.open[source], stats.held[source], stats.done[source]]);
    console.log(counts.toString());
    const a = stats.agreement;
    const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(2));
    if (a.items === 0) console.log('agreement between reviewers: none yet (it needs items that two people reviewed)');
    else console.log(`agreement over ${a.items} items with 2+ reviews: scores within one point ${fmt(a.scoreWithinOne)}, α ${fmt(a.scoreAlpha)}; pass/fail match ${fmt(a.passMatch)}, α ${fmt(a.passAlpha)}`);
    console.log(`feedback: ${stats.feedback.up} up, ${stats.feedback.down} down, ${stats.feedback.scored} scored`);
    // One item per block, not a table: whole ids and the reason fit 80 columns on lines of their own.
    const sources = flags.source ? [flags.source as ReviewSource] : REVIEW_SOURCES;
    const open = sources.reduce((n, s) => n + stats.open[s], 0);
    if (open > 0) console.log(`\nnext in the queue (${queueCounts(open, sources.reduce((n, s) => n + stats.held[s], 0))}; reviewed in the dashboard's Review page):${items.length ? `\n${items.map(queueItemLines).join('\n')}` : ' none free'}`);
  }, { existing: true });
}

/**
 * The open count beside the queue's list, saying how many of them the list leaves out because a
 * reviewer holds them: without it "12 open" above a list of 10 with 2 missing reads as a bug.
 *
 * @example queueCounts(12, 2) // '12 open, 2 held by reviewers in the dashboard and left out here'
 */
export function queueCounts(open: number, held: number): string {
  if (held === 0) return `${open} open`;
  return `${open} open, ${held === 1 ? '1 held by a reviewer' : `${held} held by reviewers`} in the dashboard and left out here`;
}

/**
 * An open review item as the CLI lists it: its id, source and what it is about (a trace, a
 * dataset item, or nothing more for a flag about a route), then why it waits, indented; on a terminal each wraps at its words to fit it,
 * to a pipe each is one line (grep an id, or a reason).
 *
 * @example queueItemLines({ id: 'ri_1', source: 'flag', traceId: 'tr_1', reason: 'groundedness 0.40' }) // 'ri_1 · flag · trace tr_1\n  groundedness 0.40'
 */
export function queueItemLines(item: Pick<ReviewItem, 'id' | 'source' | 'traceId' | 'datasetId' | 'datasetItemId' | 'reason'> & Partial<Pick<ReviewItem, 'reasons' | 'reasonCount'>>): string {
  // A flag about a route (a local model demoted by hand or by the shadow monitor) has neither.
  const about = item.traceId
    ? ` · trace ${item.traceId}`
    : item.datasetId
      ? ` · dataset item ${item.datasetId}/${item.datasetItemId}`
      : '';
  // Continuation lines are indented: each item starts with its id at the margin.
  // One item per trace: the other reasons it was queued for are named by kind, not spelled out.
  const others = (item.reasonCount ?? 1) - 1;
  const kinds = [...new Set((item.reasons ?? []).filter((r) => r.detail !== item.reason).map((r) => r.kind))].join(', ');
  const more = others > 0 ? ` (${others} more ${others === 1 ? 'reason' : 'reasons'}: ${kinds})` : '';
  return `${fitToTerminal(`${item.id} · ${item.source}${about}`, '  ')}\n  ${fitToTerminal(`${item.reason.replace(/\s+/g, ' ').trim()}${more}`, '  ')}`;
}
