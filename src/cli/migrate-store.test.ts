import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dropSchemas } from '../store/contract/drop-schemas.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../store/contract/backends.js';
import { migrate } from './migrate-store.js';

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
    expect(first).toMatch(/^postgres postgres:\/\/.*schema=sy_test_\w+: applied 9 migration\(s\)\n {2}traces v1\n {2}monitor_rollups v1\n {2}review v1\n {2}evals v1\n {2}sessions v1\n {2}keys v1\n {2}keys v2\n {2}monitor v1\n {2}loadtests v1$/);
    expect(await printed({ config })).toMatch(/: up to date, nothing to apply$/);
  });

  it('migrates a SQLite file named with --db and reports JSON', async () => {
    const out = JSON.parse(await printed({ db: join(dir, 'fresh.db'), json: true }));
    expect(out).toMatchObject({ backend: 'sqlite', applied: [{ feature: 'traces', version: 1 }, { feature: 'monitor_rollups', version: 1 }, { feature: 'review', version: 1 }, { feature: 'evals', version: 1 }, { feature: 'local_models', version: 1 }, { feature: 'local_examples', version: 1 }, { feature: 'responses', version: 1 }, { feature: 'sessions', version: 1 }, { feature: 'keys', version: 1 }, { feature: 'keys', version: 2 }, { feature: 'monitor', version: 1 }, { feature: 'loadtests', version: 1 }] });
  });
});
