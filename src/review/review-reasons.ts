import { sliceWhole } from '../core/clip.js';
import type { NewReviewItem, ReviewReason } from './types.js';

/** Reasons an item returns with it (oldest first); the rest are counted in `reasonCount`. */
export const REASONS_SHOWN = 10;
/**
 * Reasons one item stores at most: a trace queued again and again (a thumbs-down from every user
 * of a shared answer, each with its comment) must not grow its item without bound.
 */
export const REASONS_KEPT = 50;
const DETAIL_CHARS = 500;
const ORIGIN_CHARS = 200;

/**
 * The reason row a queued item adds, bounded: a rule name or a feedback comment is text from
 * outside and reaches the page and the CLI.
 *
 * @example reasonOf({ traceId: 'tr_1', source: 'sample', reason: 'sampled by rule "a" (2%)', origin: 'a' }, 5) // { kind: 'sample', origin: 'a', detail: 'sampled…', at: 5 }
 */
export function reasonOf(item: Pick<NewReviewItem, 'source' | 'reason' | 'origin'>, at: number): ReviewReason {
  return { kind: item.source, origin: item.origin ? sliceWhole(item.origin, ORIGIN_CHARS) : null, detail: sliceWhole(item.reason, DETAIL_CHARS), at };
}
