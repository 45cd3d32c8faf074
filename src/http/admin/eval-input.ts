import { z } from 'zod';
import { SwitchyardError } from '../../core/errors.js';
import { formatIssues } from '../../core/format-issues.js';
import type { TraceFilter } from '../../evals/datasets/add-traces.js';
import type { TraceReview } from '../../evals/datasets/trace-items.js';

// Every field is checked: a mistyped `limit` or `model` used to be dropped, which widened the
// filter to every trace and added them all.
const traceId = z.string().min(1).max(128);
const tracesToDatasetSchema = z.strictObject({
  model: z.string().min(1).max(200).optional(),
  route: z.string().min(1).max(200).optional(),
  key: z.string().min(1).max(200).optional(),
  since: z.number().finite().optional(),
  until: z.number().finite().optional(),
  status: z.union([z.enum(['ok', 'error']), z.number().int().min(100).max(599)]).optional(),
  tags: z.record(z.string().max(200), z.union([z.string().max(1000), z.number(), z.boolean()])).optional(),
  trace_ids: z.array(traceId).min(1).max(10_000).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
  reviews: z.record(traceId, z.strictObject({ score: z.number().int().min(1).max(5).optional(), correction: z.string().max(100_000).optional() })).optional(),
  reviewed_only: z.boolean().optional(),
});

export interface TracesToDataset {
  filter: TraceFilter;
  reviews: Map<string, TraceReview> | undefined;
  reviewedOnly: boolean;
}

/**
 * The body of `POST /api/datasets/:name/traces` (snake_case, as the rest of the API): which
 * traces, the people's reviews of some, and whether only reviewed ones count. A 400 names every
 * wrong field, its value and what was expected.
 *
 * @example tracesToDatasetOf({ trace_ids: ['tr_9'], reviews: { tr_9: { score: 2 } } }).filter.traceIds // ['tr_9']
 */
export function tracesToDatasetOf(body: Record<string, unknown>): TracesToDataset {
  const parsed = tracesToDatasetSchema.safeParse(body);
  if (!parsed.success) {
    throw new SwitchyardError('invalid_request', formatIssues(parsed.error, body).join('; '), { param: String(parsed.error.issues[0]?.path[0] ?? '') || undefined });
  }
  const input = parsed.data;
  const filter: TraceFilter = {
    model: input.model,
    route: input.route,
    keyName: input.key,
    since: input.since,
    until: input.until,
    status: input.status,
    limit: input.limit,
    tags: input.tags && Object.fromEntries(Object.entries(input.tags).map(([name, value]) => [name, String(value)])),
    traceIds: input.trace_ids,
  };
  const reviews = input.reviews && new Map(Object.entries(input.reviews).map(([id, review]) => [id, stripUndefined(review)]));
  return { filter, reviews, reviewedOnly: input.reviewed_only === true };
}

function stripUndefined(review: TraceReview): TraceReview {
  const out: TraceReview = {};
  if (review.score !== undefined) out.score = review.score;
  if (review.correction !== undefined) out.correction = review.correction;
  return out;
}
