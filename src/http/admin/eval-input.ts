import { SwitchyardError } from '../../core/errors.js';
import type { TraceFilter } from '../../evals/datasets/add-traces.js';
import type { TraceReview } from '../../evals/datasets/trace-items.js';

/** The trace filter of a POST body (snake_case, as the rest of the API). */
export function traceFilterOf(body: Record<string, unknown>): TraceFilter {
  const filter: TraceFilter = {};
  const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  const num = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : undefined);
  filter.model = str('model') ?? str('route');
  filter.keyName = str('key');
  filter.since = num('since');
  filter.until = num('until');
  filter.limit = num('limit');
  const status = body.status;
  if (status === 'ok' || status === 'error' || typeof status === 'number') filter.status = status;
  if (body.tags && typeof body.tags === 'object') filter.tags = Object.fromEntries(Object.entries(body.tags as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  if (Array.isArray(body.trace_ids)) filter.traceIds = body.trace_ids.map(String);
  return filter;
}

/** `{ [traceId]: { score?, correction? } }` as a map, validating scores. */
export function reviewsOf(value: unknown): Map<string, TraceReview> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object') throw new SwitchyardError('invalid_request', '"reviews" must map trace ids to { score?, correction? }', { param: 'reviews' });
  const reviews = new Map<string, TraceReview>();
  for (const [traceId, raw] of Object.entries(value as Record<string, { score?: unknown; correction?: unknown }>)) {
    const review: TraceReview = {};
    if (raw.score !== undefined) {
      if (typeof raw.score !== 'number' || !Number.isInteger(raw.score) || raw.score < 1 || raw.score > 5) throw new SwitchyardError('invalid_request', `reviews.${traceId}.score must be an integer 1–5`, { param: `reviews.${traceId}.score` });
      review.score = raw.score;
    }
    if (typeof raw.correction === 'string') review.correction = raw.correction;
    reviews.set(traceId, review);
  }
  return reviews;
}
