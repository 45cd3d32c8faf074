/**
 * `migrate --from FILE.db` on the files a person may point it at by mistake or in a hurry: a
 * damaged file, one a newer Switchyard wrote, a directory, a store a gateway is still writing.
 * test/cli/store-copy.test.ts copies a store a real gateway filled.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyStore } from '../cli/copy-store-cli.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { traceSignal } from '../monitor/signals/trace-signal.js';
import { TEST_POSTGRES_URL, uniqueSchema } from './contract/backends.js';
import { dropSchemas } from './contract/drop-schemas.js';
import { checkSqliteStore, copySqliteStore, filledTables } from './copy-sqlite-store.js';
import { openPostgresStores } from './postgres/open-postgres-stores.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-copy-check-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(TEST_POSTGRES_URL, schemas);
});

/** A store file holding `traces` traces, closed. */
async function storeFile(name: string, traces: number): Promise<string> {
  const file = join(dir, name);
  const stores = openSqliteStores(file);
  for (let i = 0; i < traces; i += 100) {
    await stores.traces.insertTraces(Array.from({ length: Math.min(100, traces - i) }, (_, j) => sampleTrace({ id: `tr_${i + j}`, request: { model: 'small', messages: [{ role: 'user', content: `question ${i + j} ${'words '.repeat(40)}` }] } })));
  }
  await stores.close();
  return file;
}

type SqliteStores = ReturnType<typeof openSqliteStores>;
type PostgresStores = Awaited<ReturnType<typeof openPostgresStores>>;

/** Runs `copy` with the store `file` opened read-only as the source and an empty PostgreSQL schema as the target, closing both after. */
async function withSourceAndTarget(file: string, copy: (source: SqliteStores, pg: PostgresStores, schema: string) => Promise<void>): Promise<void> {
  const source = openSqliteStores(file, { writer: false });
  const schema = uniqueSchema();
  schemas.push(schema);
  const pg = await openPostgresStores(`${TEST_POSTGRES_URL}?schema=${schema}`);
  try {
    await copy(source, pg, schema);
  } finally {
    await pg.close();
    await source.close();
  }
}

describe('checkSqliteStore', () => {
  it('refuses a damaged file before anything is copied, naming what SQLite found', async () => {
    const file = await storeFile('damaged.db', 2_000);
    const pages = Math.floor(statSync(file).size / 4096);
    expect(pages).toBeGreaterThan(60);
    // Overwrites pages in the file's middle; its header and schema (the first pages) stay readable.
    const fd = openSync(file, 'r+');
    for (let page = 40; page < 60; page++) writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, page * 4096);
    closeSync(fd);
    // Before, it passed and the copy ended in a stack trace from whichever store read the page.
    expect(() => checkSqliteStore(file)).toThrow(/^--from .*damaged\.db: the SQLite file is damaged \(PRAGMA quick_check: .+\); recover what it holds first \(sqlite3 .*damaged\.db \.recover/);
  });

  it('refuses a store a newer Switchyard migrated further (its new columns would be left behind)', async () => {
    const file = await storeFile('ahead.db', 1);
    const db = new Database(file);
    db.prepare("UPDATE schema_migrations SET version = version + 1 WHERE feature = 'keys'").run();
    db.exec('ALTER TABLE virtual_keys ADD COLUMN future_field TEXT');
    db.close();
    expect(() => checkSqliteStore(file)).toThrow(/^--from .*ahead\.db: the database was migrated by a newer Switchyard: keys v(\d+) \(this build knows v\d+\); copy it with that version/);
  });

  it('names a directory as one', () => {
    expect(() => checkSqliteStore(dir)).toThrow(`--from ${dir}: a directory`);
  });

  it('takes a sound store', async () => {
    expect(() => checkSqliteStore(join(dir, 'sound.db'))).toThrow(/no such file/);
    const file = await storeFile('sound.db', 10);
    expect(() => checkSqliteStore(file)).not.toThrow();
  });
});

describe('copySqliteStore into a target that refuses a row half-way', () => {
  // SQLite takes any value in any column; a file edited by hand or by another program may hold
  // what PostgreSQL refuses. Its own message names neither the table nor the row.
  for (const [label, edit, expected] of [
    ['text that is no JSON in a JSON column', "INSERT INTO eval_cache (key, value, created_at) VALUES ('k1', '{\"ok\":1}', 1), ('k2', '{not json', 2)", /^eval_cache rows 1-2 \(in the order written\): PostgreSQL refused them \(invalid input syntax for type json\): row 2, column value, holds no JSON: "\{not json"$/],
    ['a number past a BIGINT', 'UPDATE key_revision SET revision = 1e30', /^key_revision rows 1-1 \(in the order written\): PostgreSQL refused them \(.*bigint.*\): row 1, column revision, holds "1e\+30", past a bigint$/],
  ] as const) {
    it(`names the table, the row and the column: ${label}`, async () => {
      const file = await storeFile(`refused-${label.length}.db`, 3);
      const db = new Database(file);
      db.exec(edit);
      db.close();
      await withSourceAndTarget(file, async (source, pg, schema) => {
        await expect(copySqliteStore(source, pg, schema)).rejects.toThrow(expected);
        expect(await filledTables(pg, schema)).toEqual([]);
      });
    });
  }
});

