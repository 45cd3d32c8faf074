import { SwitchyardError } from '../../core/errors.js';
import type { DatasetItem } from '../types.js';
import { contentHash } from './content-hash.js';

/** What a dataset version stores: each item once by its content hash, and the version's own hash. */
export interface VersionContent {
  /** In item order. */
  entries: { hash: string; item: DatasetItem }[];
  /** SHA-256 over the item hashes in order: the same content always has the same hash. */
  hash: string;
}

/**
 * Hashes a version's items, rejecting an id that appears twice (ids pair cases across versions).
 * Every dataset adapter calls this, so a version hashes the same on every backend.
 *
 * @example versionContent('support', [{ id: 'a', input: 'hi' }]).hash // '3c1e…'
 */
export function versionContent(dataset: string, items: Iterable<DatasetItem>): VersionContent {
  const entries: { hash: string; item: DatasetItem }[] = [];
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw new SwitchyardError('invalid_request', `dataset "${dataset}": item id "${item.id}" appears twice; ids must be unique within a version`);
    ids.add(item.id);
    entries.push({ hash: contentHash(item), item });
  }
  return { entries, hash: contentHash(entries.map((e) => e.hash).join('\n')) };
}

/**
 * The items of an append: the existing ones in order, an added item whose id exists replacing it
 * in place, new ones at the end.
 *
 * @example mergeItems([{ id: 'a', input: '1' }], [{ id: 'a', input: '2' }, { id: 'b', input: '3' }]) // a→'2', b
 */
export function mergeItems(existing: Iterable<DatasetItem>, added: readonly DatasetItem[]): DatasetItem[] {
  const merged = new Map<string, DatasetItem>();
  for (const item of existing) merged.set(item.id, item);
  for (const item of added) merged.set(item.id, item);
  return [...merged.values()];
}
