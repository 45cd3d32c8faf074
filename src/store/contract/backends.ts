import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, onTestFinished } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { openStores } from '../open-stores.js';
import { openSqliteStores } from '../sqlite/open-sqlite-stores.js';
import type { Stores } from '../stores.js';

/** A storage backend the contract suites run against. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /**
   * A fresh, empty set of stores, closed when the test that opened it ends (after the file's tests
   * when opened outside a test); on PostgreSQL its schema is dropped after the file's tests.
   */
  fresh(options?: { clock?: Clock }): Promise<Stores>;
  /**
   * A fresh, empty database that several store instances open, as replicas or a restarted
   * process do (SQLite: a file; PostgreSQL: a schema); each `open` is a new instance with its own
   * connections, closed as `fresh` ones are (the database removed after the file's tests).
   */
  shared(): Promise<{ open(options?: { clock?: Clock }): Promise<Stores> }>;
}

/** The shared server CI and every agent use; each run works in schemas of its own. */
export const TEST_POSTGRES_URL = process.env.SWITCHYARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs `suite` once per backend (drizzle's pattern: one contract, every adapter). Every store
 * the suite opens is closed after it, and each PostgreSQL store lives in a uniquely named schema
 * that is dropped afterwards, so parallel runs on the shared server never see each other.
 *
 * @example forEachBackend((backend) => traceStoreContract(backend));
 */
export function forEachBackend(suite: (backend: StoreBackend) => void): void {
  for (const backend of [sqliteBackend(), postgresBackend()]) describe(backend.name, () => suite(backend));
}

/**
 * Closes `stores` when the running test ends, or adds them to `later` outside a test. A file's
 * PostgreSQL pools held their connections until the file ended: a suite of ~70 tests reached the
 * server's 100 connections in CI ("sorry, too many clients already").
 */
function closeAfterTest(stores: Stores, later: Stores[]): Stores {
  try {
    onTestFinished(() => stores.close());
  } catch {
    // Opened in a beforeAll or at collection: no test to end with.
    later.push(stores);
  }
  return stores;
}

function sqliteBackend(): StoreBackend {
  const opened: Stores[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const stores of opened) await stores.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    name: 'sqlite',
    async fresh(options = {}) {
      return closeAfterTest(openSqliteStores(':memory:', options), opened);
    },
    async shared() {
      const dir = mkdtempSync(join(tmpdir(), 'sy-shared-'));
      dirs.push(dir);
      return {
        async open(options = {}) {
          return closeAfterTest(openSqliteStores(join(dir, 'switchyard.db'), options), opened);
        },
      };
    },
  };
}

let schemas = 0;

/**
 * A schema name no other run on the shared server uses.
 *
 * @example `${TEST_POSTGRES_URL}?schema=${uniqueSchema()}`
 */
export function uniqueSchema(): string {
  return `sy_test_${process.pid}_${Date.now().toString(36)}_${(schemas++).toString(36)}`;
}

function postgresBackend(): StoreBackend {
  const opened: Stores[] = [];
  const schemas: string[] = [];
  const ahead = migratedAhead(schemas);
  afterAll(async () => {
    for (const stores of opened) await stores.close();
    await ahead.settled();
    if (schemas.length === 0) return;
    const { dropSchemas } = await import('./drop-schemas.js');
    await dropSchemas(TEST_POSTGRES_URL, schemas);
  });
  const open = async (schema: string, options: { clock?: Clock }) => {
    if (!schemas.includes(schema)) schemas.push(schema);
    return closeAfterTest(await openStores({ postgres: `${TEST_POSTGRES_URL}?schema=${schema}` }, options), opened);
  };
  return {
    name: 'postgres',
    async fresh(options = {}) {
      return open(await ahead.next(), options);
    },
    async shared() {
      const schema = uniqueSchema();
      return { open: (options = {}) => open(schema, options) };
    },
  };
}

/**
 * Fresh schemas for `fresh()`, the next one migrated while a test runs. A new schema's ~50
 * migration steps take 0.1–1.2 s, nearly all of it waiting on the server's disk (its CPU ~0.1 s),
 * and a contract file opens one per test: ~90 in the store contract suite. Each test still gets a
 * schema no one else has used, its stores opened afresh with the test's own options; the look-ahead
 * starts at a file's second schema, so a file that asks for one migrates no spare.
 */
function migratedAhead(schemas: string[]): { next(): Promise<string>; settled(): Promise<void> } {
  const pending: Promise<string>[] = [];
  let taken = 0;
  const migrate = (): Promise<string> => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const migrated = openStores({ postgres: `${TEST_POSTGRES_URL}?schema=${schema}` }).then(async (stores) => {
      await stores.close();
      return schema;
    });
    // A spare no test takes fails nowhere else; one a test takes fails that test.
    migrated.catch(() => undefined);
    return migrated;
  };
  return {
    async next() {
      taken += 1;
      if (taken === 1) return uniqueSchema();
      const schema = pending.shift() ?? migrate();
      pending.push(migrate());
      return schema;
    },
    async settled() {
      await Promise.allSettled(pending);
    },
  };
}
