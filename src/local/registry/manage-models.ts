import { describeValue } from '../../core/format-issues.js';
import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { decimalNumber } from '../../core/number-flag.js';
import type { ExampleStore } from '../examples/example-store.js';
import type { PromotionBar } from './decide-promotion.js';
import type { ModelRegistry, ModelVersion, SeenLive } from './model-registry.js';
import { type DeleteOptions, unknownRoute } from './plan-deletion.js';

/** What a promote, demote or rollback did: the version live before and after, and why. */
export interface ModelChange {
  route: string;
  action: 'promote' | 'demote' | 'rollback';
  /** The version live before the change (null: none was), read in the change's own transaction. */
  from: number | null;
  /** The version live after it (null: none, every request escalates). */
  live: number | null;
  reason: string;
  /** Always true after a change by hand: automatic retraining registers but does not promote until `unpin`. */
  pinned: boolean;
}

/** What `unpin` released. */
export interface UnpinChange {
  route: string;
  action: 'unpin';
  /** The pin's reason (what the operator had done). */
  released: string;
}

/**
 * The route's versions, or a not_found error naming the route and the routes that have some.
 *
 * @example await versionsOf(registry, 'support-intent')
 */
export async function versionsOf(registry: ModelRegistry, route: string): Promise<ModelVersion[]> {
  const versions = await registry.list(route);
  if (versions.length > 0) return versions;
  throw unknownRoute(route, (await registry.list()).map((v) => v.route));
}

/** The bar of a route with no task settings to read: the task schema's defaults (min_precision, min_coverage). */
export const DEFAULT_BAR: PromotionBar = { minPrecision: 0.95, minCoverage: 0.5 };

const liveOf = (versions: readonly ModelVersion[]) => versions.find((v) => v.status === 'live')?.version ?? null;

/**
 * Makes `version` live if its held-out figures meet `bar`; a refusal is an error naming each
 * shortfall (the registry's promotion reason). `from` is the version the promotion replaced, read
 * in its transaction: retraining that promoted another a moment before is not reported as never
 * having happened. `seen.from`, the version the caller saw live, refuses it with a 409 when
 * another is live by then.
 *
 * @example await promoteVersion(registry, 'support-intent', 3, { minPrecision: 0.95, minCoverage: 0.5 }, Date.now(), { from: 2 })
 */
export async function promoteVersion(registry: ModelRegistry, route: string, version: number, bar: PromotionBar, at: number, seen: SeenLive = {}): Promise<ModelChange> {
  await versionsOf(registry, route);
  const result = await registry.promote(route, version, bar, at, { pin: (v) => `version ${v} promoted by hand`, ...seen });
  if (!result.promote) throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} version ${version} ${result.reason}`, { param: 'version' });
  return { route, action: 'promote', from: result.previous?.version ?? null, live: result.live?.version ?? null, reason: result.reason, pinned: true };
}

/**
 * Pulls the live version: the route answers nothing locally and its traces say why. With
 * `seen.from` (the version the caller saw live), refused with a 409 when another is live by then.
 *
 * @example await demoteRoute(registry, 'support-intent', 'demoted by an operator', Date.now(), { from: 3 })
 */
export async function demoteRoute(registry: ModelRegistry, route: string, reason: string, at: number, seen: SeenLive = {}): Promise<ModelChange> {
  await versionsOf(registry, route);
  // Of two demotions at once (two clicks, the CLI and the dashboard) only one pulls the version;
  // the other is refused here, so the review queue gets one flag, not two.
  const pulled = await registry.demote(route, reason, at, { pin: (v) => `version ${v} demoted by hand: ${reason}`, ...seen });
  if (!pulled) throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} has no live version to demote`, { param: 'route' });
  return { route, action: 'demote', from: pulled.version, live: null, reason, pinned: true };
}

/**
 * The review flag's text for a demotion by hand: the version pulled, and why.
 *
 * @example demotionFlag({ from: 2, reason: 'labels changed', … }) // 'v2 (labels changed)'
 */
export const demotionFlag = (change: Pick<ModelChange, 'from' | 'reason'>): string => `v${change.from} (${change.reason})`;

/** Which version a rollback makes live, and from which. */
export interface RollbackChoice {
  /** The version to make live (if it was ever live); default the previously live one. */
  to?: number;
  /**
   * The live version the operator saw (null: none), e.g. on a dashboard page loaded a minute ago.
   * When another is live in the rollback's transaction, it is refused with a 409 naming what is
   * live now. Default: for a rollback without `to`, the version live when this call reads the list.
   */
  from?: number | null;
}

/**
 * Makes the previously live version (or `to`, if it was ever live) live again. A rollback goes
 * back from the version live when the caller looked (`from`; without it and without `to`, when
 * this call reads the list): if another became live since (a concurrent rollback, retraining, a
 * change from another page), it is refused with a 409 rather than undoing that change.
 *
 * @example await rollbackRoute(registry, 'support-intent', Date.now(), { from: 3 })
 */
