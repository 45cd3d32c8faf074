import { SwitchyardError } from '../../core/errors.js';
import { parseNewKey, parseTeam } from '../../limits/key-input.js';
import type { KeySpendStore } from '../../limits/key-spend.js';
import { type KeyRegistry, storedKeyId } from '../../limits/keys.js';
import type { LimitStore } from '../../limits/limit-store.js';
import { keyUsageReader } from '../../limits/key-spend-usage.js';
import { type KeyManager, type KeyView, moveNote, teamsNamedByKeys } from '../../limits/manage-keys.js';
import type { ProviderCredentials } from '../../limits/provider-credentials.js';
import type { LimitHealth } from '../health-status.js';
import type { Principal } from './access.js';
import { API_HEADERS, onlyFields, readJson, readOptionalJson, sendJson } from './http-kit.js';
import type { Router } from './router.js';
import { describeValue } from '../../core/format-issues.js';
import { unknownModelWarnings } from '../../limits/unknown-models.js';
import { teamWithoutLimitsNote } from '../../limits/team-without-limits.js';
import { param } from '../query-params.js';
import { spendCsv, spendFileName, spendLines, spendRange } from '../../limits/spend-export.js';

export interface KeyRouteDeps {
  keys?: KeyRegistry;
  limits?: LimitStore;
  /** Spend from the traces, for keys without a budget (the limit store tracks only budgets). */
  spend?: KeySpendStore;
  /** Absent: keys are read-only here (a test server with no store). */
  manager?: KeyManager;
  credentials?: ProviderCredentials;
  /** Where limits live and whether it answers, shown beside the keys. */
  limitHealth?: () => Promise<LimitHealth>;
  /** The loaded config's models and routes: a new key allowed others gets a warning per model. */
  configuredModels?: readonly string[];
  /** Reloads this replica's keys at once after a change (the others poll). */
  onChanged?: () => Promise<void>;
  now?: () => number;
}

/**
 * Virtual keys and teams: GET /api/keys (every key in force, with usage, plus revoked runtime
 * keys), POST /api/keys (the secret is in this answer and nowhere else, ever; `warnings` names
 * each allowed model this gateway's config has no model or route for, as `keys create` does),
 * POST /api/keys/:name/rotate (`grace_seconds`, default 3600), DELETE /api/keys/:name (revoke);
 * GET /api/teams, PUT /api/teams/:name, DELETE /api/teams/:name (`?force=true` while active keys name it); provider credentials, stored sealed
 * and never returned: GET /api/credentials, PUT and DELETE /api/credentials/:provider.
 *
 * @example keyRoutes(router, { keys, limits, manager, onChanged: () => sync.refresh() })
 */
