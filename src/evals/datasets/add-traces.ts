import { SwitchyardError } from '../../core/errors.js';
import type { TraceSelection } from '../../core/trace.js';
import type { TraceStore } from '../../core/trace-store.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { DatasetItem, DatasetVersion } from '../types.js';
import { type TraceReview, traceToItem } from './trace-items.js';
import { clip } from '../../core/clip.js';

/**
 * Which traces become items. Every field narrows; none given means the most recent traces. Calls
 * an eval's scorers made are left out unless `tags` names a scorer (`SCORER_TAG`).
 */
export interface TraceFilter {
  /** Requested model or route name: the name the client called. */
  model?: string;
  /** A route's calls: those that named it and those another route sent it (as `switchyard routes` counts them). */
  route?: string;
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
  /** Traces without a user message (metadata-only traces are not selected at all). */
  skipped: number;
}

/**
 * Appends traces matching a filter to a dataset as a new version; the API the review queue
 * calls to turn reviewed traces (with their scores and corrections) into eval data. Traces come
 * through the trace store's port, so this works on every backend.
 *
 * @example await addTracesToDataset(stores, { dataset: 'support', filter: { model: 'support-triage', tags: { team: 'cx' } } })
 */
export async function addTracesToDataset(stores: { traces: Pick<TraceStore, 'selectTraces'>; datasets: Pick<DatasetStore, 'append'> }, options: AddTracesOptions): Promise<AddTracesResult> {
  const traces = await stores.traces.selectTraces(selectionOf(options.filter));
  const items: DatasetItem[] = [];
  let skipped = 0;
  // Oldest first, so the dataset reads in the order the traffic happened.
  for (const trace of traces.reverse()) {
    const review = options.reviews?.get(trace.id);
    if (options.reviewedOnly && review?.score === undefined) continue;
    const item = traceToItem(trace, review);
    if (item) items.push(item);
    else skipped++;
  }
  if (items.length === 0) {
    throw new SwitchyardError('not_found', `no traces with a request body matched ${describeFilter(options.filter)}${skipped ? ` (${skipped} matched but had no user message)` : ''}`);
  }
  const version = await stores.datasets.append(options.dataset, items, `traces ${describeFilter(options.filter)}`);
  return { version, added: items.length, skipped };
}

/**
 * The metadata field an eval's scorers tag their calls with (a judge's, an embedding
 * similarity's): those calls are how answers were graded, not traffic, so a dataset made of an
 * eval's traces (`--tag variant=small`) holds the variant's answers, not half of them judge
 * prompts with JSON verdicts. `--tag scorer=NAME` asks for them, and named traces are taken as named.
 */
export const SCORER_TAG = 'scorer';

/** The trace store's selection for a dataset filter. */
function selectionOf(filter: TraceFilter): TraceSelection {
  const selection: TraceSelection = { limit: filter.limit ?? 1_000 };
  if (!filter.traceIds && filter.tags?.[SCORER_TAG] === undefined) selection.withoutMetadata = [SCORER_TAG];
  if (filter.model) selection.model = filter.model;
  if (filter.route) selection.route = filter.route;
  if (filter.keyName) selection.keyName = filter.keyName;
  if (filter.since !== undefined) selection.since = filter.since;
  if (filter.until !== undefined) selection.until = filter.until;
  if (filter.status !== undefined) selection.status = filter.status;
  if (filter.tags) selection.metadata = filter.tags;
  if (filter.traceIds) selection.ids = filter.traceIds;
  return selection;
}

function describeFilter(filter: TraceFilter): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    // A filter of 10,000 trace ids is named, not listed.
    .map(([k, v]) => `${k}=${clip(typeof v === 'object' ? JSON.stringify(v) : String(v), 100)}`);
  return parts.length ? parts.join(' ') : '(all traces)';
}
