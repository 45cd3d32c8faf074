import { SwitchyardError } from '../../core/errors.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import { DatasetStore, type DatasetVersion } from '../store/dataset-store.js';
import type { DatasetItem } from '../types.js';
import { type TraceReview, traceToItem } from './trace-items.js';

/** Which traces become items. Every field narrows; none given means the most recent traces. */
export interface TraceFilter {
  /** Requested model or route name. */
  model?: string;
  keyName?: string;
  since?: number;
  until?: number;
  status?: 'ok' | 'error' | number;
  /** Metadata tags that must all match, e.g. { feature: 'support' }. */
  tags?: Record<string, string>;
  /** Exactly these traces (the review queue passes the ones a person reviewed). */
  traceIds?: readonly string[];
  /** At most this many, newest first (default 1,000). */
  limit?: number;
}

export interface AddTracesOptions {
  dataset: string;
  filter: TraceFilter;
  /** Human scores and corrections by trace id, from the review queue. */
  reviews?: ReadonlyMap<string, TraceReview>;
  /** Only traces with a review (score) become items. */
  reviewedOnly?: boolean;
}

export interface AddTracesResult {
  version: DatasetVersion;
  added: number;
  /** Traces without bodies (metadata-only mode) or without a user message. */
  skipped: number;
}

interface TraceRow {
  id: string;
  requested_model: string;
  metadata: string | null;
  request: string | null;
  response: string | null;
}

/**
 * Appends traces matching a filter to a dataset as a new version; the API the review queue
 * calls to turn reviewed traces (with their scores and corrections) into eval data.
 *
 * @example addTracesToDataset(db, { dataset: 'support', filter: { model: 'support-triage', tags: { team: 'cx' } } })
 */
export function addTracesToDataset(db: SqliteDatabase, options: AddTracesOptions): AddTracesResult {
  const { where, params } = traceWhere(options.filter);
  const limit = Math.min(Math.max(options.filter.limit ?? 1_000, 1), 100_000);
  const sql = `SELECT id, requested_model, metadata, request, response FROM traces ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...params, limit) as TraceRow[];
  const items: DatasetItem[] = [];
  let skipped = 0;
  for (const row of rows.reverse()) {
    const review = options.reviews?.get(row.id);
    if (options.reviewedOnly && review?.score === undefined) continue;
    const item = traceToItem(
      { id: row.id, requestedModel: row.requested_model, metadata: parseObject(row.metadata), request: parseJson(row.request), response: parseJson(row.response) },
      review,
    );
    if (item) items.push(item);
    else skipped++;
  }
  if (items.length === 0) {
    throw new SwitchyardError('not_found', `no traces with a request body matched ${describeFilter(options.filter)}${skipped ? ` (${skipped} matched but were stored without bodies: set traces.bodies: full)` : ''}`);
  }
  const version = new DatasetStore(db).append(options.dataset, items, `traces ${describeFilter(options.filter)}`);
  return { version, added: items.length, skipped };
}

/**
 * Appends items to a dataset as a new version (an item whose id exists is replaced). The
 * review queue calls this for corrections and human scores of items that are not traces.
 *
 * @example addItems(db, 'support', [{ id: 'c_1', input: 'Card lost', humanScore: 2 }], 'review')
 */
export function addItems(db: SqliteDatabase, dataset: string, items: readonly DatasetItem[], source = 'api'): DatasetVersion {
  return new DatasetStore(db).append(dataset, items, source);
}

function traceWhere(filter: TraceFilter): { where: string[]; params: unknown[] } {
  const where: string[] = ['request IS NOT NULL'];
  const params: unknown[] = [];
  if (filter.model) (where.push('requested_model = ?'), params.push(filter.model));
  if (filter.keyName) (where.push('key_name = ?'), params.push(filter.keyName));
  if (filter.since !== undefined) (where.push('ts >= ?'), params.push(filter.since));
  if (filter.until !== undefined) (where.push('ts < ?'), params.push(filter.until));
  if (filter.status === 'ok') where.push('status < 400');
  else if (filter.status === 'error') where.push('status >= 400');
  else if (typeof filter.status === 'number') (where.push('status = ?'), params.push(filter.status));
  for (const [key, value] of Object.entries(filter.tags ?? {})) {
    // Quoted JSON path so keys with dots or spaces work; text comparison so tag 5 matches "5".
    where.push('CAST(json_extract(metadata, ?) AS TEXT) = ?');
    params.push(`$."${key.replace(/["\\]/g, '')}"`, value);
  }
  if (filter.traceIds) {
    if (filter.traceIds.length === 0) where.push('0');
    else (where.push(`id IN (${filter.traceIds.map(() => '?').join(',')})`), params.push(...filter.traceIds));
  }
  return { where, params };
}

function describeFilter(filter: TraceFilter): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? parts.join(' ') : '(all traces)';
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function parseObject(text: string | null): Record<string, unknown> | null {
  const value = parseJson(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
