import type { StoredSample } from '../../review/review-caps.js';
import type { EvalCaseContext, Feedback, Review, ReviewItem, ReviewSource, SamplingRule, TraceMatch } from '../../review/types.js';

type Row = Record<string, unknown>;

const parse = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : null);

export function toRule(row: Row): SamplingRule {
  return {
    id: row.id as string,
    name: row.name as string,
    rate: row.rate as number,
    match: parse(row.match) as TraceMatch,
    reviewsWanted: row.reviews_wanted as number,
    enabled: row.enabled === 1,
    createdAt: row.created_at as number,
  };
}

export function toItem(row: Row): ReviewItem {
  return {
    id: row.id as string,
    traceId: row.trace_id as string | null,
    source: row.source as ReviewSource,
    reason: row.reason as string,
    ruleId: row.rule_id as string | null,
    datasetId: row.dataset_id as string | null,
    datasetItemId: row.dataset_item_id as string | null,
    input: parse(row.input),
    output: parse(row.output),
    evalCase: (parse(row.eval_case) as EvalCaseContext | null) ?? null,
    reviewsWanted: row.reviews_wanted as number,
    reviewCount: row.review_count as number,
    status: row.status as ReviewItem['status'],
    createdAt: row.created_at as number,
  };
}

export function toReview(row: Row): Review {
  return {
    id: row.id as string,
    itemId: row.item_id as string,
    traceId: row.trace_id as string | null,
    reviewer: row.reviewer as string,
    score: row.score as number | null,
    pass: row.pass === null ? null : row.pass === 1,
    corrected: row.corrected as string | null,
    comment: row.comment as string | null,
    createdAt: row.created_at as number,
  };
}

export function toFeedback(row: Row): Feedback {
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
export function toStoredSample(row: Row): StoredSample {
  return { traceId: row.trace_id as string, hour: row.cap_hour as number, confidence: row.confidence as number, reviewed: (row.review_count as number) > 0 };
}
