import { countOf } from '../../core/plural.js';
import { fitToTerminal, TerminalTable } from '../../core/terminal-table.js';
import type { DriftReport } from '../../monitor/drift/drift-types.js';
import { driftVerdict } from '../../monitor/drift/drift-verdict.js';
import { CLI } from '../../core/cli-command.js';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * A drift report for the terminal: verdict, what changed, the features' tests, example requests.
 * On a terminal each sentence wraps at its words (bullets indented under their text) and the
 * table's "what moved" wraps to fit; to a pipe every line and every feature's row is one line.
 *
 * `backfilled`: this run read the stored traces in already (`--backfill`), so that is not
 * offered again as the way to more traces. `meant`: the route with traffic a route without any
 * trace most likely meant (`suport` → support), named as other commands name it.
 *
 * @example console.log(formatDrift(report))
 */
export function formatDrift(report: DriftReport, options: { backfilled?: boolean; meant?: string } = {}): string {
  const lines: string[] = [];
  // Sentences of the report, fitted to a terminal (continuation lines indented by `indent`).
  const say = (text: string, indent: string) => lines.push(fitToTerminal(text, indent));
  const scope = report.route === null ? 'all traffic' : `route ${report.route}`;
  const verdict = driftVerdict(report);
  const backfill = options.backfilled ? ' (--backfill has read the stored traces of these windows)' : ', or --backfill stored traces';
  say(`${verdict === 'drift' ? 'DRIFT' : verdict} on ${scope}: current ${iso(report.current.since)} → ${iso(report.current.until)} (${countOf(report.current.count, 'trace')}) vs reference ${iso(report.reference.since)} → ${iso(report.reference.until)} (${report.reference.count})`, '  ');
  if (verdict === 'not tested') {
    // Every feature skipped: a table of dashes says nothing the reasons do not, and a route with no
    // traces at all in either window is most likely a misspelt name.
    const reasons = [...new Set(report.features.flatMap((f) => (f.skipped ? [f.skipped] : [])))];
    if (report.current.count === 0 && report.reference.count === 0 && report.route !== null) {
      const meant = options.meant === undefined ? '' : ` (did you mean ${JSON.stringify(options.meant)}?)`;
      say(`  • no traces of "${report.route}" in either window${meant}: check the name (${CLI} routes lists the routes with traffic), widen --current or --reference${backfill}`, '    ');
    } else {
      say(`  • too few traces to test (${reasons.join('; ') || 'no values'}): wait for more traffic, widen --current or --reference${backfill}`, '    ');
      // A new gateway's traffic is all in the current window: widening the reference finds nothing.
      if (report.reference.count === 0 && report.current.count > 0) {
        // A shorter --current moves only a reference that ends where the current window starts,
        // not one pinned with --reference-since/--reference-until (a window of no traffic).
        const adjacent = report.reference.until === report.current.since;
        const fix = adjacent
          ? 'a shorter --current (e.g. --current 1h, the reference then ending an hour ago) compares the latest traffic with what came before it'
          : `move --reference-since/--reference-until to a time with traffic (${CLI} traces lists when), or leave them out for the window just before the current one`;
        say(`  • the reference window holds none of them, the current one ${countOf(report.current.count, 'trace')}: ${fix}`, '    ');
      }
    }
    for (const note of report.notes ?? []) say(`  note: ${note}`, '    ');
    // No topic line: with nothing tested, "topics: 13, fitted on both windows" under a reference
    // window of 0 traces read as if the windows had been compared.
    return lines.join('\n');
  }
  for (const line of report.headline) say(`  • ${line}`, '    ');
  for (const note of report.notes ?? []) say(`  note: ${note}`, '    ');
  // The feature, its test and figures stay whole; the sentence wraps to fit a terminal only.
  const table = new TerminalTable({ head: ['feature', 'test', 'p', 'effect', 'drifted', 'what moved'], shrinks: ['feature'], wrapsOnTerminal: ['what moved'] });
  for (const f of report.features) {
    if (f.constant) continue;
    table.push([f.feature, f.test === 'chi-square' ? 'χ²' : f.test === 'domain-classifier' ? 'AUC' : 'KS', f.skipped ? '–' : f.pValue < 0.001 ? '<0.001' : f.pValue.toFixed(3), f.skipped ? '–' : f.effect.toFixed(3), f.drifted ? 'YES' : '', f.skipped ? f.skipped : f.summary]);
  }
  lines.push(table.toString());
  say(`each test held to p < ${report.pThreshold.toPrecision(2)} (Bonferroni); effect = PSI for categories, KS distance for numbers, the classifier's AUC − 0.5 or tail excess for prompt text`, '');
  const examples = report.features.filter((f) => f.drifted && (f.examples?.length ?? 0) > 0);
  if (examples.length > 0) {
    lines.push('examples:');
    for (const f of examples) for (const e of f.examples ?? []) say(`  [${f.feature}] ${e.traceId} (${e.note}): ${(e.prompt ?? '').slice(0, 100).replace(/\s+/g, ' ')}`, '    ');
  }
  if (report.topicModel) lines.push(`topics: ${report.topicModel.topics}, ${report.topicModel.source}`);
  return lines.join('\n');
}
