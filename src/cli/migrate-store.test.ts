import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dropSchemas } from '../store/contract/drop-schemas.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../store/contract/backends.js';
import { migrate } from './migrate-store.js';
import { POSTGRES_FEATURES } from '../store/postgres/pg-schema.js';
import { SQLITE_FEATURES } from '../store/sqlite/open-sqlite-stores.js';

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

  it('migrates a SQLite file named with --db and reports JSON', async () => {
    const out = JSON.parse(await printed({ db: join(dir, 'fresh.db'), json: true }));
    expect(out).toMatchObject({ backend: 'sqlite', applied: SQLITE_FEATURES.flatMap((f) => f.steps.map((_, i) => ({ feature: f.feature, version: i + 1 }))) });
  });
});
