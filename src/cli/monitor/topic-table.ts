import { clipAtWord } from '../../core/clip.js';
import { TerminalTable } from '../../core/terminal-table.js';
import { usd } from '../../core/usd.js';
import type { TopicReport } from '../../monitor/topics/topic-report.js';

/**
 * `switchyard topics`' table: each topic's traffic, errors, cost, quality, review verdicts and an
 * example prompt. To a pipe each topic is one line (a prompt's own line breaks folded into spaces),
 * for grep; on a terminal the label and the example wrap at their words, and under 80-odd
 * columns the cost and review columns give way first.
 *
 * @example console.log(topicTable(await topicReport(stores.monitor, 'support', range)))
 */
export function topicTable(report: Pick<TopicReport, 'topics'>): string {
  const table = new TerminalTable({
    head: ['topic', 'requests', 'share', 'errors', 'cost', 'quality', 'review', 'example'],
    dropToFit: ['cost', 'review'],
    wrapsOnTerminal: ['topic', 'example'],
  });
  for (const t of report.topics) {
    const example = clipAtWord((t.examples[0]?.prompt ?? '').replace(/\s+/g, ' ').trim(), 80);
    table.push([t.label, t.requests, `${(t.share * 100).toFixed(1)}%`, t.errors, usd(t.costUsd), t.quality === null ? '–' : t.quality.toFixed(2), t.review === null ? '–' : `${t.review.toFixed(2)} (${t.reviewed})`, example]);
  }
  return table.toString();
}
