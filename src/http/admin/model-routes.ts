import type { PromotionBar } from '../../local/registry/decide-promotion.js';
import { deleteRoute, demoteRoute, demotionFlag, promoteVersion, rollbackRoute, unpinRoute, versionNumber } from '../../local/registry/manage-models.js';
import type { ExampleStore } from '../../local/examples/example-store.js';
import type { ModelRegistry } from '../../local/registry/model-registry.js';
import type { Principal } from './access.js';
import { onlyFields, optionalString, readJson, readOptionalJson, sendJson } from './http-kit.js';
import type { Router } from './router.js';
import { param, type QuerySpec } from '../query-params.js';
import { MAX_MODEL_NAME_CHARS } from '../../config/validate-models.js';

export interface ModelApiDeps {
  registry: ModelRegistry;
  /** The routes' kept labelled examples: a deleted route says how many stay, and `?examples=true` deletes them. */
  examples: Pick<ExampleStore, 'count' | 'forgetRoute'>;
  /** The route's promotion bar (its task's min_precision and min_coverage). */
  barFor: (route: string) => PromotionBar;
  /** Has this replica serve the change at once (the others poll). */
  onChanged?: () => Promise<void>;
  /** A demotion by hand: flag it in the review queue (`reason` names the version and why). */
  onDemoted?: (route: string, reason: string) => Promise<void>;
  /** The loaded config's routes: a registry route outside them is listed with `inConfig: false`. */
  configuredRoutes?: readonly string[];
  now?: () => number;
}

/** `DELETE /api/models/:route?version=N&force=true&examples=true`: one version, or every one (live too, with force), and the route's kept examples. */
const DELETE_QUERY = { version: param.custom('a version number (an integer from 1)', (raw, name) => versionNumber(name, raw)), force: param.bool(), examples: param.bool() } satisfies QuerySpec;

/**
 * The body's `from`, the version the caller saw live: null is an answer (the page showed no
 * version live), not a missing field; absent checks nothing.
 */
function seenFrom(body: Record<string, unknown>): { from?: number | null } {
  if (body.from === undefined) return {};
  return { from: body.from === null ? null : versionNumber('from', body.from) };
}

/**
 * The local model registry: GET /api/models (`?route=`), and per route POST
 * /api/models/:route/promote (`{"version": N}`, checked against the route's bar),
 * /api/models/:route/demote (`{"reason": "…"}`, optional) and /api/models/:route/rollback
 * (`{"to": N}`, optional: default the previously live version). Each takes an optional
 * `{"from": N}`: the version the caller saw live, null for none, refused with a 409 naming it and
 * what is live now when another is (default: what is live when the request arrives). Each answers the change
 * (`from`, `live`, `reason`, `pinned`); every replica serves it within `limits.keys_poll_ms`.
 * Each also pins the route (automatic retraining registers but does not promote) until
 * POST /api/models/:route/unpin. DELETE /api/models/:route (`?version=N`: one version, never the
 * live one; without it every version of the route, refused while one is live unless `?force=true`)
 * removes versions with their model bytes, answering what went: a route gone says how many of its
 * labelled examples stay (`examplesKept`), and `?examples=true` deletes them too (`examplesDeleted`). Every registry route is listed, each version with `inConfig`:
 * a route the loaded config lacks still shows, so an operator can roll it back or demote it.
 *
 * @example modelRoutes(router, { registry: stores.models, barFor, onChanged: () => core.syncLiveModels() })
 */
export function modelRoutes(router: Router<Principal>, deps: ModelApiDeps): void {
  const now = deps.now ?? Date.now;
  const changed = async () => deps.onChanged?.();

  router.get('/api/models', { query: { route: param.text(MAX_MODEL_NAME_CHARS) } }, async ({ res, query }) => {
    const versions = await deps.registry.list(query.route);
    const pinned = new Map((await deps.registry.pins(query.route)).map((p) => [p.route, p]));
    const configured = deps.configuredRoutes && new Set(deps.configuredRoutes);
    const inConfig = (r: string) => configured?.has(r) ?? true;
    sendJson(res, 200, { versions: versions.map((v) => ({ ...v, live: v.status === 'live', pinned: pinned.has(v.route), inConfig: inConfig(v.route) })), pins: [...pinned.values()] });
  });

  router.post('/api/models/:route/promote', async ({ req, res, params }) => {
    const body = await readJson(req);
    onlyFields(body, ['version', 'from']);
    const route = params.route as string;
    const bar = deps.barFor(route);
    const change = await promoteVersion(deps.registry, route, versionNumber('version', body.version), bar, now(), seenFrom(body));
    await changed();
    sendJson(res, 200, { ...change, bar });
  });

  router.post('/api/models/:route/demote', async ({ req, res, params }) => {
    const body = await readOptionalJson(req);
    onlyFields(body, ['reason', 'from']);
    const reason = optionalString(body, 'reason', 500)?.trim() || 'demoted through the admin API';
    const change = await demoteRoute(deps.registry, params.route as string, reason, now(), seenFrom(body));
    await changed();
    await deps.onDemoted?.(change.route, demotionFlag(change));
    sendJson(res, 200, change);
  });

  router.post('/api/models/:route/rollback', async ({ req, res, params }) => {
    const body = await readOptionalJson(req);
    onlyFields(body, ['to', 'from']);
    const to = body.to === undefined || body.to === null ? undefined : versionNumber('to', body.to);
    const change = await rollbackRoute(deps.registry, params.route as string, now(), { to, ...seenFrom(body) });
    await changed();
    sendJson(res, 200, change);
  });

  router.delete('/api/models/:route', { query: DELETE_QUERY }, async ({ res, query, params }) => {
    const change = await deleteRoute(deps.registry, deps.examples, params.route as string, now(), { version: query.version, force: query.force ?? false, examples: query.examples ?? false });
    await changed();
    sendJson(res, 200, change);
  });

  router.post('/api/models/:route/unpin', async ({ req, res, params }) => {
    onlyFields(await readOptionalJson(req), []);
    sendJson(res, 200, await unpinRoute(deps.registry, params.route as string));
  });
}
