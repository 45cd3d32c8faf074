import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError } from '../../core/errors.js';
import type { TraceFilter } from '../datasets/add-traces.js';
import type { TraceReview } from '../datasets/trace-items.js';

// Review batches are small; a megabyte of JSON is thousands of items.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Writes JSON and reports the request as handled. */
export function sendJson(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return true;
}

/** Reads a JSON object body, with a size limit and a precise error. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SwitchyardError('body_too_large', `request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch (error) {
    throw new SwitchyardError('invalid_json', `request body is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SwitchyardError('invalid_request', 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** An integer query parameter within bounds. */
export function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new SwitchyardError('invalid_request', `${name} must be an integer from ${min} to ${max}, got "${raw}"`, { param: name });
  return n;
}

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
