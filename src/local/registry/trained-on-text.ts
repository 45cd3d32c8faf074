import type { TrainedOn } from './decide-promotion.js';

/** The sources a version's examples come from, in the words a reader knows them by. */
const SOURCES: readonly (readonly [keyof TrainedOn, string])[] = [
  ['file', 'file'],
  ['teacher', 'traced'],
  ['review', 'reviewed'],
];

/**
 * A version's examples by source (`metrics.trainedOn`) as the registry row holds it, read as
 * what it should be: the three known sources, each only as a whole count. The row is JSON from
 * the store (another version's, or edited by hand), so nothing else of it is read: a string, an
 * object of a thousand keys or a 100 kB value gives no more than three short figures.
 *
 * @example trainedOnParts({ file: 800, teacher: 212, review: 3 }) // [[800, 'file'], [212, 'traced'], [3, 'reviewed']]
 * @example trainedOnParts('x'.repeat(100_000)) // []
 */
export function trainedOnParts(trainedOn: unknown): [count: number, source: string][] {
  if (typeof trainedOn !== 'object' || trainedOn === null || Array.isArray(trainedOn)) return [];
  const parts: [number, string][] = [];
  for (const [key, word] of SOURCES) {
    const value: unknown = Object.hasOwn(trainedOn, key) ? (trainedOn as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) parts.push([value, word]);
  }
  return parts;
}

/**
 * The same as one line, as `switchyard models` and the dashboard's versions table show it: `–`
 * for a version registered before sources were kept (or a row with none readable). `space` goes
 * between a figure and its source (the page's no-break space keeps "3 reviewed" on one line).
 *
 * @example trainedOnText({ file: 800, teacher: 212, review: 3 }) // '800 file · 212 traced · 3 reviewed'
 * @example trainedOnText({ file: 12_000, teacher: 0, review: 0 }, count) // '12.0k file · 0 traced · 0 reviewed'
 */
export function trainedOnText(trainedOn: unknown, format: (n: number) => string = String, space = ' '): string {
  const parts = trainedOnParts(trainedOn);
  return parts.length === 0 ? '–' : parts.map(([n, word]) => `${format(n)}${space}${word}`).join(' · ');
}
