import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../store/contract/backends.js';
import { dropSchemas } from '../../store/contract/drop-schemas.js';
import { openStores } from '../../store/open-stores.js';
import type { Stores } from '../../store/stores.js';

/** A test file's stores as a command's `--db` names them, one new store of each backend per call. */
export interface StorePerBackend {
  /** The file's own folder (SQLite files, routers written): removed after its tests. */
  dir: string;
  /** `[name, newDb]`: `newDb()` is a new SQLite file, or a new PostgreSQL schema (dropped after the file's tests). */
  backends: [string, () => string][];
  /** Opens the store `db` names, runs `work` on it and closes it. */
  withStores<T>(db: string, work: (stores: Stores) => Promise<T>): Promise<T>;
}

/**
 * For the CLI tests that read a store a command opens by `--db` (router training from reviews and
 * judged calls): a SQLite file and a PostgreSQL schema per test, cleaned up after the file.
 *
 * @example const { dir, backends, withStores } = storePerBackend('sy-router-judged-');
 * for (const [backend, newDb] of backends) it(backend, async () => { const db = newDb(); await withStores(db, (s) => s.traces.insertTraces(batch)); … });
 */
export function storePerBackend(prefix: string): StorePerBackend {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const schemas: string[] = [];
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (schemas.length > 0) await dropSchemas(TEST_POSTGRES_URL, schemas);
  });
  const backends: [string, () => string][] = [
    ['sqlite', () => join(mkdtempSync(join(dir, 'db-')), 'switchyard.db')],
    [
      'postgres',
      () => {
        const schema = uniqueSchema();
        schemas.push(schema);
        return `${TEST_POSTGRES_URL}?schema=${schema}`;
      },
    ],
  ];
  return {
    dir,
    backends,
    async withStores(db, work) {
      const stores = await openStores(db.startsWith('postgres') ? { postgres: db } : { sqlite: db });
      try {
        return await work(stores);
      } finally {
        await stores.close();
      }
    },
  };
}

/** Prompts a router tells apart: a password reset the cheap model answers well, a proof it does not. */
export const routerPrompts = {
  easy: (i: number) => `How do I reset the password of account ${i}?`,
  hard: (i: number) => `Prove step by step that the sum of the first ${i} odd numbers is a perfect square, with a formal induction.`,
};
