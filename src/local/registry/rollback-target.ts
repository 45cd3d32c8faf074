import { SwitchyardError } from '../../core/errors.js';
import type { ModelVersion } from './model-registry.js';

/**
 * Which version a rollback makes live. `history` lists the versions made live, oldest first.
 * Without `toVersion`: the latest one before the most recent that was not demoted. With it:
 * that version, if it was ever live.
 *
 * @example rollbackTarget('r', [1, 2, 3], versions) // 2
 */
export function rollbackTarget(route: string, history: readonly number[], versions: readonly ModelVersion[], toVersion?: number): number {
  const statusOf = new Map(versions.map((v) => [v.version, v.status]));
  if (toVersion !== undefined) {
    if (!statusOf.has(toVersion)) throw new SwitchyardError('not_found', `route "${route}" has no version ${toVersion} (versions: ${[...statusOf.keys()].sort((a, b) => a - b).join(', ') || 'none'})`);
    if (!history.includes(toVersion)) throw new SwitchyardError('invalid_request', `route "${route}" version ${toVersion} was never live, so it cannot be rolled back to; promote it instead`);
    return toVersion;
  }
  const head = history[history.length - 1];
  for (let i = history.length - 2; i >= 0; i--) {
    const candidate = history[i] as number;
    if (candidate !== head && statusOf.get(candidate) !== 'demoted') return candidate;
  }
  throw new SwitchyardError('invalid_request', `route "${route}" has no earlier live version to roll back to${head === undefined ? ' (no version was ever live)' : ''}`);
}

/**
 * The not_found error for a missing version, listing what exists.
 *
 * @example throw missingVersion('support-intent', 9, [1, 2])
 */
export function missingVersion(route: string, version: number, known: readonly number[]): SwitchyardError {
  return new SwitchyardError('not_found', `route "${route}" has no version ${version} (versions: ${known.length === 0 ? 'none' : known.join(', ')})`);
}
