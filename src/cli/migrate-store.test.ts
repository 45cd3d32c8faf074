import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dropSchemas } from '../store/contract/drop-schemas.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../store/contract/backends.js';
import { migrate } from './migrate-store.js';
import { POSTGRES_FEATURES } from '../store/postgres/pg-schema.js';
import { SQLITE_FEATURES } from '../store/sqlite/open-sqlite-stores.js';
import Database from 'better-sqlite3';
import pg from 'pg';

const traces = POSTGRES_FEATURES.find((f) => f.feature === 'traces')?.steps.length as number;

const dir = mkdtempSync(join(tmpdir(), 'sy-migrate-'));
const schema = uniqueSchema();
afterEach(() => void vi.restoreAllMocks());
afterAll(() => dropSchemas(TEST_POSTGRES_URL, [schema]));

async function printed(flags: Parameters<typeof migrate>[0]): Promise<string> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  await migrate(flags);
  vi.restoreAllMocks();
  return lines.join('\n');
}

describe('switchyard migrate', () => {
  it('applies every feature once to the configured PostgreSQL store, then has nothing to do', async () => {
    const config = join(dir, 'pg.yaml');
    writeFileSync(config, `store: { postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }\n`);
    const first = await printed({ config });
    const steps = POSTGRES_FEATURES.flatMap((f) => f.steps.map((_, i) => `  ${f.feature} v${i + 1}`));
    expect(first).toMatch(/^postgres postgres:\/\/.*schema=sy_test_\w+: applied \d+ migrations\n/);
    expect(first.split('\n').slice(1)).toEqual(steps);
    expect(first).toContain(`applied ${steps.length} migrations`);
    expect(await printed({ config })).toMatch(/: up to date, nothing to apply$/);
  });

  it('says which features a newer Switchyard migrated past this build, on PostgreSQL and SQLite', async () => {
    // A replica rolled back onto a schema a newer build migrated: "up to date" hid it.
    const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL });
    try {
      await pool.query(`INSERT INTO "${schema}".schema_migrations (feature, version, applied_at) VALUES ('traces', ${traces + 1}, 0)`);
    } finally {
      await pool.end();
    }
    const config = join(dir, 'pg.yaml');
    expect(await printed({ config })).toMatch(
      new RegExp(`: nothing to apply for this build\\n  the database was migrated by a newer Switchyard: traces v${traces + 1} \\(this build knows v${traces}\\); this build runs on it while the newer steps only add`),
    );
    expect(JSON.parse(await printed({ config, json: true }))).toMatchObject({ applied: [], ahead: [{ feature: 'traces', database: traces + 1, build: traces }] });

    const file = join(dir, 'ahead.db');
    await printed({ db: file });
    const db = new Database(file);
    db.prepare("UPDATE schema_migrations SET version = version + 2 WHERE feature = 'evals'").run();
    db.close();
    const evals = SQLITE_FEATURES.find((f) => f.feature === 'evals')?.steps.length as number;
    expect(JSON.parse(await printed({ db: file, json: true }))).toMatchObject({ applied: [], ahead: [{ feature: 'evals', database: evals + 2, build: evals }] });
  });

  it('migrates a SQLite file named with --db and reports JSON', async () => {
    const out = JSON.parse(await printed({ db: join(dir, 'fresh.db'), json: true }));
    expect(out).toMatchObject({ backend: 'sqlite', applied: SQLITE_FEATURES.flatMap((f) => f.steps.map((_, i) => ({ feature: f.feature, version: i + 1 }))) });
  });
});
