import type { StoredSample } from '../../review/review-caps.js';
import { REASONS_SHOWN } from '../../review/review-reasons.js';
import type { EvalCaseContext, Feedback, Review, ReviewItem, ReviewReason, ReviewSource, SamplingRule, TraceMatch } from '../../review/types.js';
import { type ColumnReader, nullableBool } from './column-reader.js';

type Row = Record<string, unknown>;

/** A `review_rules` row as a sampling rule, in either engine. @example rows.map((row) => ruleFromRow(row, pgColumns)) */
export function ruleFromRow(row: Row, columns: ColumnReader): SamplingRule {
  return {
    id: row.id as string,
    name: row.name as string,
    rate: row.rate as number,
    match: columns.json(row.match) as TraceMatch,
    reviewsWanted: row.reviews_wanted as number,
    enabled: columns.bool(row.enabled),
    createdAt: row.created_at as number,
  };
}

/** A `review_items` row as a queue item, in either engine. */
export function itemFromRow(row: Row, columns: ColumnReader): ReviewItem {
  return {
    id: row.id as string,
    traceId: row.trace_id as string | null,
    source: row.source as ReviewSource,
    reason: row.reason as string,
    ruleId: row.rule_id as string | null,
    datasetId: row.dataset_id as string | null,
    datasetItemId: row.dataset_item_id as string | null,
    input: columns.json(row.input),
    output: columns.json(row.output),
    evalCase: (columns.json(row.eval_case) as EvalCaseContext | null) ?? null,
    reviewsWanted: row.reviews_wanted as number,
    reviewCount: row.review_count as number,
    status: row.status as ReviewItem['status'],
    createdAt: row.created_at as number,
    reasons: [],
    reasonCount: 0,
  };
}

/**
 * Items with their reasons, from `review_reasons` rows of those items (`item_id`, `kind`,
 * `origin`, `detail`, `at`) in order, oldest first: each keeps the first `REASONS_SHOWN`, counts all.
 * An item stored before reasons were kept has none: its own `reason` stands for it.
 */
export function withReasons(items: ReviewItem[], rows: readonly Row[]): ReviewItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const row of rows) {
    const item = byId.get(row.item_id as string);
    if (!item) continue;
    item.reasonCount++;
    if (item.reasons.length < REASONS_SHOWN) item.reasons.push({ kind: row.kind as ReviewSource, origin: row.origin as string | null, detail: row.detail as string, at: Number(row.at) } satisfies ReviewReason);
  }
  for (const item of items) {
    if (item.reasonCount === 0) {
      item.reasons = [{ kind: item.source, origin: null, detail: item.reason, at: item.createdAt }];
      item.reasonCount = 1;
    }
  }
  return items;
}

/** A `reviews` row as a review, in either engine. */
export function reviewFromRow(row: Row, columns: ColumnReader): Review {
  return {
    id: row.id as string,
    itemId: row.item_id as string,
    traceId: row.trace_id as string | null,
    reviewer: row.reviewer as string,
    score: row.score as number | null,
    pass: nullableBool(row.pass, columns),
    corrected: row.corrected as string | null,
    comment: row.comment as string | null,
    createdAt: row.created_at as number,
  };
}

/** A `feedback` row (the same columns in both engines) as feedback. */
export function feedbackFromRow(row: Row): Feedback {
  return {
    id: row.id as string,
    traceId: row.trace_id as string,
    keyName: row.key_name as string | null,
    score: row.score as number | null,
    thumbs: row.thumbs as 'up' | 'down' | null,
    comment: row.comment as string | null,
    corrected: row.corrected as string | null,
    createdAt: row.created_at as number,
  };
}

/** A capped sample as its windows count it (both adapters' rows have these columns). */
export function storedSampleFromRow(row: Row): StoredSample {
  // `kept`: queued for a reason beyond its cap too (a rule, a flag), so no less confident sample replaces it.
  return { traceId: row.trace_id as string, hour: Number(row.cap_hour), confidence: row.confidence as number, reviewed: Number(row.review_count) > 0 || Boolean(row.kept) };
}
