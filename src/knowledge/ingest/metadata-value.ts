import type { MetadataValue } from '../types.js';

/** A list longer than this is not a list of tags or authors, and is left out of the metadata. */
const MAX_LIST = 100;

const isScalar = (value: unknown): value is MetadataValue =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';

/**
 * The value a document field keeps as metadata: a scalar, null, or a list of up to 100 scalars
 * (what a filter can match: `{"tags": "pricing"}` finds `tags: [pricing, plans]`). Objects,
 * nested lists and lists holding them give undefined: left out, as a filter could not name them.
 *
 * @example metadataValue(['pricing', 'plans']) // ['pricing', 'plans']
 * @example metadataValue({ a: 1 }) // undefined
 */
export function metadataValue(value: unknown): MetadataValue | MetadataValue[] | null | undefined {
  if (value === null || isScalar(value)) return value;
  if (Array.isArray(value) && value.length <= MAX_LIST && value.every(isScalar)) return value;
  return undefined;
}