describe('copySqliteStore from a store still being written', () => {
  it('fails naming the writes, rather than copying a store that goes on without it', async () => {
    const file = await storeFile('live.db', 300);
    // A gateway still running on the file: it writes a trace while the copy is under way.
    const gateway = openSqliteStores(file);
    let wrote = false;
    try {
      await withSourceAndTarget(file, async (source, pg, schema) => {
        const copy = copySqliteStore(source, pg, schema, () => {
          if (wrote) return;
          wrote = true;
          void gateway.traces.insertTraces([sampleTrace({ id: 'tr_during_copy' })]);
        });
        await expect(copy).rejects.toThrow(/live\.db was written to while it was copied \(a gateway still running on it\?\)/);
        // One PostgreSQL transaction, rolled back: the target holds none of what was copied before.
        expect(await filledTables(pg, schema)).toEqual([]);
      });
    } finally {
      await gateway.close();
    }
    expect(wrote).toBe(true);
  });

  it('copies a store no one writes to', async () => {
    const file = await storeFile('quiet.db', 300);
    await withSourceAndTarget(file, async (source, pg, schema) => {
      const report = await copySqliteStore(source, pg, schema);
      expect(report.tables.find((t) => t.table === 'traces')?.rows).toBe(300);
    });
  });
});

describe('copySqliteStore of tables past one page', () => {
  it('copies every row of a rowid table and of one keyed by three columns without rowid, in their order, a page at a time', async () => {
    const file = await storeFile('pages.db', 10);
    const writer = openSqliteStores(file);
    await writer.monitor.putSignals(Array.from({ length: 1_234 }, (_, i) => traceSignal(sampleTrace({ id: `tr_page_${i}`, ts: 1_000 + i }))));
    await writer.close();
    const db = new Database(file);
    // 1,234 rows each: more than two of the copy's pages, the last one short.
    const rollups = db.prepare(`INSERT INTO rollup_hour SELECT dim, bucket, value, ${['requests', 'errors', 'input_tokens', 'output_tokens', 'cached_tokens'].map(() => '1').join(', ')}, ${(db.prepare('PRAGMA table_info(rollup_hour)').all() as unknown[]).slice(8).map(() => '0').join(', ')} FROM (SELECT 'model' AS dim, 3600000 * (n % 7) AS bucket, 'm-' || n AS value FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1234) SELECT n FROM c))`);
    rollups.run();
    const before = db.prepare("SELECT dim, bucket, value FROM rollup_hour WHERE dim = 'model' ORDER BY dim, bucket, value").all();
    const signals = (db.prepare('SELECT count(*) AS n FROM monitor_signals').get() as { n: number }).n;
    expect(signals).toBe(1_234);
    db.close();
    await withSourceAndTarget(file, async (source, pg, schema) => {
      const report = await copySqliteStore(source, pg, schema);
      expect(report.tables.find((t) => t.table === 'monitor_signals')?.rows).toBe(signals);
      const { rows } = await pg.pool.query(`SELECT dim, bucket::float8 AS bucket, value FROM "${schema}".rollup_hour WHERE dim = 'model' ORDER BY dim, bucket, value COLLATE "C"`);
      expect(rows.map((r: { dim: string; bucket: number; value: string }) => ({ ...r, bucket: Number(r.bucket) }))).toEqual(before);
    });
  });
});

describe('switchyard migrate --from, its summary', () => {
  it("shows a file name's bidi override and newline escaped, as an error shows them", async () => {
    const file = await storeFile('odd \u202eevil\nname.db', 2);
    const schema = uniqueSchema();
    schemas.push(schema);
    const config = join(dir, 'target.yaml');
    writeFileSync(config, `store: { postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }\n`);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await copyStore({ from: file, config });
    } finally {
      log.mockRestore();
    }
    expect(lines[0]).toContain('odd \\u202eevil\\nname.db into postgres');
    expect(lines.join('\n')).not.toMatch(/[\u202e]/);
  });
});

describe('copySqliteStore from a store another program added tables to', () => {
  it('names a table whose name holds a double quote as not copied, instead of failing on the SQL', async () => {
    const file = await storeFile('foreign-tables.db', 2);
    const db = new Database(file);
    db.exec('CREATE TABLE "evil""name" (x); INSERT INTO "evil""name" VALUES (1)');
    db.close();
    const source = openSqliteStores(file, { writer: false });
    const schema = uniqueSchema();
    schemas.push(schema);
    const pg = await openPostgresStores(`${TEST_POSTGRES_URL}?schema=${schema}`);
    try {
      const report = await copySqliteStore(source, pg, schema);
      expect(report.skipped).toContainEqual({ table: 'evil"name', rows: 1, why: 'no such table in the PostgreSQL store' });
      expect(report.tables.find((t) => t.table === 'traces')?.rows).toBe(2);
    } finally {
      await pg.close();
      await source.close();
    }
  });
});
