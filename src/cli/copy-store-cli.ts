import type { MigrateFlags } from './commands/migrate.js';
import { storeConfigOf } from './open-cli-stores.js';
import { countOf } from '../core/plural.js';
import { SwitchyardError } from '../core/errors.js';
import { terminalBar } from '../core/terminal-bar.js';
import { terminalText } from '../core/terminal-text.js';
import { checkSqliteStore, copySqliteStore, DERIVED, filledTables, StoreCopyFailed } from '../store/copy-sqlite-store.js';
import { type LeftBehind, leftBehind } from '../store/left-behind.js';
import { openKnowledgeSource } from '../store/copy-knowledge.js';
import { migrateKnowledgeSchema } from '../store/postgres/knowledge/postgres-schema.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { openPostgresStores } from '../store/postgres/open-postgres-stores.js';
import { parsePostgresUrl } from '../store/postgres/connect.js';

/**
 * `switchyard migrate --from FILE.db --config replicas.yaml`: migrates both stores, then copies
 * the SQLite one into the configured PostgreSQL store, which must hold no data yet, and says
 * what was copied, table by table, and what was rebuilt.
 *
 * @example await copyStore({ from: '.switchyard/switchyard.db', config: 'replicas.yaml' })
 */
export async function copyStore(flags: MigrateFlags & { from: string }): Promise<void> {
  const store = await storeConfigOf(flags);
  if (!('postgres' in store)) {
    throw new SwitchyardError('invalid_request', `--from copies into a PostgreSQL store, but ${flags.db ? '--db' : flags.config ? `the store of ${flags.config}` : 'the default store'} is the SQLite file ${store.sqlite}; pass --config with store: { postgres: … } or --db postgres://…`);
  }
  checkSqliteStore(flags.from);
  const schema = parsePostgresUrl(store.postgres).schema;
  const sqlite = openSqliteStores(flags.from, { writer: false });
  // Knowledge bases live in a file of their own beside the store; PostgreSQL keeps them in its schema.
  const knowledge = openKnowledgeSource(flags.from);
  try {
    const pg = await openPostgresStores(store.postgres);
    try {
      if (knowledge) await migrateKnowledgeSchema(pg.pool, schema);
      const filled = await filledTables(pg, schema);
      if (filled.length > 0) {
        throw new SwitchyardError('invalid_request', `${pg.location} already holds data: ${filled.join(', ')}; --from copies only into an empty store (a new database or ?schema=NAME)`);
      }
      const bar = terminalBar('copying {table} [{bar}] {value}/{total} rows', { json: flags.json });
      let report;
      try {
        report = await copySqliteStore(sqlite, pg, schema, (p) => bar.update(p.done, p.total, { table: p.table }), { knowledge: knowledge?.db });
      } catch (error) {
        bar.stop();
        if (!(error instanceof StoreCopyFailed)) throw error;
        // One transaction, rolled back: say so, so nobody drops a schema that holds nothing.
        const sequences = error.sequencesRestored ? '' : ' (its sequences may have moved on: only gaps in ids, no data)';
        // A refused row's reason names its table already (`eval_results rows 1-2 …`).
        const where = error.reason.startsWith(`${error.table} `) ? error.reason : `${error.table}: ${error.reason}`;
        throw new SwitchyardError('internal', `copying ${terminalText(flags.from, { newline: 'escape' })} into ${pg.location} failed at ${where}; nothing was written: the copy runs in one transaction, rolled back, so the target is as it was, empty${sequences}; run the same command again once the cause is fixed`, { cause: error });
      }
      bar.stop();
      const notCopied = leftBehind(flags.from);
      if (flags.json) return void console.log(JSON.stringify({ from: flags.from, to: pg.location, migrated: { sqlite: sqlite.migrated, postgres: pg.migrated }, ...report, notCopied }, null, 2));
      const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
      // A file name may hold a bidi override or a newline: shown escaped, as an error shows it.
      console.log(`copied ${terminalText(flags.from, { newline: 'escape' })} into postgres ${pg.location}: ${countOf(rows, 'row')} in ${countOf(report.tables.length, 'table')}`);
      const width = Math.max(...report.tables.map((t) => t.table.length), ...report.rebuilt.map((t) => t.table.length), ...report.skipped.map((t) => t.table.length));
      for (const t of report.tables) console.log(`  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}${t.how === 'traces' ? '  through the trace store' : t.how === 'knowledge' ? `  from ${knowledge?.file}` : ''}`);
      for (const t of report.rebuilt) console.log(`rebuilt ${t.table}: ${countOf(t.rows, 'row')} from ${t.from}`);
      // SQLite's FTS index is one virtual table over several shadow tables: named once.
      const derived = [...new Set(report.skipped.filter((t) => t.why === DERIVED).map((t) => t.table.replace(/^traces_fts.*/, 'traces_fts*')))];
      if (derived.length > 0) console.log(`not copied, SQLite's own derived data: ${derived.join(', ')}`);
      for (const t of report.skipped.filter((s) => s.why !== DERIVED)) console.log(`not copied: ${terminalText(t.table, { newline: 'escape' })} (${countOf(t.rows, 'row')}), ${t.why}`);
      for (const line of leftBehindLines(notCopied)) console.log(line);
    } finally {
      await pg.close();
    }
  } finally {
    knowledge?.db.close();
    await sqlite.close();
  }
}

/** What the gateway kept beside its store file and the copy did not take, and what becomes of it. */
function leftBehindLines(found: LeftBehind): string[] {
  if (!found.responseCache) return [];
  const { file, entries } = found.responseCache;
  return [`not copied: the response cache in ${file} (${countOf(entries, 'cached answer')}): replicas share one in Redis (cache: { store: redis }), which fills again as calls come`];
}