export function keyRoutes(router: Router<Principal>, deps: KeyRouteDeps): void {
  const now = deps.now ?? Date.now;
  const manager = (): KeyManager => {
    if (!deps.manager) throw new SwitchyardError('unsupported', 'keys cannot be changed on this server (no key store)');
    return deps.manager;
  };
  const changed = async () => deps.onChanged?.();

  router.get('/api/keys', async ({ res }) => {
    const active = deps.keys?.all ?? [];
    const at = now();
    const runtime = deps.manager ? await deps.manager.list() : { keys: [], teams: [] };
    const byName = new Map(runtime.keys.map((key) => [key.name, key]));
    const usageOf = keyUsageReader(deps, at);
    const rows: Record<string, unknown>[] = await Promise.all(
      active.map(async (key) => ({
        name: key.name,
        team: key.team,
        models: key.models ? [...key.models] : null,
        budget: key.budget,
        teamBudget: key.teamBudget ?? null,
        rateLimit: key.rateLimit,
        source: key.source ?? 'config',
        status: 'active',
        ...(key.source === 'store' ? runtimeFields(byName.get(key.name)) : {}),
        usage: await usageOf(key),
      })),
    );
    const shown = new Set(active.map((key) => key.name));
    // Revoked (and not yet synced) runtime keys are listed too, so a revocation is visible, with
    // what they spent: a null usage reads as "the limit store is unreachable" on the page.
    for (const key of runtime.keys) {
      if (shown.has(key.name)) continue;
      const asServed = { id: storedKeyId(key.name, key.createdAt), createdAt: key.createdAt, name: key.name, hash: '', team: key.team, models: null, budget: key.budget, rateLimit: key.rateLimit, source: 'store' as const };
      rows.push({ ...key, source: 'store', usage: await usageOf(asServed) });
    }
    sendJson(res, 200, { open: deps.keys?.open ?? true, keys: rows, limits: deps.limitHealth ? await deps.limitHealth() : undefined });
  });

  // Spend per UTC day, team, key and model, as `switchyard spend` prints it: JSON, or a CSV file for finance.
  const SPEND_QUERY = { from: param.raw('an ISO date, YYYY-MM-DD'), to: param.raw('an ISO date, YYYY-MM-DD'), format: param.oneOf(['json', 'csv'] as const) };
  router.get('/api/spend', { query: SPEND_QUERY }, async ({ res, query }) => {
    if (!deps.spend) throw new SwitchyardError('unsupported', 'spend cannot be read on this server (no trace store)');
    const range = spendRange({ from: query.from, to: query.to }, now(), { from: 'from', to: 'to' });
    const lines = await spendLines(deps.spend, range);
    if (query.format !== 'csv') {
      sendJson(res, 200, { from: range.from, to: range.to, rows: lines, totalUsd: lines.reduce((sum, l) => sum + l.costUsd, 0) });
      return;
    }
    const text = spendCsv(lines);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${spendFileName(range)}"`,
      'content-length': Buffer.byteLength(text),
      ...API_HEADERS,
    });
    res.end(text);
  });

  router.post('/api/keys', async ({ req, res }) => {
    const created = await manager().create(parseNewKey(await readJson(req)));
    await changed();
    const warnings = deps.configuredModels ? unknownModelWarnings(created.key.name, created.key.models ?? [], deps.configuredModels, "this gateway's config") : [];
    const team = created.key.team;
    if (team) {
      // Teams with limits: the config's and those created at runtime (read from the store: a team made a moment ago may not be synced yet).
      const teams = [...(deps.keys?.teams ?? []).map((t) => t.name), ...(await manager().list()).teams.map((t) => t.name)];
      const note = teamWithoutLimitsNote(created.key.name, team, teams, 'at runtime or is in the config', `PUT /api/teams/${encodeURIComponent(team)} with a budget`);
      if (note) warnings.push(note);
    }
    sendJson(res, 201, { ...created.key, key: created.secret, note: 'store this key now: it is not shown again', warnings });
  });

  router.post('/api/keys/:name/rotate', async ({ req, res, params }) => {
    const body = await readOptionalJson(req);
    onlyFields(body, ['grace_seconds']);
    const grace = body.grace_seconds ?? 3600;
    if (typeof grace !== 'number') throw new SwitchyardError('invalid_request', `"grace_seconds" must be a number of seconds, got ${describeValue(grace)}`, { param: 'grace_seconds' });
    const rotated = await manager().rotate(params.name as string, grace * 1000);
    await changed();
    sendJson(res, 200, { ...rotated.key, key: rotated.secret, note: 'store this key now: it is not shown again' });
  });

  // A key moved to another team: its spend so far stays the old team's (traces name the team of
  // each call); its calls from now on count against the new team's budget and rate limit.
  router.patch('/api/keys/:name', async ({ req, res, params }) => {
    const body = await readJson(req);
    onlyFields(body, ['team']);
    if (!('team' in body) || (body.team !== null && typeof body.team !== 'string')) {
      throw new SwitchyardError('invalid_request', `"team" must be a team's name, or null for no team, got ${describeValue(body.team)}`, { param: 'team' });
    }
    const known = [...(deps.keys?.teams ?? []).map((team) => team.name), ...(deps.keys?.all ?? []).flatMap((key) => (key.team ? [key.team] : []))];
    const { key, from } = await manager().move(params.name as string, body.team as string | null, known);
    await changed();
    sendJson(res, 200, { ...key, previousTeam: from, note: moveNote(key.name, from, key.team) });
  });

  router.delete('/api/keys/:name', async ({ res, params }) => {
    const revoked = await manager().revoke(params.name as string);
    await changed();
    sendJson(res, 200, revoked);
  });

  const credentials = (): ProviderCredentials => {
    if (!deps.credentials) throw new SwitchyardError('unsupported', 'provider credentials cannot be stored on this server (no key store)');
    return deps.credentials;
  };
  router.get('/api/credentials', async ({ res }) => sendJson(res, 200, { credentials: await credentials().list() }));
  router.put('/api/credentials/:provider', async ({ req, res, params }) => {
    const body = await readJson(req);
    onlyFields(body, ['api_key']);
    if (typeof body.api_key !== 'string') throw new SwitchyardError('invalid_request', '"api_key" must be a string', { param: 'api_key' });
    const view = await credentials().set(params.provider as string, body.api_key);
    await changed();
    sendJson(res, 200, { ...view, note: 'stored sealed; every replica switches to it within limits.keys_poll_ms' });
  });
  router.delete('/api/credentials/:provider', async ({ res, params }) => {
    await credentials().delete(params.provider as string);
    await changed();
    res.writeHead(204).end();
  });

  router.get('/api/teams', async ({ res }) => {
    const at = now();
    const keys = deps.keys?.all ?? [];
    const teams = await Promise.all(
      (deps.keys?.teams ?? []).map(async (team) => ({
        ...team,
        keys: keys.filter((key) => key.team === team.name).length,
        usage:
          team.budget && deps.limits
            ? await deps.limits.budgetUsage({ id: `team:${team.name}`, kind: 'team', name: team.name, budget: team.budget }, at).catch(() => null)
            : null,
        // The team's own window (all its keys together), as the gateway counts it against its rate limit.
        rateUsage:
          team.rateLimit && deps.limits ? await deps.limits.rateUsage({ id: `team:${team.name}`, kind: 'team', name: team.name, limit: team.rateLimit }, at).catch(() => null) : null,
      })),
    );
    // A team keys name but nobody has given limits is still a team: listed, so its keys can be
    // seen together and a budget set for it.
    const named = teamsNamedByKeys(keys, teams.map((team) => team.name));
    const implied = [...named].map(([name, count]) => ({ name, budget: null, rateLimit: null, source: 'keys' as const, keys: count, usage: null, rateUsage: null }));
    sendJson(res, 200, { teams: [...teams, ...implied] });
  });

  router.put('/api/teams/:name', async ({ req, res, params }) => {
    const { budget, rateLimit } = parseTeam(await readJson(req));
    const team = await manager().putTeam(params.name as string, budget, rateLimit);
    await changed();
    sendJson(res, 200, team);
  });

  router.delete('/api/teams/:name', { query: { force: param.bool() } }, async ({ res, params, query }) => {
    await manager().deleteTeam(params.name as string, { force: query.force ?? false });
    await changed();
    res.writeHead(204).end();
  });
}

function runtimeFields(view: KeyView | undefined): Record<string, unknown> {
  if (!view) return {};
  return { prefix: view.prefix, createdAt: view.createdAt, rotatedAt: view.rotatedAt, previousValidUntil: view.previousValidUntil };
}

