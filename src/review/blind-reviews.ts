import type { Review, ReviewItem } from './types.js';

/** The reviews a reader may see, and how many of the others' are held back from them. */
export interface BlindView {
  reviews: Review[];
  hidden: number;
}

/**
 * Blind review, as Argilla and Label Studio keep it for annotators: while an item still takes
 * reviews (open, or a replaced sample a reviewer may still submit), the others' verdicts are held
 * back from a reader until they gave their own, so agreement (α, within one point) measures
 * verdicts made alone. A done item, a reader who reviewed it, or `reveal` (an admin reading on
 * purpose: adjudicating, auditing) sees every review.
 *
 * @example blindView({ status: 'open' }, [cy], 'ana', false) // { reviews: [], hidden: 1 }
 */
export function blindView(item: Pick<ReviewItem, 'status'>, reviews: readonly Review[], reader: string, reveal: boolean): BlindView {
  if (reveal || item.status === 'done' || reviews.some((r) => r.reviewer === reader)) return { reviews: [...reviews], hidden: 0 };
  return { reviews: [], hidden: reviews.length };
}

/**
 * `blindView` over a trace's items at once (its annotations): each review is shown or held back
 * by the rule of the item it belongs to; a review whose item is not among them is shown.
 *
 * @example blindTraceView(items, reviews, 'ana', false).hidden // 1: cy's verdict on the open item
 */
export function blindTraceView(items: readonly Pick<ReviewItem, 'id' | 'status'>[], reviews: readonly Review[], reader: string, reveal: boolean): BlindView {
  const shown: Review[] = [];
  let hidden = 0;
  for (const review of reviews) {
    const item = items.find((i) => i.id === review.itemId);
    if (!item) {
      shown.push(review);
      continue;
    }
    const view = blindView(item, reviews.filter((r) => r.itemId === item.id), reader, reveal);
    if (view.hidden) hidden++;
    else shown.push(review);
  }
  return { reviews: shown, hidden };
}
