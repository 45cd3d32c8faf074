import { quoteClipped } from '../../core/clip.js';
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
    if (!statusOf.has(toVersion)) throw new SwitchyardError('not_found', `route ${quoteClipped(route)} has no version ${toVersion} (versions: ${[...statusOf.keys()].sort((a, b) => a - b).join(', ') || 'none'})`);
    if (statusOf.get(toVersion) === 'live') throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} version ${toVersion} is already live`, { param: 'to' });
    if (!history.includes(toVersion)) throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} version ${toVersion} was never live, so it cannot be rolled back to; promote it instead`);
    return toVersion;
  }
  const head = history[history.length - 1];
  for (let i = history.length - 2; i >= 0; i--) {
    const candidate = history[i] as number;
    // A version deleted since it was live is in the history but not in `versions`.
    if (candidate !== head && statusOf.has(candidate) && statusOf.get(candidate) !== 'demoted') return candidate;
  }
  throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} has no earlier live version to roll back to${head === undefined ? ' (no version was ever live)' : demotedHint(route, history, statusOf)}`);
}

/**
 * Why a route whose versions were live has nothing to roll back to: they were demoted, which a
 * rollback without `--to` skips. Right after `models demote`, "no earlier live version" read as
 * if the version just pulled had never been live; `--to N` puts it back.
 */
function demotedHint(route: string, history: readonly number[], statusOf: ReadonlyMap<number, ModelVersion['status']>): string {
  const demoted = [...new Set(history)].filter((v) => statusOf.get(v) === 'demoted').sort((a, b) => b - a);
  const newest = demoted[0];
  if (newest === undefined) return '';
  const which = demoted.length === 1 ? `version ${newest} was` : `versions ${demoted.join(', ')} were`;
  return ` (${which} demoted, which a rollback without --to skips; switchyard models rollback --route ${route} --to ${newest} makes it live again)`;
}

/** What each change by hand is called in its refusal. */
const CHANGE_WORDS = {
  rollback: { noun: 'rollback', done: 'rolled back', again: 'roll back again to go back from what is live now' },
  promote: { noun: 'promotion', done: 'promoted', again: 'promote again to replace what is live now' },
  demote: { noun: 'demotion', done: 'demoted', again: 'demote again to pull what is live now' },
} as const;

/**
 * Refuses a change by hand from `from` (the live version its caller saw, null for none) when
 * `live` (read in the change's transaction) is another: acting on what is live now would undo or
 * pull a change the caller never saw, such as a concurrent rollback (two clicks would put
 * version 3 back), a promotion from another page or the shadow monitor's demotion. A 409 naming
 * both versions; `from` undefined checks nothing.
 *
 * @example checkChangeFrom('r', 'promote', 3, liveNow) // throws a 409 when version 2 is live now
 */
export function checkChangeFrom(route: string, action: keyof typeof CHANGE_WORDS, from: number | null | undefined, live: ModelVersion | undefined): void {
  const now = live?.version ?? null;
  if (from === undefined || from === now) return;
  const words = CHANGE_WORDS[action];
  const saw = from === null ? 'no live version' : `version ${from} live`;
  const is = live ? `version ${live.version} is live now (${live.statusReason ?? 'no reason given'})` : 'no version is live now';
  throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} changed since this ${words.noun} found ${saw}: ${is}; nothing ${words.done} (${words.again})`, { status: 409, param: 'route' });
}

/**
 * The not_found error for a missing version, listing what exists.
 *
 * @example throw missingVersion('support-intent', 9, [1, 2])
 */
export function missingVersion(route: string, version: number, known: readonly number[]): SwitchyardError {
  return new SwitchyardError('not_found', `route ${quoteClipped(route)} has no version ${version} (versions: ${known.length === 0 ? 'none' : known.join(', ')})`);
}

/**
 * Whether a demotion's `version` (and `createdAt`, when given) name the live version, read in the
 * demotion's transaction. Neither given: whatever is live.
 *
 * @example isNamed(1, 1_800_000_000_500, { version: 1, createdAt: 1_800_000_000_000 }) // false: a re-created v1
 */
export function isNamed(liveVersion: number, liveCreatedAt: number, options: { version?: number; createdAt?: number }): boolean {
  if (options.version !== undefined && liveVersion !== options.version) return false;
  return options.createdAt === undefined || liveCreatedAt === options.createdAt;
}
