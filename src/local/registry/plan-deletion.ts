import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { closestName } from '../../core/format-issues.js';
import type { ModelVersion } from './model-registry.js';
import { missingVersion } from './rollback-target.js';

/** What to delete: one version of a route, or (without `version`) the whole route. */
export interface DeleteOptions {
  /** Only this version; it must not be live. */
  version?: number;
  /** Removing the whole route even though a version is live (its requests escalate from then on). */
  force?: boolean;
}

/** What a deletion removed, read in its transaction. */
export interface DeleteResult {
  /** The versions removed (their model bytes with them), newest first. */
  deleted: ModelVersion[];
  /** True when no version of the route is left: its pin and history went too. */
  routeRemoved: boolean;
  /** The pin released with the route (its reason), if it had one. */
  pinReleased: string | null;
}

/**
 * The not_found error for a route with no versions: the registry's routes, and the one a typo
 * most likely meant.
 *
 * @example unknownRoute('supprt-intent', ['support-intent']) // … did you mean "support-intent"? …
 */
export function unknownRoute(route: string, routes: readonly string[]): SwitchyardError {
  const known = [...new Set(routes)].sort();
  const meant = closestName(route, known);
  return new SwitchyardError('not_found', `route ${quoteClipped(route)} has no model versions in the registry${meant ? `; did you mean ${quoteClipped(meant)}?` : ''} (routes with versions: ${registryRoutes(known)})`, { param: 'route' });
}

/** How many routes an error lists before it says how many more there are, as the config's errors do. */
const LISTED_ROUTES = 20;

/**
 * The registry's routes as an error lists them: the first 20, each quoted (unless `quoted` is
 * false) and cut at 100 characters, then how many more (a registry of 2,000 routes listed every
 * one in each 404).
 *
 * @example registryRoutes(['billing', 'support']) // '"billing", "support"'
 */
export function registryRoutes(sorted: readonly string[], quoted = true): string {
  if (sorted.length === 0) return 'none';
  const listed = sorted.slice(0, LISTED_ROUTES).map((r) => (quoted ? quoteClipped(r) : quoteClipped(r).slice(1, -1))).join(', ');
  return sorted.length > LISTED_ROUTES ? `${listed}, … and ${(sorted.length - LISTED_ROUTES).toLocaleString('en-US')} more` : listed;
}

/**
 * Which versions a deletion removes, given the route's versions and every route with versions,
 * both read in the deletion's transaction; refuses (changing nothing) an unknown route or version,
 * the live version, and a whole route with a live version unless `force`.
 *
 * @example planDeletion('r', versions, ['r'], { version: 2 }) // [2]
 */
export function planDeletion(route: string, versions: readonly ModelVersion[], routes: readonly string[], options: DeleteOptions = {}): number[] {
  if (versions.length === 0) throw unknownRoute(route, routes);
  const live = versions.find((v) => v.status === 'live');
  if (options.version !== undefined) {
    const target = versions.find((v) => v.version === options.version);
    if (!target) throw missingVersion(route, options.version, versions.map((v) => v.version).sort((a, b) => a - b));
    if (target.status === 'live') throw liveRefusal(route, target, `demote it first (switchyard models demote --route ${route}), then delete it; --force removes only a whole route`, 'version');
    return [target.version];
  }
  if (live && !options.force) throw liveRefusal(route, live, `demote it first (switchyard models demote --route ${route}), or remove the whole route anyway with --force`, 'force');
  return versions.map((v) => v.version);
}

/** A 409: the live version answers requests, so it is pulled first (or the whole route forced). */
function liveRefusal(route: string, live: ModelVersion, advice: string, param: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `route ${quoteClipped(route)} version ${live.version} is live (it answers requests); nothing deleted: ${advice}`, { status: 409, param });
}
