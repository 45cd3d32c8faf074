import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openSqliteModelRegistry } from '../../store/sqlite/sqlite-model-registry.js';
import { SqliteExampleStore } from '../../store/sqlite/sqlite-example-store.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-models-delete-'));
const db = join(dir, 'models.db');
const GOOD = { accuracy: 0.99, coverage: 0.9, precision: 0.99, examples: 300 };
const BAR = { minPrecision: 0.95, minCoverage: 0.5 };
// A model file written with `local train --out`: the operator's, never the registry's to delete.
const outFile = join(dir, 'supprt-intent.model');

const sy = (...args: string[]) => {
  const run = spawnSync(process.execPath, [BIN, 'models', ...args, '--db', db], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

/** Each route's version numbers, as `switchyard models` would list them. */
async function routes(): Promise<Record<string, number[]>> {
  const registry = openSqliteModelRegistry(db);
  try {
    const all: Record<string, number[]> = {};
    for (const v of await registry.list()) (all[v.route] ??= []).push(v.version);
    return all;
  } finally {
    await registry.close();
  }
}

beforeAll(async () => {
  // The newcomer's mistake: `local train --route supprt-intent --promote` twice, beside the real route.
  const registry = openSqliteModelRegistry(db);
  for (const route of ['support-intent', 'supprt-intent']) {
    for (let i = 0; i < 2; i++) await registry.register({ route, dataVersion: `d${i}`, metrics: GOOD, model: new Uint8Array([i]), createdAt: Date.now() });
    await registry.promote(route, 2, BAR, Date.now());
  }
  await registry.close();
  // What `local train --route supprt-intent` kept of its file for the route's retraining.
  const file = new Database(db);
  const kept = (route: string, n: number) => Array.from({ length: n }, (_, i) => ({ route, text: `my card ${i}`, label: 'card_arrival', source: 'file' as const, traceId: null, at: Date.now() }));
  await new SqliteExampleStore(file).add([...kept('supprt-intent', 3), ...kept('support-intent', 1)]);
  file.close();
  writeFileSync(outFile, 'model bytes');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard models delete', () => {
  it('refuses an unknown route naming the one a typo meant, and an unknown version naming the versions', async () => {
    const typo = sy('delete', '--route', 'suport-intent');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('switchyard: route "suport-intent" has no model versions in the registry; did you mean "support-intent"? (routes with versions: "support-intent", "supprt-intent")\n');
    const version = sy('delete', '--route', 'supprt-intent', '--version', '5');
    expect(version.code).toBe(1);
    expect(version.stderr).toBe('switchyard: route "supprt-intent" has no version 5 (versions: 1, 2)\n');
    expect(sy('delete', '--route', 'supprt-intent', '--version', 'v1').stderr).toBe('switchyard: --version must be a version number (an integer from 1), got "v1"\n');
    expect(await routes()).toEqual({ 'support-intent': [2, 1], 'supprt-intent': [2, 1] });
  });

  it('refuses the live version (demote it first, naming it), deletes another, and removes the whole route only with --force', async () => {
    const live = sy('delete', '--route', 'supprt-intent', '--version', '2');
    expect(live.code).toBe(1);
    expect(live.stderr).toBe('switchyard: route "supprt-intent" version 2 is live (it answers requests); nothing deleted: demote it first (switchyard models demote --route supprt-intent), then delete it; --force removes only a whole route\n');
    const one = sy('delete', '--route', 'supprt-intent', '--version', '1');
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('supprt-intent: deleted v1\n');
    const whole = sy('delete', '--route', 'supprt-intent');
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain('version 2 is live (it answers requests); nothing deleted: demote it first (switchyard models demote --route supprt-intent), or remove the whole route anyway with --force');
    expect(await routes()).toEqual({ 'support-intent': [2, 1], 'supprt-intent': [2] });
    const forced = sy('delete', '--route', 'supprt-intent', '--force', '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ route: 'supprt-intent', action: 'delete', deleted: [2], routeRemoved: true, pinReleased: null, wasLive: 2, examplesKept: 3 });
    // `switchyard models` no longer lists it; the other route and the file on disk are untouched.
    const listed = sy('--json');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('supprt-intent');
    expect(await routes()).toEqual({ 'support-intent': [2, 1] });
    expect(readFileSync(outFile, 'utf8')).toBe('model bytes');
  });

  it('removes a whole route with no live version without --force, saying the route is gone', async () => {
    expect(sy('demote', '--route', 'support-intent').code).toBe(0);
    const gone = sy('delete', '--route', 'support-intent');
    expect(gone.code).toBe(0);
    expect(gone.stdout).toBe('support-intent: deleted v2, v1 (no versions left: the route is gone from the registry, with its history)\npin released (was: version 2 demoted by hand: demoted from the CLI (switchyard models demote))\nits 1 labelled example stays in the store (kept from `local train --route` files, its traffic and reviews): a route registered again as "support-intent" learns from them at its next retraining (`--examples` deletes them)\n');
    expect(await routes()).toEqual({});
  });

  it("deletes a route's kept examples with --examples: with the route, or alone once the route is gone", async () => {
    const file = new Database(db);
    const examples = new SqliteExampleStore(file);
    const version = sy('delete', '--route', 'supprt-intent', '--version', '1', '--examples');
    expect(version.code).toBe(1);
    expect(version.stderr).toBe("switchyard: --examples deletes a whole route's examples (they are not one version's): drop --version 1\n");
    // supprt-intent was deleted above without them: its 3 examples go alone.
    const alone = sy('delete', '--route', 'supprt-intent', '--examples');
    expect(alone.code).toBe(0);
    expect(alone.stdout).toBe('supprt-intent: no model versions in the registry (nothing to delete there)\ndeleted its 3 labelled examples (kept from `local train --route` files, its traffic and reviews): a route registered again as "supprt-intent" starts from none\n');
    expect(await examples.count('supprt-intent')).toBe(0);
    // Nothing left under the name: the unknown route's error, as without --examples.
    const none = sy('delete', '--route', 'supprt-intent', '--examples');
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('switchyard: route "supprt-intent" has no model versions in the registry (routes with versions: none)\n');
    // A route with versions goes whole with its examples, in one command; other routes' stay.
    const registry = openSqliteModelRegistry(db);
    await registry.register({ route: 'billing-intent', dataVersion: 'd0', metrics: GOOD, model: new Uint8Array([0]), createdAt: Date.now() });
    await registry.close();
    await examples.add([{ route: 'billing-intent', text: 'refund', label: 'refund', source: 'file', traceId: null, at: Date.now() }, { route: 'other-intent', text: 'hi', label: 'greet', source: 'file', traceId: null, at: Date.now() }]);
    const whole = sy('delete', '--route', 'billing-intent', '--examples', '--json');
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout)).toEqual({ route: 'billing-intent', action: 'delete', deleted: [1], routeRemoved: true, pinReleased: null, wasLive: null, examplesDeleted: 1 });
    expect(await examples.count('billing-intent')).toBe(0);
    expect(await examples.count('other-intent')).toBe(1);
    file.close();
  });
});
