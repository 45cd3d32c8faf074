import type { DatasetItem, DatasetSummary, DatasetVersion } from '../types.js';

/**
 * Versioned datasets. Every change writes a new immutable version; committing content equal to
 * an existing version returns that version, so re-importing an unchanged file is free. Items are
 * stored once by content hash, so a version that appends ten items to ten thousand costs ten rows.
 */
export interface DatasetStore {
  /**
   * Makes `items` (in order) the content of a new version of `dataset`, creating the dataset when
   * needed; returns the existing version when the content is unchanged. Ids must be unique.
   */
  commit(dataset: string, items: Iterable<DatasetItem>, source?: string | null): Promise<DatasetVersion>;
  /**
   * A new version = the latest version's items plus `items` (an item whose id exists replaces the
   * old one in place), atomically: two concurrent appends both land.
   */
  append(dataset: string, items: readonly DatasetItem[], source?: string | null): Promise<DatasetVersion>;
  /** The newest version of a dataset, or undefined when it has none. */
  latest(dataset: string): Promise<DatasetVersion | undefined>;
  /** "name", "name@3" or "name@<hash prefix>"; the not-found error lists what exists. */
  resolve(reference: string): Promise<DatasetVersion>;
  /** Every version of a dataset, oldest first. */
  versions(dataset: string): Promise<DatasetVersion[]>;
  /** A version by its id (`dv_…`). */
  version(id: string): Promise<DatasetVersion | undefined>;
  /** Every dataset with its latest version, by name. */
  list(): Promise<DatasetSummary[]>;
  /** The items of a version in order, read in pages so memory stays flat. */
  items(versionId: string, offset?: number, limit?: number): AsyncIterable<DatasetItem>;
  /**
   * Blanks the answers of items made from these traces (`metadata.trace_id`, as `traceToItem`
   * records it): `output` and `expected` (a reviewer's correction of the answer) go, the input and
   * metadata stay, marked `metadata.purged`. Rewritten in place under the item's content hash, so
   * every version that holds the item (and the eval runs pinned to it) keeps resolving. Returns
   * how many stored items changed: 0 when run again.
   */
  forgetTraceItems(traceIds: readonly string[], at: number): Promise<number>;
  /**
   * Empties the items made from these traces (an erasure request, see erasedItem): input, answers
   * and metadata go, in place under the content hash. Returns how many changed (with `dryRun`,
   * would change): 0 when run again.
   */
  eraseTraceItems(traceIds: readonly string[], at: number, dryRun?: boolean): Promise<number>;
}
