import type { Pool } from 'pg';
import type { ExampleStore, ForgottenExamples, StoredExample } from '../../local/examples/example-store.js';
import { DROP_REVIEW_LABEL, type ExampleRow, exampleFromRow, KEEP_TEACHER_LABEL, RESTORE_TEACHER_LABEL } from '../rows/example-rows.js';
import { inTransaction } from './connect.js';

/** Examples in PostgreSQL, in the given schema (created when missing). */
export class PostgresExampleStore implements ExampleStore {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  /** Creates the table if needed. */
  static async open(pool: Pool, options: { schema?: string } = {}): Promise<PostgresExampleStore> {
    const schema = options.schema ?? 'public';
    const table = `"${schema}".local_examples`;
    // CREATE … IF NOT EXISTS is not safe against itself: replicas starting together on a fresh
    // schema would both create the table and one would fail on pg_type. One at a time, then.
    await inTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('switchyard:local_examples:create'))");
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (
           id BIGSERIAL PRIMARY KEY, route TEXT NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
           source TEXT NOT NULL, trace_id TEXT, at BIGINT NOT NULL
         );
         CREATE INDEX IF NOT EXISTS local_examples_route ON ${table} (route, id);
         CREATE INDEX IF NOT EXISTS local_examples_trace ON ${table} (trace_id) WHERE trace_id IS NOT NULL;
         -- How many requests an example stands for: a shadow-checked local answer, 1/shadow_rate.
         ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS weight REAL NOT NULL DEFAULT 1;
         -- The teacher's label of an example a person corrected, so undoing their review gives it back.
         ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS teacher_label TEXT;`,
      );
    });
    return new PostgresExampleStore(pool, table);
  }

  async add(examples: readonly StoredExample[]): Promise<void> {
    // PostgreSQL takes at most 65,535 parameters a statement: 7 a row, so rows go 1,000 at a time.
    for (let start = 0; start < examples.length; start += 1_000) await this.insert(examples.slice(start, start + 1_000));
  }

  private async insert(examples: readonly StoredExample[]): Promise<void> {
    if (examples.length === 0) return;
    const values: unknown[] = [];
    const rows = examples.map((e, i) => {
      values.push(e.route, e.text, e.label, e.source, e.traceId, e.at, e.weight ?? 1);
      const o = i * 7;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7})`;
    });
    await this.pool.query(`INSERT INTO ${this.table} (route, text, label, source, trace_id, at, weight) VALUES ${rows.join(', ')}`, values);
  }

  async correct(traceId: string, label: string, at: number): Promise<boolean> {
    const result = await this.pool.query(`UPDATE ${this.table} SET teacher_label = ${KEEP_TEACHER_LABEL}, label = $1, source = 'review', at = $2 WHERE trace_id = $3`, [label, at, traceId]);
    return (result.rowCount ?? 0) > 0;
  }

  async uncorrect(traceId: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const restored = await client.query(RESTORE_TEACHER_LABEL.replace('{table}', this.table), [traceId]);
      const dropped = await client.query(DROP_REVIEW_LABEL.replace('{table}', this.table), [traceId]);
      return (restored.rowCount ?? 0) + (dropped.rowCount ?? 0) > 0;
    });
  }

  async list(route: string, limit: number): Promise<StoredExample[]> {
    const result = await this.pool.query<ExampleRow>(
      `SELECT route, text, label, source, trace_id, at, weight FROM (
         SELECT * FROM (
           SELECT DISTINCT ON (text) * FROM ${this.table} WHERE route = $1 ORDER BY text, (source = 'review') DESC, id DESC
         ) latest ORDER BY (source = 'file') DESC, id DESC LIMIT $2
       ) kept ORDER BY id`,
      [route, limit],
    );
    return result.rows.map(exampleFromRow);
  }

  async count(route: string): Promise<number> {
    const result = await this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${this.table} WHERE route = $1`, [route]);
    return Number(result.rows[0]?.n ?? 0);
  }

  async forgetTraces(traceIds: readonly string[], dryRun = false): Promise<ForgottenExamples[]> {
    const ids = [traceIds.map((id) => id.replaceAll('\u0000', '\ufffd'))];
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ route: string; examples: string; since: string }>(`SELECT route, count(*) AS examples, min(at) AS since FROM ${this.table} WHERE trace_id = ANY($1::text[]) GROUP BY route ORDER BY route`, ids);
      if (!dryRun && rows.length > 0) await client.query(`DELETE FROM ${this.table} WHERE trace_id = ANY($1::text[])`, ids);
      return rows.map((r) => ({ route: r.route, examples: Number(r.examples), since: Number(r.since) }));
    });
  }

  async forgetRoute(route: string): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE route = $1`, [route]);
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {}
}
