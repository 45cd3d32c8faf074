import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { toTrainedModel } from '../../src/local/train/trained-model.js';
import { openSqliteModelRegistry } from '../../src/store/sqlite/sqlite-model-registry.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
const ROUTE = 'support-intent';
const POLL_MS = 50;
const dir = mkdtempSync(join(tmpdir(), 'sy-model-rollback-'));
const db = join(dir, 'sy.db');
const train = banking77('train', EIGHT_LABELS, 120);
const test = banking77('test', EIGHT_LABELS, 10);
const ADMIN_KEY = 'sk-admin-rollback-test-0123456789';
const BAR = { minPrecision: 0.95, minCoverage: 0.3 };
// The command it names reaches the same registry: with the --db the change was made on (it read the default store).
const PIN_NOTE = (route: string) => `pinned: automatic retraining registers new versions but promotes none until \`switchyard models unpin --route ${route} --db ${db}\``;

let h: Harness;
let client: OpenAI;
/** Test questions the live model answers locally (found once v2 is serving). */
let confident: string[] = [];

const sy = (args: string[]) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

async function ask(text: string) {
  return client.chat.completions.create({ model: ROUTE, messages: [{ role: 'user', content: text }] }).withResponse();
}

/** The versions answering the confident questions now. */
async function servedBy(): Promise<Set<string>> {
  const models = new Set<string>();
  for (const text of confident) models.add((await ask(text)).data.model);
  return models;
}

/** Asks until every confident question is answered by `model`; a safety net of 10 s, not a measure. */
async function waitForModel(model: string): Promise<Set<string>> {
  const deadline = Date.now() + 10_000;
  let seen = await servedBy();
  while (!(seen.size === 1 && seen.has(model)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS / 2));
    seen = await servedBy();
  }
  return seen;
}

/** The review queue's demotion flags, as a reviewer sees them. */
async function demotionFlags(): Promise<{ traceId: string | null; reason: string }[]> {
  const stores = openSqliteStores(db);
  try {
    return (await stores.reviews.queue({ reviewer: 'ana', status: 'all', limit: 50 })).filter((i) => i.source === 'flag').map((i) => ({ traceId: i.traceId, reason: i.reason }));
  } finally {
    await stores.close();
  }
}

