import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { clip, quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import { shellWord } from '../core/shell-word.js';
import { describeSchemaAhead, schemaAhead } from './schema-ahead.js';
import { SQLITE_FEATURES } from './sqlite/open-sqlite-stores.js';
import { JsonText } from '../core/json-text.js';
import { inTransaction, type PgClient } from './postgres/connect.js';
import type { PostgresStores } from './postgres/open-postgres-stores.js';
import { PgTraceStore } from './postgres/pg-trace-store.js';
import { copyKnowledge } from './copy-knowledge.js';
import { jsonb, pgInt, pgText } from './postgres/pg-values.js';
import type { SqliteStores } from './sqlite/open-sqlite-stores.js';
import { outputItemIds } from '../gateway/responses/response-store.js';
import type { JsonObject } from '../core/openai-wire.js';

// Copies a SQLite store into an empty PostgreSQL one. The two adapters keep the same table and
// column names, so most tables are copied row by row over the columns both sides have, each value
// converted to the PostgreSQL column's type. Traces are not: they go through the PostgreSQL trace
// store's own insert, which files their words in its search index (`trace_word_blocks`,
// `search_text`). SQLite's own derived tables (its FTS index and the queue feeding it, the rollups'
// bookkeeping) have no PostgreSQL counterpart and are left behind. Everything is written in one
// transaction on one connection: a copy that fails half-way leaves no row behind, and the same
// command runs again on the same target. Sequences are the exception PostgreSQL makes (nextval and
// setval are never rolled back): they are put back as they were after a failed copy.

/** SQLite tables that are SQLite's own derived data or bookkeeping: never copied. */
const SQLITE_ONLY = /^(traces_fts.*|trace_search_ids|trace_search_queue|rollup_state|stored_response_items|sqlite_.*|schema_migrations)$/;

/** Why a SQLite-only derived table is left behind. */
export const DERIVED = 'SQLite-only derived data';

/** Target tables a migration itself fills (with the row each holds on a new store), cleared before the copy. */
const SEEDED: Readonly<Record<string, string>> = { key_revision: 'id = 1 AND revision = 0' };

/** Target tables that are bookkeeping of their own store (migration records), never counted as data. */
const BOOKKEEPING = new Set(['schema_migrations', 'local_migrations', 'kb_migrations']);

/** The knowledge file's tables `migrate --from` copies (their writers' leases are a running process's). */
const KNOWLEDGE_TABLES = ['kb_bases', 'kb_documents', 'kb_chunks', 'kb_versions'] as const;

/** What runs a query: the pool (before the copy) or the copy's one connection. */
type Sql = Pick<PgClient, 'query'>;

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;
const MAX_BATCH_ROWS = 500;
/** Traces per insert: the writer's batch size, so the word blocks come out as the gateway's do. */
const TRACE_BATCH = 128;

/** What happened to one table. */
export interface CopiedTable {
  table: string;
  rows: number;
  /** `copied`: rows over the shared columns; `traces`: through the trace store, its search index rebuilt; `knowledge`: from the knowledge file beside the store. */
  how: 'copied' | 'traces' | 'knowledge';
}

export interface StoreCopyReport {
  tables: CopiedTable[];
  /** What PostgreSQL rebuilt from the copied rows. */
  rebuilt: { table: string; rows: number; from: string }[];
  /** SQLite tables left behind, with why. */
  skipped: { table: string; rows: number; why: string }[];
}

export interface CopyProgress {
  table: string;
  done: number;
  total: number;
}

/**
 * Opens `file` only if it is a Switchyard SQLite store (its `schema_migrations` names the traces
 * feature); the caller then opens it with every store, which applies pending migrations.
 *
 * @example checkSqliteStore('.switchyard/switchyard.db')
 */
export function checkSqliteStore(file: string): void {
  if (!existsSync(file)) throw new SwitchyardError('not_found', `--from ${file}: no such file (${resolve(file)}); expected the SQLite file a gateway wrote, such as .switchyard/switchyard.db`);
  if (statSync(file).isDirectory()) throw new SwitchyardError('invalid_request', `--from ${file}: a directory (${resolve(file)}); expected the SQLite file a gateway wrote, such as .switchyard/switchyard.db`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() && db.prepare("SELECT 1 FROM schema_migrations WHERE feature = 'traces'").get();
    if (!found) throw new SwitchyardError('invalid_request', `--from ${file}: a SQLite database but not a Switchyard store (no traces feature in schema_migrations)`);
    // A newer Switchyard's columns have no column in this build's PostgreSQL schema: the copy,
    // over the columns both sides have, would leave them behind without a word.
    const ahead = describeSchemaAhead(schemaAhead(db.prepare('SELECT feature, version FROM schema_migrations').all() as { feature: string; version: number }[], SQLITE_FEATURES));
    if (ahead) throw new SwitchyardError('invalid_request', `--from ${file}: ${ahead.replace(/;.*/, '')}; copy it with that version, whose PostgreSQL schema has its columns`);
    // A damaged page would otherwise surface as a stack trace from whichever store read it
    // first, or half-way through the copy with the target holding part of the store.
    const damage = (db.prepare('PRAGMA quick_check(3)').all() as { quick_check: string }[]).flatMap((r) => r.quick_check.split('\n')).filter((line) => line !== 'ok');
    if (damage.length > 0) throw new SwitchyardError('invalid_request', `--from ${file}: the SQLite file is damaged (PRAGMA quick_check: ${damage.map((line) => clip(line, 200)).join('; ')}); recover what it holds first (sqlite3 ${shellWord(file)} .recover | sqlite3 recovered.db) and copy that`);
  } catch (error) {
    if (error instanceof SwitchyardError) throw error;
    throw new SwitchyardError('invalid_request', `--from ${file}: not a SQLite database (${(error as Error).message})`);
  } finally {
    db?.close();
  }
}

/**
 * The target's tables that hold data, as "table (N rows)": a copy goes only into an empty store,
 * so two stores' rows (and two key revisions, two keys of one name) are never merged.
 *
 * @example await filledTables(pg) // ['virtual_keys (3 rows)']
 */
export async function filledTables(pg: PostgresStores, schema: string): Promise<string[]> {
  const filled: string[] = [];
  for (const table of await targetTables(pg.pool, schema)) {
    if (BOOKKEEPING.has(table)) continue;
    const seeded = SEEDED[table];
    const { rows } = await pg.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table)}${seeded ? ` WHERE NOT (${seeded})` : ''}`);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) filled.push(`${table} (${n} ${n === 1 ? 'row' : 'rows'})`);
  }
  return filled;
}

/** A copy that failed: nothing it wrote was kept (one transaction, rolled back). */
export class StoreCopyFailed extends SwitchyardError {
  constructor(
    /** The table being copied when it failed, or `traces`. */
    readonly table: string,
    readonly reason: string,
    /** Whether the sequences were put back as they were (false only when PostgreSQL could not be reached again). */
    readonly sequencesRestored: boolean,
    cause: unknown,
  ) {
    // The reason alone: a refused row's names its table, row and column (`eval_cache rows 1-2 …`).
    super('internal', reason, { cause });
  }
}

/**
 * Copies every table of `sqlite` into `pg` (both migrated; `pg` empty, see filledTables):
 * tables a foreign key points at first, traces last through the trace store, all in one
 * transaction. On a failure it throws StoreCopyFailed, and the target holds what it held before.
 *
 * @example const report = await copySqliteStore(sqlite, pg, 'public', (p) => bar.update(p.done, p.total));
 */
export async function copySqliteStore(sqlite: SqliteStores, pg: PostgresStores, schema: string, onProgress: (progress: CopyProgress) => void = () => undefined, options: { knowledge?: Database.Database } = {}): Promise<StoreCopyReport> {
  const sequences = await sequenceStates(pg, schema);
  const at = { table: 'the target\'s tables' };
  // Opened before the snapshot begins, so a commit between the two is seen too.
  const watch = watchWrites(sqlite.location);
  // One read transaction: every table as of one moment. Read table by table outside one, a
  // gateway still writing left 619 traces beside rollups that counted 611.
  sqlite.db.exec('BEGIN');
  options.knowledge?.exec('BEGIN');
  try {
    // Durable commit (inTransaction's default): the copy is there after a crash once it said so.
    // The last check before the commit, so a write seen at the end keeps nothing in PostgreSQL either.
    return await inTransaction(pg.pool, async (client) => {
      const report = await copyAll(sqlite, options.knowledge, client, new PgTraceStore(pg.pool), schema, (progress) => {
        watch.check();
        onProgress(progress);
      }, at);
      watch.check();
      return report;
    });
  } catch (error) {
    const restored = await restoreSequences(pg, sequences).then(
      () => true,
      () => false,
    );
    throw new StoreCopyFailed(at.table, error instanceof Error ? error.message : String(error), restored, error);
  } finally {
    if (sqlite.db.inTransaction) sqlite.db.exec('COMMIT');
    if (options.knowledge?.inTransaction) options.knowledge.exec('COMMIT');
    watch.close();
  }
}

/**
 * Watches a SQLite file for commits by another connection (`PRAGMA data_version` on a connection
 * of its own): a gateway still running on the store accepts calls the copy would not hold.
 */
function watchWrites(file: string): { check(): void; close(): void } {
  const watcher = new Database(file, { readonly: true, fileMustExist: true });
  const version = () => watcher.pragma('data_version', { simple: true });
  const first = version();
  return {
    check() {
      if (version() !== first) {
        throw new SwitchyardError('unavailable', `${file} was written to while it was copied (a gateway still running on it?): what it accepts after the copy began would not be in PostgreSQL; stop it first (docs/replicas.md, "Coming from SQLite")`);
      }
    },
    close: () => watcher.close(),
  };
}

async function copyAll(sqlite: SqliteStores, knowledge: Database.Database | undefined, client: PgClient, traces: PgTraceStore, schema: string, onProgress: (progress: CopyProgress) => void, at: { table: string }): Promise<StoreCopyReport> {
  const db = sqlite.db;
  const sources = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const targets = new Set(await targetTables(client, schema));
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${ident(table)}`).get() as { n: number }).n;
  const report: StoreCopyReport = { tables: [], rebuilt: [], skipped: [] };
  const plain: string[] = [];
  for (const table of sources) {
    if (table === 'traces') continue;
    if (table.startsWith('kb_')) {
      // Knowledge bases come from knowledge.db beside the store (copyKnowledge), which is what a gateway reads.
      if (!table.endsWith('_migrations')) report.skipped.push({ table, rows: count(table), why: 'a knowledge table in the store file, which the gateway does not read (it reads knowledge.db beside it)' });
    } else if (SQLITE_ONLY.test(table)) {
      if (table !== 'schema_migrations' && !table.startsWith('sqlite_')) report.skipped.push({ table, rows: count(table), why: DERIVED });
    } else if (targets.has(table)) plain.push(table);
    else report.skipped.push({ table, rows: count(table), why: 'no such table in the PostgreSQL store' });
  }
  const ordered = await referencedFirst(client, schema, plain);
  const totals = new Map([...ordered, 'traces'].map((t) => [t, count(t)]));
  for (const t of KNOWLEDGE_TABLES) if (knowledge) totals.set(t, (knowledge.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  const progress = (table: string, rows: number) => {
    done += rows;
    onProgress({ table, done, total });
  };
  for (const table of ordered) {
    at.table = table;
    const rows = await copyTable(db, client, schema, table, (n) => progress(table, n));
    report.tables.push({ table, rows, how: 'copied' });
  }
  if (knowledge) {
    const copied = await copyKnowledge(knowledge, client, progress, at);
    for (const t of copied) report.tables.push({ ...t, how: 'knowledge' });
    report.rebuilt.push({ table: 'kb_chunks.tsv', rows: copied.find((t) => t.table === 'kb_chunks')?.rows ?? 0, from: "the copied chunks (the knowledge bases' full-text index)" });
  }
  at.table = 'traces';
  report.tables.push({ table: 'traces', rows: await copyTraces(sqlite, client, traces, (n) => progress('traces', n)), how: 'traces' });
  if (ordered.includes('stored_responses')) {
    at.table = 'stored_responses.item_ids';
    report.rebuilt.push({ table: 'stored_responses.item_ids', rows: await indexResponseItems(db, client), from: 'the copied responses (their output item ids)' });
  }
  const blocks = await client.query<{ n: string }>('SELECT count(*) AS n FROM trace_word_blocks');
  report.rebuilt.push({ table: 'trace_word_blocks', rows: Number(blocks.rows[0]?.n ?? 0), from: 'the copied traces (the search index)' });
  return report;
}

/** A sequence as it was before the copy: `last` is null when it never gave a value. */
interface SequenceState {
  name: string;
  last: string | null;
  start: string;
}

async function sequenceStates(pg: PostgresStores, schema: string): Promise<SequenceState[]> {
  const { rows } = await pg.pool.query<SequenceState>('SELECT format(\'%I.%I\', schemaname, sequencename) AS name, last_value AS last, start_value AS start FROM pg_sequences WHERE schemaname = $1', [schema]);
  return rows;
}

/** Puts each sequence back where it was: the rollback kept the values the copy took from them. */
async function restoreSequences(pg: PostgresStores, sequences: readonly SequenceState[]): Promise<void> {
  for (const s of sequences) {
    await pg.pool.query(s.last === null ? 'SELECT setval($1, $2, false)' : 'SELECT setval($1, $2, true)', [s.name, s.last ?? s.start]);
  }
}

/**
 * PostgreSQL's index of each stored response's output item ids (an array column), from the
 * responses as SQLite holds them: SQLite keeps them in a table of its own, not copied.
 */
async function indexResponseItems(db: SqliteStores['db'], client: PgClient): Promise<number> {
  const page = db.prepare('SELECT id, response FROM stored_responses WHERE id > ? ORDER BY id LIMIT 500');
  let indexed = 0;
  for (let after = ''; ; ) {
    const rows = page.all(after) as { id: string; response: string }[];
    if (rows.length === 0) return indexed;
    after = (rows.at(-1) as { id: string }).id;
    const batch = rows.flatMap((row) => {
      const items = outputItemIds(parsedObject(row.response));
      return items.length > 0 ? [{ id: row.id, items }] : [];
    });
    if (batch.length === 0) continue;
    await client.query(
      'UPDATE stored_responses AS r SET item_ids = ARRAY(SELECT jsonb_array_elements_text(u.items::jsonb)) FROM unnest($1::text[], $2::text[]) AS u(id, items) WHERE r.id = u.id',
      [batch.map((b) => pgText(b.id)), batch.map((b) => JSON.stringify(b.items.map((i) => pgText(i))))],
    );
    indexed += batch.length;
  }
}

/** A stored response's JSON text as an object; an empty one when it is not one (nothing to index). */
function parsedObject(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

async function targetTables(sql: Sql, schema: string): Promise<string[]> {
  const { rows } = await sql.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema]);
  return rows.map((r) => r.name);
}

