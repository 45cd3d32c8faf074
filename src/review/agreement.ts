import type { Agreement } from './types.js';

/** One item's values from its reviewers (missing verdicts left out). */
export type Unit = readonly number[];

/**
 * Krippendorff's alpha: 1 − observed / expected disagreement over every pairable value. Works
 * with any number of reviewers per item and missing reviews; items with one value don't count.
 * Null when it is undefined (fewer than two pairable values, or no variation at all).
 *
 * @example krippendorffAlpha([[4, 4], [2, 3], [5, 5, 4]], interval) // ≈ 0.83
 */
export function krippendorffAlpha(units: readonly Unit[], distance: (a: number, b: number) => number): number | null {
  const pairable = units.filter((u) => u.length >= 2);
  const values = pairable.flat();
  const n = values.length;
  if (n < 2) return null;
  let observed = 0;
  for (const unit of pairable) {
    let sum = 0;
    for (let i = 0; i < unit.length; i++) for (let j = 0; j < unit.length; j++) if (i !== j) sum += distance(unit[i] as number, unit[j] as number);
    observed += sum / (unit.length - 1);
  }
  observed /= n;
  // Expected disagreement from value frequencies, so it stays O(distinct²) on large queues.
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let expected = 0;
  for (const [a, ca] of counts) for (const [b, cb] of counts) if (a !== b) expected += ca * cb * distance(a, b);
  expected /= n * (n - 1);
  if (expected === 0) return null;
  return 1 - observed / expected;
}

export const interval = (a: number, b: number): number => (a - b) ** 2;
export const nominal = (a: number, b: number): number => (a === b ? 0 : 1);

/**
 * Share of within-item reviewer pairs for which `agree` holds; null without any pair.
 *
 * @example pairwiseShare([[4, 5], [2, 2]], (a, b) => a === b) // 0.5
 */
export function pairwiseShare(units: readonly Unit[], agree: (a: number, b: number) => boolean): number | null {
  let pairs = 0;
  let agreeing = 0;
  for (const unit of units) {
    for (let i = 0; i < unit.length; i++) {
      for (let j = i + 1; j < unit.length; j++) {
        pairs++;
        if (agree(unit[i] as number, unit[j] as number)) agreeing++;
      }
    }
  }
  return pairs === 0 ? null : agreeing / pairs;
}

/**
 * Agreement between reviewers over items with several reviews: alpha and the plain share of
 * agreeing pairs, for scores and for pass/fail separately.
 *
 * @example agreementOf([[{ score: 4, pass: true }, { score: 5, pass: true }]]).scoreWithinOne // 1
 */
export function agreementOf(items: readonly (readonly { score: number | null; pass: boolean | null }[])[]): Agreement {
  const scores = items.map((reviews) => reviews.flatMap((r) => (r.score === null ? [] : [r.score])));
  const passes = items.map((reviews) => reviews.flatMap((r) => (r.pass === null ? [] : [r.pass ? 1 : 0])));
  return {
    items: items.filter((reviews) => reviews.length >= 2).length,
    scoreAlpha: krippendorffAlpha(scores, interval),
    passAlpha: krippendorffAlpha(passes, nominal),
    scoreWithinOne: pairwiseShare(scores, (a, b) => Math.abs(a - b) <= 1),
    passMatch: pairwiseShare(passes, (a, b) => a === b),
  };
}