async function admin(path: string, body?: unknown, method = 'POST') {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  // Two versions registered and promoted in turn, as `local train --promote` twice would leave them.
  const registry = openSqliteModelRegistry(db);
  for (const seed of [7, 8]) {
    const { model, bytes } = toTrainedModel(trainClassifier(train, { minPrecision: BAR.minPrecision, seed }));
    const v = await registry.register({ route: ROUTE, dataVersion: model.info.trainingDataHash, metrics: { ...model.info.metrics }, model: bytes, createdAt: Date.now() });
    const promoted = await registry.promote(ROUTE, v.version, BAR, Date.now());
    expect(promoted.reason).toMatch(/^held-out precision/);
  }
  // A third version whose figures fall short of the bar (the same file, weaker held-out figures).
  await registry.register({ route: ROUTE, dataVersion: 'weak', metrics: { accuracy: 0.7, coverage: 0.2, precision: 0.9, examples: 300 }, model: await registry.modelBytes(ROUTE, 1), createdAt: Date.now() });
  // A route with one version ever live: nothing to roll back to.
  await registry.register({ route: 'single', dataVersion: 'x', metrics: { accuracy: 0.99, coverage: 0.99, precision: 0.99, examples: 300 }, model: await registry.modelBytes(ROUTE, 1), createdAt: Date.now() });
  await registry.promote('single', 1, BAR, Date.now());
  await registry.close();

  h = await startHarness(
    '',
    (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large }
limits: { keys_poll_ms: ${POLL_MS} }
server: { admin_key: ${ADMIN_KEY} }
routes:
  ${ROUTE}:
    policy: static
    target: teacher
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: ${BAR.minCoverage}, shadow_rate: 0 }
`,
    { sqlite: db },
  );
  client = h.openai('any');
  for (const e of test) if ((await ask(e.text)).data.model.startsWith('local:')) confident.push(e.text);
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rolling a local model back while the gateway runs', () => {
  it('serves the version the CLI rolls back to within the poll interval, without a restart', async () => {
    expect(confident.length).toBeGreaterThan(3);
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v2`]));

    const rolled = sy(['models', 'rollback', '--route', ROUTE, '--db', db]);
    expect(rolled.stderr).toBe('');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toBe(`${ROUTE}: rollback v2 → v1: rolled back to version 1\nrunning gateways serve the change within limits.keys_poll_ms\n${PIN_NOTE(ROUTE)}\n`);
    const listed = sy(['models', '--route', ROUTE, '--db', db]);
    expect(listed.stdout).toContain(`${ROUTE} pinned (rolled back to version 1 by hand): retraining registers new versions but promotes none until \`switchyard models unpin --route ${ROUTE} --db ${db}\``);
    // The marker sits on the version the pin holds live, not on the newest candidate.
    expect(listed.stdout).toMatch(/│ 1 +│ live ● pinned/);
    expect(listed.stdout).toMatch(/│ 3 +│ candidate +│/);
    expect(JSON.parse(sy(['models', '--route', ROUTE, '--db', db, '--json']).stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ version: 1, live: true, pinned: true })]));

    expect(await waitForModel(`local:${ROUTE}@v1`)).toEqual(new Set([`local:${ROUTE}@v1`]));
    const { response } = await ask(confident[0] as string);
    const trace = await h.traceOf(response);
    expect(trace.upstreamModel).toBe(`local:${ROUTE}@v1`);
    expect(trace.decisions?.local).toMatchObject({ answered: true, version: 1 });
  }, 60_000);

  it('refuses, from the CLI, a version under the bar, an unknown route or version, and nothing to roll back to', async () => {
    const weak = sy(['models', 'promote', '--route', ROUTE, '--version', '3', '--db', db, '--min-coverage', '0.3']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain(`route "${ROUTE}" version 3 not promoted: held-out precision 90.0% is below the bar of 95.0%; held-out coverage 20.0% is below the bar of 30.0%`);
    const unknownRoute = sy(['models', 'rollback', '--route', 'nope', '--db', db]);
    expect(unknownRoute.code).toBe(1);
    expect(unknownRoute.stderr).toContain(`route "nope" has no model versions in the registry (routes with versions: "single", "${ROUTE}")`);
    const unknownVersion = sy(['models', 'rollback', '--route', ROUTE, '--to', '9', '--db', db]);
    expect(unknownVersion.stderr).toContain(`route "${ROUTE}" has no version 9 (versions: 1, 2, 3)`);
    const nothing = sy(['models', 'rollback', '--route', 'single', '--db', db]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('route "single" has no earlier live version to roll back to');
    const demoted = sy(['models', 'demote', '--route', 'single', '--db', db]);
    expect(demoted.code).toBe(0);
    expect(demoted.stdout).toBe(`single: demote v1 → none live (every request escalates to the route's target): demoted from the CLI (switchyard models demote)\nrunning gateways serve the change within limits.keys_poll_ms\n${PIN_NOTE('single')}\n`);
    expect(await demotionFlags()).toEqual([{ traceId: null, reason: 'single: local model demoted by hand, v1 (demoted from the CLI (switchyard models demote))' }]);
    const unpinned = sy(['models', 'unpin', '--route', 'single', '--db', db]);
    expect(unpinned.stdout).toBe('single: unpinned (was: version 1 demoted by hand: demoted from the CLI (switchyard models demote)); automatic retraining promotes versions that meet the bar again\n');
    const notPinned = sy(['models', 'unpin', '--route', 'single', '--db', db]);
    expect(notPinned.code).toBe(1);
    expect(notPinned.stderr).toContain(`route "single" is not pinned (pinned routes: "${ROUTE}")`);
    const noLive = sy(['models', 'demote', '--route', 'single', '--db', db]);
    expect(noLive.stderr).toContain('route "single" has no live version to demote');
    const badVersion = sy(['models', 'promote', '--route', ROUTE, '--version', 'two', '--db', db]);
    expect(badVersion.stderr).toContain('--version must be a version number (an integer from 1), got "two"');
  });

  it('demotes, rolls back and promotes through the admin API, each served at once on this replica', async () => {
    const demoted = await admin(`/api/models/${ROUTE}/demote`, { reason: 'labels are being redefined' });
    expect(demoted).toEqual({ status: 200, body: { route: ROUTE, action: 'demote', from: 1, live: null, reason: 'labels are being redefined', pinned: true } });
    // Everything escalates to the teacher, and the trace says why.
    const { data, response } = await ask(confident[0] as string);
    expect(data.model).toBe('standin-large');
    const trace = await h.traceOf(response);
    expect(trace.decisions?.local).toEqual({ answered: false, reason: 'v1 demoted: labels are being redefined' });
    expect(await demotionFlags()).toContainEqual({ traceId: null, reason: `${ROUTE}: local model demoted by hand, v1 (labels are being redefined)` });

    const again = await admin(`/api/models/${ROUTE}/demote`);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe(`route "${ROUTE}" has no live version to demote`);

    // The version live before the demoted one.
    const back = await admin(`/api/models/${ROUTE}/rollback`);
    expect(back.body).toMatchObject({ action: 'rollback', from: null, live: 2 });
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v2`]));

    const weak = await admin(`/api/models/${ROUTE}/promote`, { version: 3 });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toBe(`route "${ROUTE}" version 3 not promoted: held-out precision 90.0% is below the bar of 95.0%; held-out coverage 20.0% is below the bar of 30.0%`);
    const missing = await admin(`/api/models/${ROUTE}/promote`, { version: 9 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`route "${ROUTE}" has no version 9 (versions: 1, 2, 3)`);
    const unknown = await admin('/api/models/nope/rollback', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('route "nope" has no model versions in the registry');
    const typo = await admin(`/api/models/${ROUTE}/rollback`, { version: 1 });
    expect(typo.status).toBe(400);

    const promoted = await admin(`/api/models/${ROUTE}/promote`, { version: 1 });
    expect(promoted.body).toMatchObject({ action: 'promote', from: 2, live: 1, bar: { minPrecision: 0.95, minCoverage: 0.3 } });
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v1`]));

    const listed = (await (await fetch(`${h.gateway.url}/api/models?route=${ROUTE}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as Record<string, any>;
    expect(listed.pins).toEqual([expect.objectContaining({ route: ROUTE, reason: 'version 1 promoted by hand' })]);
    expect(listed.versions.every((v: { pinned: boolean }) => v.pinned)).toBe(true);
    expect(await admin(`/api/models/${ROUTE}/unpin`)).toEqual({ status: 200, body: { route: ROUTE, action: 'unpin', released: 'version 1 promoted by hand' } });
    const twice = await admin(`/api/models/${ROUTE}/unpin`);
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe(`route "${ROUTE}" is not pinned (pinned routes: none)`);

    // A registry route the config lacks is listed too, marked, so it can still be rolled back or demoted.
    const all = (await (await fetch(`${h.gateway.url}/api/models`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { versions: { route: string; inConfig: boolean }[] };
    expect(new Set(all.versions.map((v) => `${v.route} ${v.inConfig}`))).toEqual(new Set([`${ROUTE} true`, 'single false']));
  }, 60_000);

  it('flags a demotion by hand once when two arrive at the same moment', async () => {
    const both = await Promise.all([admin(`/api/models/${ROUTE}/demote`, { reason: 'two clicks' }), admin(`/api/models/${ROUTE}/demote`, { reason: 'two clicks' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    expect((await demotionFlags()).filter((f) => f.reason.endsWith('(two clicks)'))).toEqual([{ traceId: null, reason: `${ROUTE}: local model demoted by hand, v1 (two clicks)` }]);
  }, 30_000);

  it('refuses a rollback from the version a stale page saw live, naming what is live now, and changes nothing', async () => {
    const liveNow = async () => {
      const listed = (await (await fetch(`${h.gateway.url}/api/models?route=${ROUTE}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { versions: { version: number; live: boolean }[] };
      return listed.versions.filter((v) => v.live).map((v) => v.version);
    };
    // The page was loaded while v1 was live; the two clicks above demoted it since.
    expect(await liveNow()).toEqual([]);
    const stale = await admin(`/api/models/${ROUTE}/rollback`, { from: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(`route "${ROUTE}" changed since this rollback found version 1 live: no version is live now; nothing rolled back (roll back again to go back from what is live now)`);
    expect(await liveNow()).toEqual([]);

    // A page that shows nothing live rolls back from nothing, to the version live before v1.
    const fresh = await admin(`/api/models/${ROUTE}/rollback`, { from: null });
    expect(fresh.body).toMatchObject({ action: 'rollback', from: null, live: 2 });
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v2`]));

    // With `to` as well, the check still holds: the operator said what they saw.
    const staleTo = await admin(`/api/models/${ROUTE}/rollback`, { to: 1, from: 1 });
    expect(staleTo.status).toBe(409);
    expect(staleTo.body.error.message).toContain(`route "${ROUTE}" changed since this rollback found version 1 live: version 2 is live now (rolled back to version 2)`);
    expect(await liveNow()).toEqual([2]);
    expect((await admin(`/api/models/${ROUTE}/rollback`, { to: 1, from: 2 })).body).toMatchObject({ action: 'rollback', from: 2, live: 1 });

    const bad = await admin(`/api/models/${ROUTE}/rollback`, { from: 'v2' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('from must be a version number (an integer from 1), got "v2"');
    expect(await liveNow()).toEqual([1]);
  }, 30_000);

  it('refuses a promotion or demotion from the version a stale page saw live, naming both, and serves on unchanged', async () => {
    // v1 is live (the rollback above); a page loaded while v2 was live acts on it.
    const stalePromote = await admin(`/api/models/${ROUTE}/promote`, { version: 2, from: 2 });
    expect(stalePromote.status).toBe(409);
    expect(stalePromote.body.error.message).toBe(`route "${ROUTE}" changed since this promotion found version 2 live: version 1 is live now (rolled back to version 1); nothing promoted (promote again to replace what is live now)`);
    const staleDemote = await admin(`/api/models/${ROUTE}/demote`, { reason: 'stale page', from: 2 });
    expect(staleDemote.status).toBe(409);
    expect(staleDemote.body.error.message).toBe(`route "${ROUTE}" changed since this demotion found version 2 live: version 1 is live now (rolled back to version 1); nothing demoted (demote again to pull what is live now)`);
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v1`]));
    expect((await demotionFlags()).filter((f) => f.reason.endsWith('(stale page)'))).toEqual([]);
    expect((await admin(`/api/models/${ROUTE}/promote`, { version: 2, from: 'v1' })).body.error.message).toBe('from must be a version number (an integer from 1), got "v1"');
    // From what is live now, both go through.
    expect((await admin(`/api/models/${ROUTE}/promote`, { version: 2, from: 1 })).body).toMatchObject({ action: 'promote', from: 1, live: 2 });
    expect((await admin(`/api/models/${ROUTE}/demote`, { reason: 'fresh page', from: 2 })).body).toMatchObject({ action: 'demote', from: 2, live: null });
  }, 30_000);

  it('deletes versions through the admin API: never the live one, a whole route only with force, which this replica stops serving at once', async () => {
    const del = (path: string) => admin(path, undefined, 'DELETE');
    const typo = await del('/api/models/suport-intent');
    expect(typo.status).toBe(404);
    expect(typo.body.error.message).toBe(`route "suport-intent" has no model versions in the registry; did you mean "${ROUTE}"? (routes with versions: "single", "${ROUTE}")`);
    expect((await del(`/api/models/${ROUTE}?version=9`)).body.error.message).toBe(`route "${ROUTE}" has no version 9 (versions: 1, 2, 3)`);
    expect((await del(`/api/models/${ROUTE}?vesion=3`)).body.error.message).toContain('unknown query parameter "vesion" (did you mean "version"?); known: version, force, examples');
    expect((await del(`/api/models/${ROUTE}?force=yes`)).body.error.message).toBe('force must be true or false, got "yes"');
    // The weak candidate goes; a route outside the config, with nothing live, goes whole.
    expect(await del(`/api/models/${ROUTE}?version=3`)).toEqual({ status: 200, body: { route: ROUTE, action: 'delete', deleted: [3], routeRemoved: false, pinReleased: null, wasLive: null } });
    expect((await del('/api/models/single')).body).toMatchObject({ deleted: [1], routeRemoved: true, wasLive: null, examplesKept: 0 });

    expect((await admin(`/api/models/${ROUTE}/promote`, { version: 1 })).body).toMatchObject({ live: 1 });
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v1`]));
    const live = await del(`/api/models/${ROUTE}?version=1&force=true`);
    expect(live.status).toBe(409);
    expect(live.body.error.message).toBe(`route "${ROUTE}" version 1 is live (it answers requests); nothing deleted: demote it first (switchyard models demote --route ${ROUTE}), then delete it; --force removes only a whole route`);
    const whole = await del(`/api/models/${ROUTE}`);
    expect(whole.status).toBe(409);
    expect(whole.body.error.message).toContain(`version 1 is live (it answers requests); nothing deleted: demote it first`);
    expect(await servedBy()).toEqual(new Set([`local:${ROUTE}@v1`]));
    // The route's kept examples (as `local train --route` keeps a file's) are not the registry's: the answer says how many stay.
    const stores = openSqliteStores(db);
    try {
      await stores.examples.add(train.slice(0, 3).map((row, i) => ({ route: ROUTE, text: row.text, label: row.label, source: 'file' as const, traceId: null, at: Date.now() + i })));
    } finally {
      await stores.close();
    }
    const removed = await del(`/api/models/${ROUTE}?force=true`);
    expect(removed).toEqual({ status: 200, body: { route: ROUTE, action: 'delete', deleted: [2, 1], routeRemoved: true, pinReleased: 'version 1 promoted by hand', wasLive: 1, examplesKept: 3 } });
    expect(await servedBy()).toEqual(new Set(['standin-large']));
    expect((await del(`/api/models/${ROUTE}?version=1&examples=true`)).body.error.message).toContain('examples are deleted with a whole route');
    // The route gone, ?examples=true deletes what it left behind, as `models delete --examples` does.
    const forgotten = await del(`/api/models/${ROUTE}?examples=true`);
    expect(forgotten).toMatchObject({ status: 200, body: { deleted: [], routeRemoved: false, examplesDeleted: 3 } });
    expect((await del(`/api/models/${ROUTE}?examples=true`)).status).toBe(404);
    const listed = (await (await fetch(`${h.gateway.url}/api/models`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { versions: unknown[]; pins: unknown[] };
    expect(listed).toEqual({ versions: [], pins: [] });
  }, 30_000);
});