export async function rollbackRoute(registry: ModelRegistry, route: string, at: number, choice: RollbackChoice = {}): Promise<ModelChange> {
  const versions = await versionsOf(registry, route);
  // An explicit `to` says which version the operator wants, whatever is live meanwhile, unless
  // they also said what they saw live.
  const from = choice.from !== undefined ? choice.from : choice.to === undefined ? liveOf(versions) : undefined;
  const { live, previous } = await registry.rollback(route, at, choice.to, { pin: (v) => `rolled back to version ${v} by hand`, from });
  return { route, action: 'rollback', from: previous?.version ?? null, live: live.version, reason: live.statusReason ?? `rolled back to version ${live.version}`, pinned: true };
}

/**
 * Releases the route's pin: automatic retraining promotes versions that meet the bar again.
 *
 * @example await unpinRoute(registry, 'support-intent')
 */
export async function unpinRoute(registry: ModelRegistry, route: string): Promise<UnpinChange> {
  const [pin] = await registry.pins(route);
  if (!pin || !(await registry.unpin(route))) {
    const pinned = (await registry.pins()).map((p) => `"${p.route}"`);
    throw new SwitchyardError('invalid_request', `route ${quoteClipped(route)} is not pinned (pinned routes: ${pinned.length === 0 ? 'none' : pinned.join(', ')})`, { param: 'route' });
  }
  return { route, action: 'unpin', released: pin.reason };
}

/** What `delete` removed. */
export interface DeleteChange {
  route: string;
  action: 'delete';
  /** The version numbers removed, newest first. */
  deleted: number[];
  /** No version of the route is left (its pin and history went too). */
  routeRemoved: boolean;
  /** The pin released with the route (its reason), if it had one. */
  pinReleased: string | null;
  /** The version that was live and was removed with the route (`force`), else null. */
  wasLive: number | null;
}

/**
 * Removes one version of a route (not the live one), or every version with `force` when one is
 * live; an unknown route or version is refused naming the known ones (and a near typo).
 *
 * @example await deleteModels(registry, 'supprt-intent', Date.now()) // a route registered by mistake
 */
export async function deleteModels(registry: ModelRegistry, route: string, at: number, options: DeleteOptions = {}): Promise<DeleteChange> {
  const result = await registry.delete(route, at, options);
  return {
    route,
    action: 'delete',
    deleted: result.deleted.map((v) => v.version),
    routeRemoved: result.routeRemoved,
    pinReleased: result.pinReleased,
    wasLive: result.deleted.find((v) => v.status === 'live')?.version ?? null,
  };
}

/** What deleting a route's models did to its kept labelled examples, as the CLI and the admin API answer it. */
export type RouteDeletion = DeleteChange & {
  /** The route is gone from the registry and these examples stay (a route registered again under the name learns from them). */
  examplesKept?: number;
  /** Deleted with the route (`examples`). */
  examplesDeleted?: number;
};

/**
 * `deleteModels`, and what becomes of the route's kept examples (`local train --route` files, its
 * traffic and reviews), which are not the registry's: with `examples` they are deleted once the
 * route is gone (a route deleted before, its examples left behind, has them deleted alone);
 * without, a removed route says how many stay, or a route registered again under the name (a
 * mistyped one, fixed) learns from them unawares.
 *
 * @example await deleteRoute(registry, examples, 'supprt-intent', Date.now(), { force: true, examples: true })
 */
export async function deleteRoute(
  registry: ModelRegistry,
  examples: Pick<ExampleStore, 'count' | 'forgetRoute'>,
  route: string,
  at: number,
  options: DeleteOptions & { examples?: boolean } = {},
): Promise<RouteDeletion> {
  if (!options.examples) {
    const deleted = await deleteModels(registry, route, at, options);
    return deleted.routeRemoved ? { ...deleted, examplesKept: await examples.count(route) } : deleted;
  }
  if (options.version !== undefined) {
    throw new SwitchyardError('invalid_request', `examples are deleted with a whole route (they are not one version's): drop the version ${options.version}`, { param: 'examples' });
  }
  let deleted: DeleteChange;
  try {
    deleted = await deleteModels(registry, route, at, { force: options.force });
  } catch (error) {
    if (!(error instanceof SwitchyardError && error.code === 'not_found') || (await examples.count(route)) === 0) throw error;
    deleted = { route, action: 'delete', deleted: [], routeRemoved: false, pinReleased: null, wasLive: null };
  }
  return { ...deleted, examplesDeleted: await examples.forgetRoute(route) };
}

/**
 * A version number from a flag or a JSON field, or an error naming it and the value.
 *
 * @example versionNumber('--version', '3') // 3
 */
export function versionNumber(name: string, value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? (decimalNumber(value.trim()) ?? Number.NaN) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > Number.MAX_SAFE_INTEGER) throw new SwitchyardError('invalid_request', `${name} must be a version number (an integer from 1), got ${describeValue(value)}`, { param: name });
  return n;
}
