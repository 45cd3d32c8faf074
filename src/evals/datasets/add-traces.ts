import { SwitchyardError } from '../../core/errors.js';
import { SHADOW_KEY_NAME } from '../../core/internal-caller.js';
import type { TraceRecord, TraceSelection } from '../../core/trace.js';
import type { TraceStore } from '../../core/trace-store.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { DatasetItem, DatasetVersion } from '../types.js';
import { type TraceReview, traceToItem } from './trace-items.js';
import { clip } from '../../core/clip.js';

/**
 * Which traces become items. Every field narrows; none given means the most recent traces. Calls
 * an eval's scorers made are left out unless `tags` names a scorer (`SCORER_TAG`), and the
 * gateway's shadow checks unless `keyName` names their key (`switchyard:shadow`).
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
  /**
   * The gateway's shadow checks the filter matched among the traffic taken (as new as the items,
   * or newer): its own calls to the large model for a sample of local answers, left out unless
   * `keyName` names their key (`switchyard:shadow`).
   */
  shadowChecksLeftOut: number;
  /**
   * Of the `added` traces, how many the dataset's latest version held already (an item per trace
   * id, replaced in place): all of them when the command is run twice, and `version` is then the
   * version that was already there.
   */
  alreadyIn: number;
}

/**
 * Appends traces matching a filter to a dataset as a new version; the API the review queue
 * calls to turn reviewed traces (with their scores and corrections) into eval data. Traces come
 * through the trace store's port, so this works on every backend.
 *
 * @example await addTracesToDataset(stores, { dataset: 'support', filter: { model: 'support-triage', tags: { team: 'cx' } } })
 */
export async function addTracesToDataset(stores: { traces: Pick<TraceStore, 'selectTraces'>; datasets: Pick<DatasetStore, 'append' | 'latest'> }, options: AddTracesOptions): Promise<AddTracesResult> {
  const selection = selectionOf(options.filter);
  const traces = await stores.traces.selectTraces(selection);
  const shadowChecksLeftOut = await shadowChecksAmong(stores.traces, selection, traces);
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
    const left = [skipped ? `${skipped} matched but had no user message` : '', shadowChecksLeftOut ? `${shadowChecksLeftOut} shadow check${shadowChecksLeftOut === 1 ? '' : 's'} left out: --key ${SHADOW_KEY_NAME} takes them` : ''].filter(Boolean).join('; ');
    throw new SwitchyardError('not_found', `no traces with a request body matched ${describeFilter(options.filter)}${left ? ` (${left})` : ''}`);
  }
  const before = await stores.datasets.latest(options.dataset);
  const version = await stores.datasets.append(options.dataset, items, `traces ${describeFilter(options.filter)}`);
  // An item per trace id: one already there is replaced in place and adds no row, so the version's
  // growth is what was new (the same version back when nothing changed).
  const grew = version.id === before?.id ? 0 : version.itemCount - (before?.itemCount ?? 0);
  return { version, added: items.length, skipped, shadowChecksLeftOut, alreadyIn: Math.max(0, items.length - grew) };
}

/**
 * How many shadow checks the selection left out among the traces it took: those of the same
 * filter no older than the oldest trace taken when the limit cut the list (older ones would not
 * have been taken anyway), else over the whole range. A second read of the shadow key's traces,
 * a sample of a route's local answers.
 */
async function shadowChecksAmong(traces: Pick<TraceStore, 'selectTraces'>, selection: TraceSelection, taken: readonly TraceRecord[]): Promise<number> {
  if (selection.withoutKeyName !== SHADOW_KEY_NAME) return 0;
  const { withoutKeyName: _, ...rest } = selection;
  const oldest = taken.at(-1);
  const cut = oldest !== undefined && taken.length >= (selection.limit ?? 1_000);
  const since = cut ? Math.max(oldest.ts, selection.since ?? oldest.ts) : selection.since;
  return (await traces.selectTraces({ ...rest, keyName: SHADOW_KEY_NAME, ...(since === undefined ? {} : { since }) })).length;
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
  // The gateway's shadow checks are its own calls, not traffic (route reports leave them out too):
  // `--key switchyard:shadow` asks for them, and named traces are taken as named.
  if (!filter.traceIds && filter.keyName !== SHADOW_KEY_NAME) selection.withoutKeyName = SHADOW_KEY_NAME;
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
