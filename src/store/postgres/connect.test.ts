import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../contract/backends.js';
import { scratchSchema } from '../contract/scratch-schema.js';
import { Relay } from '../../test-support/redis-relay.js';
import { inTransaction, openPool, parsePostgresUrl } from './connect.js';
import { jsonb, pgInt, pgInt4, pgText } from './pg-values.js';


/**
 * A pool on the test server through a relay (cut, it is a PostgreSQL that stopped or a port
 * closed), its URL carrying a password the messages must never show.
 */
async function poolBehindRelay() {
  const relay = new Relay(Number(new URL(TEST_POSTGRES_URL).port || 5432));
  await relay.open();
  const url = new URL(TEST_POSTGRES_URL);
  url.port = String(relay.port);
  url.password = 's3cret';
  return { relay, pool: await openPool(parsePostgresUrl(url.toString())) };
}

describe('PostgreSQL URLs', () => {
  it('takes the schema and pool size off the URL and hides the password', () => {
    const target = parsePostgresUrl('postgres://app:s3cret@db.internal:5433/sy?schema=gateway&pool_size=4&sslmode=require');
    expect(target).toEqual({
      connectionString: 'postgres://app:s3cret@db.internal:5433/sy?sslmode=require',
      schema: 'gateway',
      poolSize: 4,
      location: 'postgres://app@db.internal:5433/sy?sslmode=require&schema=gateway',
    });
    expect(parsePostgresUrl('postgresql://localhost/sy')).toMatchObject({ schema: 'public', poolSize: 10 });
    // A password given as a parameter, as node-postgres reads it, is hidden as well: the start banner showed it.
    expect(parsePostgresUrl('postgres://app@db.internal/sy?password=s3cret&sslmode=require')).toMatchObject({
      connectionString: 'postgres://app@db.internal/sy?password=s3cret&sslmode=require',
      location: 'postgres://app@db.internal/sy?sslmode=require',
    });
    expect(() => parsePostgresUrl('postgres://db/sy?password=s3cret&password=other')).toThrow(/^store\.postgres: the URL parameter "password" is given 2 times \(values not shown\); give it once$/);
  });

  it('names what is wrong with a URL', () => {
    expect(() => parsePostgresUrl('postgres://db/sy?schema=drop;table')).toThrow('store.postgres: schema "drop;table" must be 1–63 letters, digits or "_", not starting with a digit');
    expect(() => parsePostgresUrl('postgres://db/sy?pool_size=0')).toThrow('store.postgres: pool_size must be an integer from 1 to 100, got "0"');
    // Digits only, each parameter once (helper hostile11): "0x10" was 16 connections, and of two schemas the first was taken.
    expect(() => parsePostgresUrl('postgres://db/sy?pool_size=0x10')).toThrow('store.postgres: pool_size must be an integer from 1 to 100, got "0x10"');
    expect(() => parsePostgresUrl('postgres://db/sy?pool_size=1e1')).toThrow('got "1e1"');
    expect(() => parsePostgresUrl('postgres://db/sy?schema=a&schema=b')).toThrow('store.postgres: the URL parameter "schema" is given 2 times ("a", "b"); give it once');
    expect(() => parsePostgresUrl('postgres://db/sy?sslmode=disable&sslmode=require')).toThrow('the URL parameter "sslmode" is given 2 times');
    expect(() => parsePostgresUrl('postgres://')).toThrow('store.postgres: the URL names no host');
    expect(() => parsePostgresUrl('not a url')).toThrow('store.postgres: not a URL');
  });

  it('refuses URL parameters the driver would ignore, naming what to write instead', () => {
    // A libpq or JDBC habit: node-postgres drops these without a word, and the tables went to public.
    expect(() => parsePostgresUrl('postgres://db/sy?search_path=gw')).toThrow('store.postgres: the URL parameter "search_path" is not read here: Switchyard\'s tables go in the schema named by ?schema=NAME (default public)');
    expect(() => parsePostgresUrl('postgres://db/sy?currentSchema=gw')).toThrow('the URL parameter "currentSchema" is not read here');
    expect(() => parsePostgresUrl('postgres://db/sy?schema=gw&pool-size=4')).toThrow('store.postgres: unknown URL parameter "pool-size" (did you mean "pool_size"?); the driver (node-postgres) would ignore it (known: schema, pool_size, application_name,');
    expect(() => parsePostgresUrl('postgres://db/sy?connect_timeout=5')).toThrow('"connect_timeout" is not read by the driver (node-postgres); Switchyard waits 10 s for a first connection');
    expect(() => parsePostgresUrl('postgres://db/sy?options=-c%20search_path%3Dgw')).toThrow('store.postgres: options "-c search_path=gw" sets search_path; name the schema with ?schema=NAME instead');
    expect(parsePostgresUrl('postgres://db/sy?application_name=gw&sslmode=disable&statement_timeout=5000')).toMatchObject({ schema: 'public' });
  });

  it("keeps the URL's own options beside the schema's search_path", async () => {
    // node-postgres let a URL's options replace the pool's: search_path and synchronous_commit were lost.
    const schema = `options_${process.pid}`;
    const target = parsePostgresUrl(`${TEST_POSTGRES_URL}?schema=${schema}&options=-c%20statement_timeout%3D4321`);
    expect(target).toMatchObject({ options: '-c statement_timeout=4321', connectionString: TEST_POSTGRES_URL });
    const pool = await openPool(target);
    try {
      const shown = async (setting: string) => ((await pool.query(`SHOW ${setting}`)).rows[0] as Record<string, string>)[setting];
      expect([await shown('search_path'), await shown('statement_timeout'), await shown('synchronous_commit')]).toEqual([schema, '4321ms', 'off']);
    } finally {
      await pool.end();
    }
  });

  it('says which server it cannot reach, without its password', async () => {
    await expect(openPool(parsePostgresUrl('postgres://app:s3cret@127.0.0.1:1/sy'))).rejects.toThrow(/^store\.postgres: cannot connect to postgres:\/\/app@127\.0\.0\.1:1\/sy: .*; is PostgreSQL running and listening on 127\.0\.0\.1:1\?$/);
  });

  it('names the store and what to check when the server goes away once running, as at start', async () => {
    const { relay, pool } = await poolBehindRelay();
    try {
      await relay.cut();
      // The pool drops its idle connection once it hears it closed; the next query connects anew.
      while (pool.idleCount > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // Before, the trace writer's log and /health's `last error` read `connect ECONNREFUSED 127.0.0.1:PORT`.
      const failed = (await pool.query('SELECT 1').then(
        () => new Error('the query was answered through a closed relay'),
        (error: unknown) => error,
      )) as Error & { code?: string };
      expect(failed.message).toMatch(new RegExp(`^store\\.postgres: cannot connect to postgres://postgres@127\\.0\\.0\\.1:${relay.port}/test: connect ECONNREFUSED 127\\.0\\.0\\.1:${relay.port}; is PostgreSQL running and listening on 127\\.0\\.0\\.1:${relay.port}\\?$`));
      expect(failed.message).not.toContain('s3cret');
      // Still the driver's error: its code tells a dropped connection from the server's answer.
      expect(failed.code).toBe('ECONNREFUSED');
      await relay.open();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await relay.cut();
      await pool.end();
    }
  });

  it('names the store and what to check when the server drops a connection in use, not the driver\'s bare words', async () => {
    const { relay, pool } = await poolBehindRelay();
    try {
      // A query in flight when PostgreSQL restarts (or a proxy cuts the connection).
      const running = pool.query('SELECT pg_sleep(5)').then(
        () => new Error('the query was answered through a cut relay'),
        (error: unknown) => error as Error,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await relay.cut();
      const failed = await running;
      // Before, the trace writer's log, /health's `last error` and a budget's 503 read `Connection terminated unexpectedly`.
      expect(failed.message).toBe(
        `store.postgres: lost the connection to postgres://postgres@127.0.0.1:${relay.port}/test: Connection terminated unexpectedly; did PostgreSQL restart or stop, or a proxy or firewall close the connection? The next query connects again`,
      );
      await relay.open();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await relay.cut();
      await pool.end();
    }
  });

  it('names the store and what to check when a new connection gets no answer once running, not the pool\'s bare words', async () => {
    const { relay, pool } = await poolBehindRelay();
    // In the relay's place, a server that accepts connections and never speaks (a black-holed host behind a proxy).
    const silent = createServer(() => undefined);
    try {
      await relay.cut();
      while (pool.idleCount > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise<void>((resolve) => silent.listen(relay.port, '127.0.0.1', resolve));
      pool.options.connectionTimeoutMillis = 200;
      const failed = (await pool.query('SELECT 1').then(() => new Error('answered'), (error: unknown) => error)) as Error;
      // Before, the trace writer's log and /health read `Connection terminated due to connection timeout`.
      expect(failed.message).toMatch(new RegExp(`^store\\.postgres: cannot connect to postgres://postgres@127\\.0\\.0\\.1:${relay.port}/test: no answer to a connection attempt \\(Connection terminated due to connection timeout\\); is 127\\.0\\.0\\.1:${relay.port} the PostgreSQL server`));
      expect(failed.message).not.toContain('s3cret');
    } finally {
      await pool.end();
      silent.close();
    }
  });

  it('says the pool stayed busy, and what to check, when every connection is held past the timeout', async () => {
    const pool = await openPool(parsePostgresUrl(`${TEST_POSTGRES_URL}?pool_size=1`));
    const held = await pool.connect();
    try {
      pool.options.connectionTimeoutMillis = 200;
      const failed = (await pool.query('SELECT 1').then(() => new Error('answered'), (error: unknown) => error)) as Error;
      expect(failed.message).toBe(`store.postgres: all 1 connections to ${parsePostgresUrl(TEST_POSTGRES_URL).location} stayed busy for 0.2 s (timeout exceeded when trying to connect); is the server slow or locked (pg_stat_activity shows what runs), or is the pool too small for the traffic (?pool_size=N in the URL)?`);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('says how to create a database that does not exist', async () => {
    const url = `postgres://postgres@127.0.0.1:5432/switchyard_absent_${process.pid}?schema=replicas`;
    await expect(openPool(parsePostgresUrl(url))).rejects.toThrow(
      `database "switchyard_absent_${process.pid}" does not exist; create it first: createdb -h 127.0.0.1 -p 5432 -U postgres switchyard_absent_${process.pid} (or CREATE DATABASE "switchyard_absent_${process.pid}")`,
    );
  });
});

describe('PostgreSQL commits', () => {
  const scratch = scratchSchema();

  it('do not wait for the WAL flush on the pool (trace batches), but do in a transaction that is not relaxed', async () => {
    const pool = await scratch.open();
    const level = async (client: { query: typeof pool.query }) => ((await client.query('SHOW synchronous_commit')).rows[0] as { synchronous_commit: string }).synchronous_commit;
    // Every pooled connection, not just the first: a trace batch may go out on any of them.
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    try {
      expect(await Promise.all(clients.map(level))).toEqual(['off', 'off']);
    } finally {
      for (const client of clients) client.release();
    }
    expect(await inTransaction(pool, level)).toBe('on');
    expect(await inTransaction(pool, level, { relaxed: true })).toBe('off');
    // SET LOCAL ends with its transaction: the connection goes back to the pool relaxed.
    expect(await level(pool)).toBe('off');
  });
});

describe('values PostgreSQL accepts', () => {
  it('replaces what text and JSONB cannot hold, and nothing else', () => {
    expect(pgText('a\u0000b')).toBe('a\ufffdb');
    expect(pgText('plain')).toBe('plain');
    expect(JSON.parse(jsonb({ t: 'x\u0000y', lone: '\ud800', pair: '😀', escaped: '\\u0000' }) as string)).toEqual({ t: 'x\ufffdy', lone: '\ufffd', pair: '😀', escaped: '\\u0000' });
    expect(jsonb(undefined)).toBeNull();
    expect(pgInt(1.6)).toBe(2);
    expect(pgInt(Number.NaN)).toBe(0);
    expect(pgInt4(2 ** 40)).toBe(2_147_483_647);
  });
});
