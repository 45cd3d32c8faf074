import { afterAll, describe, expect, it } from 'vitest';
import { makeTrace } from '../monitor/test-traces.js';
import { TEST_POSTGRES_URL, uniqueSchema } from './contract/backends.js';
import { dropSchemas } from './contract/drop-schemas.js';
import { openPool, parsePostgresUrl } from './postgres/connect.js';
import { migratePostgres } from './postgres/migrate.js';
import { TRACE_TABLES } from './postgres/pg-schema.js';
import { TRACE_SEARCH_TABLES } from './postgres/pg-trace-search.js';
import { PgTraceStore } from './postgres/pg-trace-store.js';
import { openDatabase } from './sqlite/open-database.js';
import { SqliteTraceStore } from './sqlite/sqlite-trace-store.js';

// `durability: sync` deletes a journal segment once its traces are stored, so a durable insert
// must reach the disk, not only commit: otherwise a power or database-server crash after the
// delete loses traces the journal had.

describe('durable trace inserts', () => {
  it('SQLite commits a durable batch at synchronous = FULL (the WAL fsynced) and goes back to NORMAL', async () => {
    const db = openDatabase(':memory:');
    const levels: string[] = [];
    const statements: string[] = [];
    let level = 'NORMAL';
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      statements.push(source);
      level = /^synchronous = (\w+)$/.exec(source)?.[1] ?? level;
      return pragma(source, options);
    }) as typeof db.pragma;
    // The level each trace row was written at (a pragma cannot run inside the insert's statement).
    db.function('sync_level', () => (levels.push(level), 0));
    db.exec('CREATE TEMP TRIGGER record_level AFTER INSERT ON traces BEGIN SELECT sync_level(); END');
    const traces = new SqliteTraceStore(db);
    await traces.insertTraces([makeTrace({ id: 'tr_relaxed' })]);
    await traces.insertTraces([makeTrace({ id: 'tr_durable' })], { durable: true });
    expect(levels).toEqual(['NORMAL', 'FULL']);
    expect(statements).toEqual(['synchronous = FULL', 'synchronous = NORMAL']);
    expect(pragma('synchronous', { simple: true })).toBe(1);
    expect((await traces.getTraces(['tr_relaxed', 'tr_durable'])).map((t) => t.id).sort()).toEqual(['tr_durable', 'tr_relaxed']);
  });

  describe('PostgreSQL', () => {
    const schema = uniqueSchema();
    let pool: Awaited<ReturnType<typeof openPool>> | undefined;
    afterAll(async () => {
      await pool?.end();
      await dropSchemas(TEST_POSTGRES_URL, [schema]);
    });

    it('follows a durable batch with a commit that waits for the WAL flush, and a relaxed one without', async () => {
      pool = await openPool(parsePostgresUrl(`${TEST_POSTGRES_URL}?schema=${schema}`));
      await migratePostgres(pool, schema, [TRACE_TABLES, TRACE_SEARCH_TABLES]);
      const sent: string[] = [];
      const connect = pool.connect.bind(pool);
      // Only the promise form: pool.query takes a connection through the callback form.
      pool.connect = ((...args: unknown[]) => {
        if (args.length > 0) return (connect as (...a: unknown[]) => unknown)(...args);
        return wrapped();
      }) as typeof pool.connect;
      // A pooled connection comes back on the next connect: its query is wrapped once.
      const seen = new WeakSet<object>();
      const wrapped = async () => {
        const client = await connect();
        if (seen.has(client)) return client;
        seen.add(client);
        const query = client.query.bind(client);
        client.query = ((text: unknown, ...rest: unknown[]) => {
          if (typeof text === 'string') sent.push(text);
          return (query as (...args: unknown[]) => unknown)(text, ...rest);
        }) as typeof client.query;
        return client;
      };
      const traces = new PgTraceStore(pool);
      await traces.insertTraces([makeTrace({ id: 'tr_relaxed' })]);
      expect(sent).toEqual([]);
      await traces.insertTraces([makeTrace({ id: 'tr_durable' })], { durable: true });
      expect(sent).toEqual(['BEGIN; SET LOCAL synchronous_commit TO on', 'SELECT txid_current()', 'COMMIT']);
      // (A check of the server's WAL flush position here would be global: any other session writing
      // at the same time — parallel test files, a benchmark — moves it, so it is not asserted.)
      expect((await traces.getTraces(['tr_relaxed', 'tr_durable'])).map((t) => t.id).sort()).toEqual(['tr_durable', 'tr_relaxed']);
    });
  });
});
