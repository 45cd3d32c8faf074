import type { Feedback, FeedbackInput, NewReviewItem, Review, ReviewInput, ReviewItem, ReviewSource, ReviewStats, SamplingRule } from './types.js';

export interface QueueQuery {
  /** Items this reviewer already reviewed are left out. */
  reviewer: string;
  source?: ReviewSource;
  status?: 'open' | 'done' | 'all';
  limit?: number;
}

/** A reviewed trace with its bodies, as training data and dataset rows are made from it. */
export interface LabelledTrace {
  traceId: string | null;
  itemId: string;
  request: unknown;
  response: unknown;
  reviews: Review[];
}

/**
 * Where the review queue, reviews and feedback live. Writes that answer a person (a review, a
 * piece of feedback) are durable when the promise resolves: fsynced, not only committed.
 */
export interface ReviewStore {
  listRules(): Promise<SamplingRule[]>;
  saveRule(rule: SamplingRule): Promise<void>;
  deleteRule(id: string): Promise<boolean>;
  /** Adds items, skipping ones already queued for the same trace and source; returns the queued items. */
  enqueue(items: readonly NewReviewItem[]): Promise<ReviewItem[]>;
  queue(query: QueueQuery): Promise<ReviewItem[]>;
  getItem(id: string): Promise<ReviewItem | undefined>;
  reviewsOf(itemId: string): Promise<Review[]>;
  /** One review per (item, reviewer): reviewing again replaces the earlier verdict. */
  addReview(itemId: string, reviewer: string, input: ReviewInput): Promise<Review>;
  forTrace(traceId: string): Promise<{ items: ReviewItem[]; reviews: Review[]; feedback: Feedback[] }>;
  /** Stores feedback; a thumbs-down or a score of 1–2 also queues the trace for review. */
  addFeedback(input: FeedbackInput): Promise<Feedback>;
  stats(): Promise<ReviewStats>;
  /** Reviewed items with their trace bodies, newest review first. */
  labelled(options?: { since?: number; limit?: number }): Promise<LabelledTrace[]>;
}
