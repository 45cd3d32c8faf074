import type { RunSummary } from '../runner/summarize-run.js';
import type { ResultRecord } from '../types.js';

/**
 * The failed model calls of a run grouped by message, commonest first: the table counts them
 * ("5 calls, 0 scores") but only the cases said why, so a run whose every call was refused (the
 * simulator not started, a wrong key) read like a model that scored 0%.
 *
 * @example await callErrorCauses(runs.results(run.id)) // [['every target for model "small" failed …', 5]]
 */
export async function callErrorCauses(results: AsyncIterable<Pick<ResultRecord, 'error'>>): Promise<[string, number][]> {
  const counts = new Map<string, number>();
  for await (const r of results) if (r.error) counts.set(r.error, (counts.get(r.error) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** True when the run has results and not one of them got an answer: its figures measure nothing. */
export function noCaseAnswered(summary: RunSummary): boolean {
  return summary.variants.length > 0 && summary.variants.every((v) => v.results > 0 && v.errors === v.results);
}

/**
 * The lines under a run's report that say why calls failed (the three commonest causes), and,
 * when no case was answered, that the table is no measurement.
 *
 * @example errorCauseLines(summary, [['cannot connect to provider "sim"', 10]]) // ['call errors: 10 × cannot connect …', 'No case was answered, …']
 */
export function errorCauseLines(summary: RunSummary, causes: readonly [string, number][]): string[] {
  if (causes.length === 0) return [];
  const shown = causes.slice(0, 3).map(([message, n]) => `${n} × ${message}`);
  const lines = [`call errors: ${shown.join('; ')}${causes.length > 3 ? `; ${causes.length - 3} other causes` : ''}`];
  if (noCaseAnswered(summary)) lines.push('No case was answered, so the figures above measure nothing: fix the error above and run again (switchyard eval show last --cases lists each case with its error).');
  return lines;
}