/** `tables` with each one a foreign key points at before the table holding the key. */
async function referencedFirst(client: PgClient, schema: string, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table) || !tables.includes(table)) return;
    path.add(table);
    for (const r of rows) if (r.child === table) visit(r.parent, path);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/** A SQLite value as the PostgreSQL column of `type` (information_schema's data_type) takes it. */
function converter(type: string): (value: unknown) => unknown {
  switch (type) {
    case 'jsonb':
    case 'json':
      return (v) => (v === null ? null : jsonb(new JsonText(String(v))));
    case 'boolean':
      return (v) => (v === null ? null : Number(v) !== 0);
    case 'bigint':
    case 'integer':
    case 'smallint':
      return (v) => (v === null ? null : pgInt(Number(v)));
    case 'double precision':
    case 'real':
    case 'numeric':
      return (v) => (v === null ? null : Number(v));
    case 'text':
    case 'character varying':
      return (v) => (v === null ? null : pgText(String(v)));
    default:
      return (v) => v;
  }
}

/** Copies one table's rows over the columns both stores have, in batches; returns the rows copied. */
async function copyTable(db: SqliteStores['db'], client: PgClient, schema: string, table: string, onBatch: (rows: number) => void): Promise<number> {
  const sourceInfo = db.prepare(`PRAGMA table_info(${ident(table)})`).all() as { name: string; pk: number }[];
  const sourceColumns = new Set(sourceInfo.map((c) => c.name));
  const { rows: targetColumns } = await client.query<{ name: string; type: string; serial: string | null }>(
    `SELECT column_name AS name, data_type AS type, pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name) AS serial
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position`,
    [schema, table],
  );
  const columns = targetColumns.filter((c) => sourceColumns.has(c.name));
  const convert = columns.map((c) => converter(c.type));
  if (SEEDED[table]) await client.query(`DELETE FROM ${ident(table)} WHERE ${SEEDED[table]}`);
  const perBatch = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const names = columns.map((c) => `${ident(c.name)}`).join(', ');
  // Rows in the order they were written (rowid), so an identity column PostgreSQL adds (`seq`)
  // orders them as SQLite's rowid did; a table without rowid in its key's order.
  const rowid = hasRowid(db, table);
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value, i) => (params.push((convert[i] as (v: unknown) => unknown)(value)), `$${params.length}`)).join(', ')})`);
    try {
      await client.query(`INSERT INTO ${ident(table)} (${names}) VALUES ${tuples.join(', ')}`, params);
    } catch (error) {
      const culprit = refusedValue(batch, columns);
      const at = culprit ? `: row ${copied + culprit.row + 1}, column ${culprit.column}, ${culprit.why}` : '';
      throw new SwitchyardError('internal', `${table} rows ${copied + 1}-${copied + batch.length} (in the order written): PostgreSQL refused them (${(error as Error).message})${at}`, { cause: error });
    }
    copied += batch.length;
    onBatch(batch.length);
    batch = [];
  };
  // Read a page at a time, in key order (better-sqlite3's iterator would hold the connection across
  // the awaits): signals, spans and stored responses grow with the traffic, and read whole, 200,000
  // traces' signals took the copy to 710 MB. The copy's read transaction keeps the pages consistent.
  // rowid bare: quoted, it would name a column of that name, not the row's id.
  // A WITHOUT ROWID table's primary key columns, in the key's order.
  const key = rowid ? ['rowid'] : sourceInfo.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => ident(c.name));
  const keyList = key.join(', ');
  const first = db.prepare(`SELECT ${keyList}, ${names} FROM ${ident(table)} ORDER BY ${keyList} LIMIT ${perBatch}`).raw(true);
  const next = db.prepare(`SELECT ${keyList}, ${names} FROM ${ident(table)} WHERE (${keyList}) > (${key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ${perBatch}`).raw(true);
  for (let rows = first.all() as unknown[][]; rows.length > 0; ) {
    const last = (rows.at(-1) as unknown[]).slice(0, key.length);
    batch = rows.map((row) => row.slice(key.length));
    await flush();
    rows = next.all(...last) as unknown[][];
  }
  await flush();
  // A serial column given its values: its sequence goes on after the highest one copied.
  for (const c of columns) {
    if (c.serial) await client.query(`SELECT setval($1, coalesce((SELECT max(${ident(c.name)}) FROM ${ident(table)}), 1), (SELECT count(*) > 0 FROM ${ident(table)}))`, [c.serial]);
  }
  return copied;
}

const INTEGER_RANGE: Readonly<Record<string, number>> = { bigint: 2 ** 63, integer: 2 ** 31, smallint: 2 ** 15 };

/**
 * The first value of a refused batch that PostgreSQL refuses on its own, so the error names the
 * row and column (its own message names neither): text in a JSON column that is no JSON, a
 * number past an integer column's range. SQLite takes both; the gateway writes neither, but a
 * file edited by hand or by another program may hold them.
 */
function refusedValue(batch: readonly unknown[][], columns: readonly { name: string; type: string }[]): { row: number; column: string; why: string } | undefined {
  for (const [row, values] of batch.entries()) {
    for (const [i, { name, type }] of columns.entries()) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      if ((type === 'jsonb' || type === 'json') && !isJson(String(value))) return { row, column: name, why: `holds no JSON: ${quoteClipped(String(value), 60)}` };
      const range = INTEGER_RANGE[type];
      // A value that is no number at all is sent as 0 (pgInt), which PostgreSQL takes.
      if (range !== undefined && Number.isFinite(Number(value)) && Math.abs(Math.round(Number(value))) >= range) return { row, column: name, why: `holds ${quoteClipped(value, 60)}, past a ${type}` };
    }
  }
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A table or column name as a quoted SQL identifier, its own quotes doubled: a file from another
 * program may name a table `evil"name`, which ended the copy with `unrecognized token: """`.
 *
 * @example ident('evil"name') // '"evil""name"'
 */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function hasRowid(db: SqliteStores['db'], table: string): boolean {
  try {
    db.prepare(`SELECT rowid FROM ${ident(table)} LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the traces in the order they were written, each batch through the PostgreSQL trace
 * store's insert (which files their words), bodies as stored (a cache hit keeps naming the trace
 * its answer is on).
 */
async function copyTraces(sqlite: SqliteStores, client: PgClient, store: PgTraceStore, onBatch: (rows: number) => void): Promise<number> {
  const page = sqlite.db.prepare('SELECT rowid AS at, id FROM traces WHERE rowid > ? ORDER BY rowid LIMIT ?');
  let after = 0;
  let copied = 0;
  for (;;) {
    const rows = page.all(after, TRACE_BATCH) as { at: number; id: string }[];
    if (rows.length === 0) return copied;
    after = (rows[rows.length - 1] as { at: number }).at;
    const traces = await sqlite.traces.readTraces(rows.map((r) => r.id));
    await store.insertTracesIn(client, traces);
    copied += traces.length;
    onBatch(traces.length);
  }
}
