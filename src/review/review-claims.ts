import type { ClaimResult } from './review-store.js';
import type { ReviewItem } from './types.js';

/** How long an item stays held for the reviewer who opened it; the page renews it while open. */
export const CLAIM_MS = 5 * 60_000;

/** Another reviewer's live hold on an item. */
export interface Hold {
  reviewer: string;
  until: number;
}

/**
 * Whether `reviewer` may hold `item`, given the other reviewers' live holds on it: each hold takes
 * one of the places the item has left (reviews wanted less reviews given). A reviewer who reviewed
 * it already (changing a verdict) or an item no longer open takes no place, so is always granted.
 *
 * @example claimDecision({ status: 'open', reviewsWanted: 1, reviewCount: 0 }, false, [{ reviewer: 'ana', until: 9 }], 5) // { held: false, by: [ana] }
 */
export function claimDecision(item: Pick<ReviewItem, 'status' | 'reviewsWanted' | 'reviewCount'>, reviewedAlready: boolean, others: readonly Hold[], until: number): ClaimResult {
  if (item.status !== 'open' || reviewedAlready) return { held: true, until };
  const places = item.reviewsWanted - item.reviewCount;
  if (others.length >= places) return { held: false, by: [...others] };
  return { held: true, until };
}
