import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { openStores } from '../open-stores.js';
import { openSqliteStores } from '../sqlite/open-sqlite-stores.js';
import type { Stores } from '../stores.js';

/** A storage backend the contract suites run against. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty set of stores; closed (and, on PostgreSQL, dropped) after the file's tests. */
  fresh(options?: { clock?: Clock }): Promise<Stores>;
  /**
   * A fresh, empty database that several store instances open, as replicas or a restarted
   * process do (SQLite: a file; PostgreSQL: a schema); each `open` is a new instance with its own
   * connections, closed (and the database removed) after the file's tests.
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
      const stores = openSqliteStores(':memory:', options);
      opened.push(stores);
      return stores;
    },
    async shared() {
      const dir = mkdtempSync(join(tmpdir(), 'sy-shared-'));
      dirs.push(dir);
      return {
        async open(options = {}) {
          const stores = openSqliteStores(join(dir, 'switchyard.db'), options);
          opened.push(stores);
          return stores;
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
  const opened: { stores: Stores; schema: string }[] = [];
  afterAll(async () => {
    if (opened.length === 0) return;
    const { dropSchemas } = await import('./drop-schemas.js');
    for (const { stores } of opened) await stores.close();
    await dropSchemas(TEST_POSTGRES_URL, opened.map((o) => o.schema));
  });
  return {
    name: 'postgres',
    async fresh(options = {}) {
      const schema = uniqueSchema();
      const stores = await openStores({ postgres: `${TEST_POSTGRES_URL}?schema=${schema}` }, options);
      opened.push({ stores, schema });
      return stores;
    },
    async shared() {
      const schema = uniqueSchema();
      return {
        async open(options = {}) {
          const stores = await openStores({ postgres: `${TEST_POSTGRES_URL}?schema=${schema}` }, options);
          opened.push({ stores, schema });
          return stores;
        },
      };
    },
  };
}
