import { describe, expect, it } from 'vitest';
import { blindTraceView, blindView } from './blind-reviews.js';
import type { Review } from './types.js';

const review = (itemId: string, reviewer: string): Review => ({ id: `rv_${itemId}_${reviewer}`, itemId, traceId: 'tr_1', reviewer, score: 3, pass: null, corrected: null, comment: null, createdAt: 1 });

describe('blind review', () => {
  it('holds the others’ verdicts back from a reader who gave none while the item takes reviews', () => {
    const cy = review('ri_1', 'cy');
    expect(blindView({ status: 'open' }, [cy], 'ana', false)).toEqual({ reviews: [], hidden: 1 });
    // A replaced sample still takes a review from whoever had it open.
    expect(blindView({ status: 'superseded' }, [cy], 'ana', false)).toEqual({ reviews: [], hidden: 1 });
    expect(blindView({ status: 'open' }, [cy, review('ri_1', 'ana')], 'ana', false).hidden).toBe(0);
    expect(blindView({ status: 'done' }, [cy], 'ana', false)).toEqual({ reviews: [cy], hidden: 0 });
    expect(blindView({ status: 'open' }, [cy], 'ana', true)).toEqual({ reviews: [cy], hidden: 0 });
  });

  it('decides a trace’s reviews item by item', () => {
    const items = [{ id: 'ri_old', status: 'done' as const }, { id: 'ri_new', status: 'open' as const }];
    const reviews = [review('ri_old', 'cy'), review('ri_new', 'cy'), review('ri_new', 'bo')];
    expect(blindTraceView(items, reviews, 'ana', false)).toEqual({ reviews: [reviews[0]], hidden: 2 });
    expect(blindTraceView(items, reviews, 'bo', false)).toEqual({ reviews, hidden: 0 });
  });
});
