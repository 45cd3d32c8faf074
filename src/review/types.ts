/** Where a review item came from; flags and thumbs-down come first in the queue. `eval`: a weak case of an eval run. */
export type ReviewSource = 'flag' | 'feedback' | 'eval' | 'dataset' | 'manual' | 'sample';
export const REVIEW_SOURCES: readonly ReviewSource[] = ['flag', 'feedback', 'eval', 'dataset', 'manual', 'sample'];

/** What a reviewer of an eval case needs beside the answer: the expected output and how each scorer judged it. */
export interface EvalCaseContext {
  runId: string;
  runName: string;
  variant: string;
  caseId: string;
  repeat: number;
  expected: unknown;
  quality: number | null;
  scores: { scorer: string; score: number; pass: boolean; reason: string }[];
}

/** Which traces a sampling rule looks at; every given field must match. */
export interface TraceMatch {
  /** Requested model or route name. */
  model?: string;
  keyName?: string;
  provider?: string;
  status?: 'ok' | 'error';
  /** Metadata fields that must equal these values (compared as text). */
  metadata?: Record<string, string>;
}

/** "Review 2% of route X": a deterministic share of matching traces becomes review items. */
export interface SamplingRule {
  id: string;
  name: string;
  /** Share of matching traces, 0–1. */
  rate: number;
  match: TraceMatch;
  /** Reviews each item wants before it leaves the queue; 2+ measures agreement. */
  reviewsWanted: number;
  enabled: boolean;
  createdAt: number;
}

/**
 * One reason a trace is in the queue. A trace has one open item at a time: queued again while it
 * is open (a second rule, a flag, a thumbs-down, a low-confidence escalation), its item gains a reason.
 */
export interface ReviewReason {
  kind: ReviewSource;
  /** The rule's name, the cap (`low_confidence`, `disagreements`) or the feedback's key; null when none. */
  origin: string | null;
  /** What the reviewer reads: "guard: card number", "sampled by rule …". */
  detail: string;
  at: number;
}

export interface ReviewItem {
  id: string;
  /** The trace under review; null for a dataset item that never was a trace. */
  traceId: string | null;
  source: ReviewSource;
  /** Why it is in the queue, for the reviewer: "sampled by rule support 2%", "thumbs down"… */
  reason: string;
  ruleId: string | null;
  datasetId: string | null;
  datasetItemId: string | null;
  /** For dataset items without a trace: what to show as input and answer. */
  input: unknown;
  output: unknown;
  /** For an eval case: the expected output and the scores; null otherwise. */
  evalCase: EvalCaseContext | null;
  reviewsWanted: number;
  reviewCount: number;
  /**
   * `superseded`: a capped sample a less confident one replaced before anyone reviewed it. It is
   * kept, out of the queue and the caps, so a reviewer who had it open can still submit.
   */
  status: 'open' | 'done' | 'superseded';
  createdAt: number;
  /** Why it was queued, oldest first: at most `REASONS_SHOWN` of them (`reasonCount` says how many in all). */
  reasons: ReviewReason[];
  reasonCount: number;
}

export interface NewReviewItem {
  traceId?: string | null;
  source: ReviewSource;
  reason: string;
  ruleId?: string | null;
  /** Who queued it, for the reason's `origin`: a rule's name, a cap, a feedback's key. */
  origin?: string | null;
  datasetId?: string | null;
  datasetItemId?: string | null;
  input?: unknown;
  output?: unknown;
  /** An eval case is queued at most once per (run, variant, case, repeat), with or without a trace. */
  evalCase?: EvalCaseContext | null;
  reviewsWanted?: number;
}

/**
 * An item as `enqueue` returns it: `added` is false when the trace (or case) already had an item
 * that took the reason: its open one, or a closed one already queued for that kind of reason.
 */
export type QueuedItem = ReviewItem & { added: boolean };

/** One reviewer's verdict on one item: a 1–5 score and/or pass/fail, optionally a better answer. */
export interface Review {
  id: string;
  itemId: string;
  traceId: string | null;
  reviewer: string;
  score: number | null;
  pass: boolean | null;
  corrected: string | null;
  comment: string | null;
  createdAt: number;
}

export type ReviewInput = Pick<Review, 'score' | 'pass' | 'corrected' | 'comment'>;

/** What an application's user said about an answer, forwarded with the app's virtual key. */
export interface Feedback {
  id: string;
  traceId: string;
  keyName: string | null;
  score: number | null;
  thumbs: 'up' | 'down' | null;
  comment: string | null;
  corrected: string | null;
  createdAt: number;
}

export type FeedbackInput = Omit<Feedback, 'id' | 'createdAt'>;

export interface Agreement {
  /** Items with at least two reviews. */
  items: number;
  /** Krippendorff's alpha over 1–5 scores (interval) and pass/fail (nominal); null when undefined. */
  scoreAlpha: number | null;
  passAlpha: number | null;
  /** Share of reviewer pairs whose scores differ by at most one point / whose pass verdicts match. */
  scoreWithinOne: number | null;
  passMatch: number | null;
}

export interface ReviewStats {
  open: Record<ReviewSource, number>;
  /**
   * Of the open items, those whose every place left is held by a reviewer who has it open: the
   * queue gives them to no one else until a hold ends, but they still count as open.
   */
  held: Record<ReviewSource, number>;
  done: Record<ReviewSource, number>;
  reviewers: { reviewer: string; reviews: number }[];
  feedback: { up: number; down: number; scored: number };
  agreement: Agreement;
}
