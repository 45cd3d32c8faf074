import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { openSqliteModelRegistry } from '../../store/sqlite/sqlite-model-registry.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-models-from-'));
const db = join(dir, 'models.db');
const ROUTE = 'support-intent';
const GOOD = { accuracy: 0.99, coverage: 0.9, precision: 0.99, examples: 300 };

const sy = (...args: string[]) => {
  const run = spawnSync(process.execPath, [BIN, 'models', ...args, '--route', ROUTE, '--db', db], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

/** The live version now, read as a second operator would. */
async function liveNow(): Promise<number | null> {
  const registry = openSqliteModelRegistry(db);
  try {
    return (await registry.list(ROUTE)).find((v) => v.status === 'live')?.version ?? null;
  } finally {
    await registry.close();
  }
}

/** The review queue's flags' reasons (a demotion by hand sends one). */
async function flags(): Promise<string[]> {
  const stores = openSqliteStores(db);
  try {
    return (await stores.reviews.queue({ reviewer: 'ana', status: 'all', limit: 50 })).filter((i) => i.source === 'flag').map((i) => i.reason);
  } finally {
    await stores.close();
  }
}

beforeAll(async () => {
  // Three versions that meet the bar; v1 then v2 made live, as two retrainings would leave them.
  const registry = openSqliteModelRegistry(db);
  for (let i = 0; i < 3; i++) await registry.register({ route: ROUTE, dataVersion: `d${i}`, metrics: GOOD, model: new Uint8Array([i]), createdAt: Date.now() });
  await registry.promote(ROUTE, 1, { minPrecision: 0.95, minCoverage: 0.5 }, Date.now());
  await registry.promote(ROUTE, 2, { minPrecision: 0.95, minCoverage: 0.5 }, Date.now());
  await registry.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `--from` on promote and demote, as on rollback: an operator (or a script) says which version
 * they saw live; when another is live by then, nothing changes and the command fails with the
 * registry's 409 naming both, so a change made meanwhile (retraining, the shadow monitor, another
 * operator) is not replaced or pulled unseen.
 */
describe('switchyard models promote / demote / rollback --from', () => {
  it('refuses a promotion from a version no longer live, naming both, and changes nothing; from the live one it goes through', async () => {
    const stale = sy('promote', '--version', '3', '--from', '1');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toMatch(new RegExp(`^switchyard: route "${ROUTE}" changed since this promotion found version 1 live: version 2 is live now \\(held-out precision [^)]*\\); nothing promoted \\(promote again to replace what is live now\\)\n$`));
    expect(await liveNow()).toBe(2);
    const fresh = sy('promote', '--version', '3', '--from', '2', '--json');
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ action: 'promote', from: 2, live: 3 });
  });

  it('refuses a demotion from a version no longer live; --from none is a page that saw nothing live', async () => {
    const stale = sy('demote', '--from', '2', '--reason', 'stale script');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`switchyard: route "${ROUTE}" changed since this demotion found version 2 live: version 3 is live now (`);
    expect(stale.stderr).toContain('nothing demoted (demote again to pull what is live now)');
    expect(await liveNow()).toBe(3);
    expect(await flags()).toEqual([]);
    const none = sy('demote', '--from', 'none');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`route "${ROUTE}" changed since this demotion found no live version: version 3 is live now`);
    const fresh = sy('demote', '--from', '3', '--json');
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ action: 'demote', from: 3, live: null });
    expect(await flags()).toEqual([`${ROUTE}: local model demoted by hand, v3 (demoted from the CLI (switchyard models demote))`]);
  });

  it('rollback takes the same --from; a bad value is named before anything changes', async () => {
    const stale = sy('rollback', '--to', '2', '--from', '3');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`changed since this rollback found version 3 live: no version is live now; nothing rolled back (roll back again to go back from what is live now)`);
    expect(await liveNow()).toBe(null);
    const bad = sy('promote', '--version', '2', '--from', 'v3');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('switchyard: --from must be a version number (an integer from 1) or none, got "v3"\n');
    expect(await liveNow()).toBe(null);
    const fresh = sy('rollback', '--to', '2', '--from', 'none', '--json');
    expect(JSON.parse(fresh.stdout)).toMatchObject({ action: 'rollback', from: null, live: 2 });
  });
});
