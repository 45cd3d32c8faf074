import type { RunSummary } from '../runner/summarize-run.js';
import type { ResultRecord } from '../types.js';

/**
 * The failed model calls of a run grouped by cause, commonest first: the table counts them
 * ("5 calls, 0 scores") but only the cases said why, so a run whose every call was refused (the
 * simulator not started, a wrong key) read like a model that scored 0%. Each entry is the first
 * message of its cause and how many results had it ({@link causeKey}).
 *
 * @example await callErrorCauses(runs.results(run.id)) // [['every target for model "small" failed …', 5]]
 */
export async function callErrorCauses(results: AsyncIterable<Pick<ResultRecord, 'error'>>): Promise<[string, number][]> {
  const causes = new CauseCounts();
  for await (const r of results) if (r.error) causes.add(r.error);
  return causes.commonestFirst();
}

/**
 * The scorers that failed on a run's cases (a judge's reply with no score, or off its scale; a
 * custom scorer that threw), as `scorer: message`, grouped by cause, commonest first. A case
 * whose every scorer failed is left out of quality and pass, so the report must say why.
 *
 * @example await scorerErrorCauses(runs.results(run.id)) // [['judge: the judge\'s score 7 is off the scale 1–5', 1]]
 */
export async function scorerErrorCauses(results: AsyncIterable<Pick<ResultRecord, 'scores'>>): Promise<[string, number][]> {
  const causes = new CauseCounts();
  for await (const r of results) for (const s of r.scores) if (s.error !== undefined) causes.add(`${s.scorer}: ${s.error}`);
  return causes.commonestFirst();
}

/**
 * What makes two messages one cause: an open circuit's "retry in 8 s" and "retry in 9 s" are
 * the same failure a second apart, and a judge's unusable reply is described at the end of its
 * message (its length, shape and trace: core/unread-reply.ts), different every time; runs stored
 * before quoted the reply there instead.
 *
 * @example causeKey('… open circuit …; retry in 8 s') === causeKey('… open circuit …; retry in 10 s') // true
 */
export function causeKey(message: string): string {
  return message
    .replace(/\bretry in \d+(?:\.\d+)? (?:s|ms)\b/g, 'retry in … s')
    .replace(/ \((?:\d+ characters?: |an empty reply)[^()]*\)$/, ' (…)')
    .replace(/: "(?:[^"\\]|\\.)*"$/, ': "…"');
}

/** Messages counted by {@link causeKey}, each cause shown by its first message. */
class CauseCounts {
  private readonly byKey = new Map<string, { first: string; n: number; others: boolean }>();

  add(message: string): void {
    const key = causeKey(message);
    const entry = this.byKey.get(key);
    if (!entry) this.byKey.set(key, { first: message, n: 1, others: false });
    else {
      entry.n++;
      entry.others ||= message !== entry.first;
    }
  }

  /** `[message, count]`, commonest first; a cause whose messages differ says it shows the first. */
  commonestFirst(): [string, number][] {
    return [...this.byKey.values()].sort((a, b) => b.n - a.n).map(({ first, n, others }) => [others ? `${first} (the first of these)` : first, n]);
  }
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

/**
 * The line under a run's report that says why scorers failed (the three commonest causes): the
 * table counts them ("0 calls, 3 scores") and leaves a case whose every scorer failed out of
 * quality and pass, which only `eval show --cases` explained.
 *
 * @example scorerErrorLines([['judge: the judge\'s score 7 is off the scale 1–5', 1]]) // ['scorer errors: 1 × judge: …; a case whose every scorer failed is left out of quality and pass']
 */
export function scorerErrorLines(causes: readonly [string, number][]): string[] {
  if (causes.length === 0) return [];
  const shown = causes.slice(0, 3).map(([message, n]) => `${n} × ${message}`);
  return [`scorer errors: ${shown.join('; ')}${causes.length > 3 ? `; ${causes.length - 3} other causes` : ''}; a case whose every scorer failed is left out of quality and pass`];
}
