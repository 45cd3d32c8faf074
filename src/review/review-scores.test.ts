import { describe, expect, it } from 'vitest';
import type { ReviewedItem } from './review-store.js';
import type { Review, ReviewItem } from './types.js';
import { reviewScores } from './review-scores.js';

const review = (traceId: string | null, score: number | null, pass: boolean | null): Review => ({ id: `rv_${Math.random()}`, itemId: 'ri', traceId, reviewer: 'ana', score, pass, corrected: null, comment: null, createdAt: 0 });
const reviewed = (traceId: string | null, reviews: Review[]): ReviewedItem => ({ item: { traceId } as ReviewItem, reviews });

describe('review scores', () => {
  it('puts 1–5 scores and pass/fail on one 0–1 scale per trace, averaging several reviews', () => {
    const scores = reviewScores([
      reviewed('tr_a', [review('tr_a', 5, null), review('tr_a', 2, true)]),
      reviewed('tr_b', [review(null, null, false)]),
      reviewed('tr_c', [review('tr_c', null, null)]),
      reviewed(null, [review(null, 4, null)]),
    ]);
    // A score wins over a pass verdict in the same review: (5 − 1) / 4 and (2 − 1) / 4.
    expect([...scores]).toEqual([
      ['tr_a', 0.625],
      ['tr_b', 0],
    ]);
  });
});
