import type { ReviewCandidate, ReviewCapKind, ReviewCaps } from './review-caps.js';
import type { Feedback, FeedbackInput, NewReviewItem, QueuedItem, Review, ReviewInput, ReviewItem, ReviewSource, ReviewStats, SamplingRule } from './types.js';

export interface QueueQuery {
  /** Items this reviewer already reviewed are left out, and so are items other reviewers hold every open place of. */
  reviewer: string;
  source?: ReviewSource;
  status?: 'open' | 'done' | 'all';
  limit?: number;
}

/** An item with at least one review, as exports and datasets are made from it. */
export interface ReviewedItem {
  item: ReviewItem;
  /** Oldest first. */
  reviews: Review[];
}

/** Where a page of reviewed items ended: the last item's latest review (its time and the store's row order). */
export interface ReviewedCursor {
  last: number;
  seq: number;
}

/** A page of reviewed items, and where the next one starts (null after the last). */
export interface ReviewedPage {
  items: ReviewedItem[];
  next: ReviewedCursor | null;
}

/**
 * A reviewer's hold on an item while they have it open: `held` with when it lapses, or who holds
 * every place the item has left (its reviews wanted less those given), so it is not given twice.
 */
export type ClaimResult = { held: true; until: number } | { held: false; by: { reviewer: string; until: number }[] };

/**
 * Where the review queue, reviews, sampling rules and feedback live. Writes that answer a person
 * (a review, a piece of feedback, an item they queued) are durable when the promise resolves:
 * fsynced, not only committed.
 */
export interface ReviewStore {
  /** Rules in creation order. */
  listRules(): Promise<SamplingRule[]>;
  /** Creates or replaces a rule by id. */
  saveRule(rule: SamplingRule): Promise<void>;
  deleteRule(id: string): Promise<boolean>;
  /**
   * Queues items; a trace has one open item at a time, carrying every reason it was queued for
   * (Langfuse's and Argilla's one record per object and queue). A trace's reason goes, in order:
   * to its open item (the most urgent source leads, the most reviews wanted count); to a closed
   * item already queued for this kind of reason (a second rule on a reviewed trace, a redelivered
   * batch: the question was answered, so it is recorded, not asked again); to a superseded capped
   * sample of the trace for this source, opened again; else to a new item. So a thumbs-down on a
   * trace a reviewer passed opens a new item: it is news the review did not have. A dataset item
   * or an eval case is queued once. Atomic across replicas and connections. Returns the item each
   * went to, in order, saying whether it is new (`added`).
   */
  enqueue(items: readonly NewReviewItem[]): Promise<QueuedItem[]>;
  /**
   * Adds items the trace writer's sampler found, as `enqueue` does, as durable as the traces they
   * point at (not fsynced on their own); returns how many items were new.
   */
  enqueueSampled(items: readonly NewReviewItem[]): Promise<number>;
  /**
   * Queues capped candidates (`review.low_confidence`, `review.disagreements`) as `sample` items
   * with their reasons, as durable as `enqueueSampled`. Per kind and route: at most
   * `caps.per_hour` whose trace started in one clock hour and `caps.per_day` in one UTC day,
   * counted over every item stored (by every replica and every earlier process), the least
   * confident first; one item per question (`textKey`) per kind and route, and per trace.
   * Atomic: writers racing on one database cannot pass a cap together. Returns how many were new.
   */
  enqueueCapped(kind: ReviewCapKind, caps: ReviewCaps, candidates: readonly ReviewCandidate[]): Promise<number>;
  /** Open items by priority (flags and feedback first), then age, the reviewer's skipped items last; done items newest first. */
  queue(query: QueueQuery): Promise<ReviewItem[]>;
  getItem(id: string): Promise<ReviewItem | undefined>;
  /** Oldest first. */
  reviewsOf(itemId: string): Promise<Review[]>;
  /** One review per (item, reviewer): reviewing again replaces the earlier verdict. It ends the reviewer's hold on the item. */
  addReview(itemId: string, reviewer: string, input: ReviewInput): Promise<Review>;
  /**
   * Undoes a reviewer's review: the item counts one review fewer and is open again when it then
   * has fewer than it wants (a replaced sample stays replaced). False when they had none.
   */
  removeReview(itemId: string, reviewer: string): Promise<boolean>;
  /**
   * Holds an open item for a reviewer until `until` (ms), atomically across replicas: refused when
   * other reviewers' live holds take every place the item has left. A reviewer who already holds
   * it, has reviewed it, or an item no longer open, is always granted (renewing the hold).
   */
  claim(itemId: string, reviewer: string, until: number): Promise<ClaimResult>;
  /** Ends a reviewer's hold (skipped, or left the item). */
  release(itemId: string, reviewer: string): Promise<void>;
  /**
   * A reviewer skipped an item: their hold ends, and their queue puts it after every item they
   * did not skip (by when they skipped it), from now on. Others' queues and the counts are as
   * before: a skipped item is still open.
   */
  skip(itemId: string, reviewer: string): Promise<void>;
  /**
   * Deletes holds that have lapsed and skips of items no longer open (reviewed, or replaced): both
   * were kept for ever, a row per item a reviewer ever opened or skipped. `claim` and `skip` run it
   * (reviewer-paced writes, never a model call); returns how many of each went.
   */
  prune(): Promise<{ holds: number; skips: number }>;
    forTrace(traceId: string): Promise<{ items: ReviewItem[]; reviews: Review[]; feedback: Feedback[] }>;
  /** Stores feedback; a thumbs-down or a score of 1–2 also queues the trace for review. */
  addFeedback(input: FeedbackInput): Promise<Feedback>;
  stats(): Promise<ReviewStats>;
  /** Items with a review since a time (ms), most recently reviewed first. */
  reviewed(options?: { since?: number; limit?: number }): Promise<ReviewedItem[]>;
  /**
   * The same list a page at a time: `limit` items after the cursor `after` (keyset on each item's
   * latest review, an index range per page), so a reader of every reviewed item holds one page.
   */
  reviewedPage(options: { since?: number; limit: number; after?: ReviewedCursor }): Promise<ReviewedPage>;
  /**
   * How many items `reviewed` would list without a limit: a caller that capped it says how many it
   * left out. `pending`: only those whose review is not finished (status not `done`), which an
   * export streamed a page at a time names in a header before its first line.
   */
  reviewedCount(options?: { since?: number; pending?: boolean }): Promise<number>;
  /**
   * Blanks what the queue keeps of these traces' answers (a purge of what they quote): the items'
   * `output` (items of the trace, and dataset items made from it, whose id is the trace's), the
   * reviews' and feedback's `corrected` answers. Scores, verdicts and comments stay. Counts per
   * table; 0 when run again.
   */
  forgetTraceAnswers(traceIds: readonly string[]): Promise<{ items: number; reviews: number; feedback: number }>;
  /**
   * Deletes what the queue keeps of these traces (an erasure request): their items (and those of
   * dataset items or eval cases made from them, whose id is the trace's), with their reasons, holds
   * and skips; every review of those items or naming the traces; the traces' feedback. Counts per
   * table; with `dryRun`, counts and deletes nothing; 0 when run again.
   */
  eraseTraces(traceIds: readonly string[], dryRun?: boolean): Promise<ErasedReviews>;
}

/** What an erasure deleted from the review queue, per table. */
export interface ErasedReviews {
  items: number;
  reviews: number;
  feedback: number;
}
