import type { ReviewedItem } from './review-store.js';

/**
 * People's verdicts per trace on a 0–1 scale, for charts beside automatic scores: a 1–5 score
 * maps to (score − 1) / 4, a pass/fail without a score to 1 or 0; several reviews of one trace
 * are averaged. Items not from a trace, and reviews with neither, are left out.
 *
 * @example reviewScores(await reviews.reviewed({ since })).get('tr_1') // 0.75 for a 4 of 5
 */
export function reviewScores(reviewed: readonly ReviewedItem[]): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const { item, reviews } of reviewed) {
    for (const review of reviews) {
      const traceId = review.traceId ?? item.traceId;
      const value = review.score !== null ? (review.score - 1) / 4 : review.pass !== null ? Number(review.pass) : undefined;
      if (traceId === null || value === undefined) continue;
      const entry = sums.get(traceId) ?? { sum: 0, n: 0 };
      entry.sum += value;
      entry.n++;
      sums.set(traceId, entry);
    }
  }
  return new Map([...sums].map(([traceId, { sum, n }]) => [traceId, sum / n]));
}
