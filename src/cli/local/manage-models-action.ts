import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { localModelReviews } from '../../review/local-model-reviews.js';
import { DEFAULT_BAR, demoteRoute, demotionFlag, type ModelChange, promoteVersion, rollbackRoute, unpinRoute, versionNumber } from '../../local/registry/manage-models.js';
import type { PromotionBar } from '../../local/registry/decide-promotion.js';
import { withStores } from '../open-cli-stores.js';
import { configTask } from './config-route.js';
import { storeArgs } from './flags.js';
import { CLI } from '../../core/cli-command.js';
import { decimalNumber, numberFlag } from '../../core/number-flag.js';

export interface StoreFlags {
  db?: string;
  config?: string;
  route: string;
  json?: boolean;
}

/** A change's `--from`: the version the operator saw live. */
interface FromFlag {
  from?: string;
}

/**
 * `--from N` (or `none`): the live version the operator saw, which the registry checks in the
 * change's transaction (a 409 naming what is live now when another is); absent checks nothing.
 *
 * @example seenFrom({ from: 'none' }) // { from: null }
 */
function seenFrom(flags: FromFlag): { from?: number | null } {
  if (flags.from === undefined) return {};
  if (flags.from.trim().toLowerCase() === 'none') return { from: null };
  const n = decimalNumber(flags.from.trim()) ?? Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > Number.MAX_SAFE_INTEGER) throw new SwitchyardError('invalid_request', `--from must be a version number (an integer from 1) or none, got ${quoteClipped(flags.from)}`, { param: '--from' });
  return { from: n };
}

const POLL_NOTE = 'running gateways serve the change within limits.keys_poll_ms';

function print(change: ModelChange, flags: StoreFlags): void {
  const json = flags.json;
  if (json) {
    console.log(JSON.stringify(change));
    return;
  }
  const from = change.from === null ? 'none live' : `v${change.from}`;
  const to = change.live === null ? 'none live (every request escalates to the route\'s target)' : `v${change.live}`;
  console.log(`${change.route}: ${change.action} ${from} → ${to}: ${change.reason}\n${POLL_NOTE}\n${pinNote(change.route, flags)}`);
}

const pinNote = (route: string, flags: StoreFlags) => `pinned: automatic retraining registers new versions but promotes none until \`${CLI} models unpin --route ${route}${storeArgs(flags)}\``;

/**
 * `switchyard models unpin`: automatic retraining may promote the route's new versions again.
 *
 * @example await unpinModelAction({ route: 'support-intent', db: 'sy.db' })
 */
export async function unpinModelAction(flags: StoreFlags): Promise<void> {
  const change = await withStores(flags, ({ models }) => unpinRoute(models, flags.route), { existing: true });
  if (flags.json) console.log(JSON.stringify(change));
  else console.log(`${change.route}: unpinned (was: ${change.released}); automatic retraining promotes versions that meet the bar again`);
}

/**
 * `switchyard models rollback`: the previously live version (or --to) is live again; with
 * --from, only if that version is still the live one.
 *
 * @example await rollbackModelAction({ route: 'support-intent', from: '3', db: 'sy.db' })
 */
export async function rollbackModelAction(flags: StoreFlags & FromFlag & { to?: string }): Promise<void> {
  const to = flags.to === undefined ? undefined : versionNumber('--to', flags.to);
  const seen = seenFrom(flags);
  const change = await withStores(flags, ({ models }) => rollbackRoute(models, flags.route, Date.now(), { to, ...seen }), { existing: true });
  print(change, flags);
}

/**
 * `switchyard models promote`: checks the version's held-out figures against the route's bar
 * (the config's task, or --min-precision / --min-coverage) and makes it live, or says what falls
 * short; with --from, only in place of that live version (none: while none is live).
 *
 * @example await promoteModelAction({ route: 'support-intent', version: '3', from: '2', db: 'sy.db' })
 */
export async function promoteModelAction(flags: StoreFlags & FromFlag & { version: string; minPrecision?: string; minCoverage?: string }): Promise<void> {
  const version = versionNumber('--version', flags.version);
  const seen = seenFrom(flags);
  const bar = await barOf(flags);
  const change = await withStores(flags, ({ models }) => promoteVersion(models, flags.route, version, bar, Date.now(), seen), { existing: true });
  print(change, flags);
}

/**
 * `switchyard models demote`: pulls the live version; the route escalates every request. With
 * --from, only that version (another live by then is refused, and no review flag goes out).
 *
 * @example await demoteModelAction({ route: 'support-intent', reason: 'labels changed', db: 'sy.db' })
 */
export async function demoteModelAction(flags: StoreFlags & FromFlag & { reason?: string }): Promise<void> {
  const reason = flags.reason?.trim() || `demoted from the CLI (${CLI} models demote)`;
  const seen = seenFrom(flags);
  const change = await withStores(flags, async ({ models, reviews }) => {
    const demoted = await demoteRoute(models, flags.route, reason, Date.now(), seen);
    // Flagged for a person, as the shadow monitor's demotions are.
    const queue = localModelReviews({ reviews, caps: { per_hour: 0, per_day: 0 }, now: Date.now, log: (line) => console.error(line) });
    queue.demoted(demoted.route, demotionFlag(demoted), null, true);
    await queue.settled();
    return demoted;
  }, { existing: true });
  print(change, flags);
}

/** The flags' bar, else the route's task in --config, else the task defaults (95% precision, 50% coverage). */
async function barOf(flags: { config?: string; route: string; minPrecision?: string; minCoverage?: string }): Promise<PromotionBar> {
  const task = flags.config ? await configTask(flags.config, flags.route, '--route') : undefined;
  return {
    minPrecision: flags.minPrecision !== undefined ? numberFlag('--min-precision', flags.minPrecision, { min: 0.5, max: 1 }) : (task?.min_precision ?? DEFAULT_BAR.minPrecision),
    minCoverage: flags.minCoverage !== undefined ? numberFlag('--min-coverage', flags.minCoverage, { min: 0, max: 1 }) : (task?.min_coverage ?? DEFAULT_BAR.minCoverage),
  };
}
