import { SwitchyardError } from '../../core/errors.js';
import type { DatasetSummary } from '../types.js';
import { quoteClipped } from '../../core/clip.js';
import { closestName } from '../../core/format-issues.js';

/** A parsed "name", "name@3" or "name@<hash prefix>". */
export interface DatasetReference {
  name: string;
  pin?: { version: number } | { hashPrefix: string };
}

/**
 * Splits a dataset reference at its last "@".
 *
 * @example parseDatasetReference('support@2') // { name: 'support', pin: { version: 2 } }
 */
export function parseDatasetReference(reference: string): DatasetReference {
  const at = reference.lastIndexOf('@');
  if (at === -1) return { name: reference };
  const name = reference.slice(0, at);
  const pin = reference.slice(at + 1);
  return /^\d+$/.test(pin) ? { name, pin: { version: Number(pin) } } : { name, pin: { hashPrefix: pin } };
}

/**
 * Throws unless `name` can name a dataset (no "@", which pins a version).
 *
 * @example assertDatasetName('support-5') // ok; assertDatasetName('a@b') // throws
 */
export function assertDatasetName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw new SwitchyardError('invalid_request', `dataset name ${quoteClipped(name, 120)} must be 1–100 letters, digits, ".", "_" or "-" (no "@", which pins a version)`);
  }
}

/**
 * The error for a reference that resolves to nothing, listing what exists and, for a name no
 * dataset has, the one a typo most likely meant.
 *
 * @example datasetNotFound('support@9', parsed, datasets, [1, 2]) // 'dataset "support@9" not found (versions of "support": 1, 2); known datasets: support@2'
 * @example datasetNotFound('support5', parsed, datasets, []) // 'dataset "support5" not found (did you mean "support-5"?); known datasets: support-5@1'
 */
export function datasetNotFound(reference: string, parsed: DatasetReference, known: readonly DatasetSummary[], versions: readonly number[]): SwitchyardError {
  const list = known.map((d) => `${d.name}@${d.latest?.version ?? 0}`);
  const names = known.map((d) => d.name);
  const meant = names.includes(parsed.name) || parsed.name.length > 100 ? undefined : closestName(parsed.name, names);
  const hint = meant !== undefined ? ` (did you mean "${meant}${parsed.pin === undefined ? '' : reference.slice(parsed.name.length)}"?)` : parsed.pin === undefined ? '' : ` (versions of "${parsed.name}": ${versions.join(', ') || 'none'})`;
  return new SwitchyardError('not_found', `dataset ${quoteClipped(reference)} not found${hint}; known datasets: ${list.join(', ') || 'none (import one with `switchyard datasets import FILE`)'}`);
}
