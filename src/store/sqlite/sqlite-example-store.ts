import type { SqliteMigrations } from '../../store/sqlite/migrations.js';
import { migrate, type SqliteDatabase, withSecureDelete } from '../../store/sqlite/open-database.js';
import type { ExampleStore, ForgottenExamples, StoredExample } from '../../local/examples/example-store.js';
import { DROP_REVIEW_LABEL, type ExampleRow, exampleFromRow, KEEP_TEACHER_LABEL, RESTORE_TEACHER_LABEL } from '../rows/example-rows.js';

export const LOCAL_EXAMPLE_MIGRATIONS: SqliteMigrations = {
  feature: 'local_examples',
  steps: [
    `CREATE TABLE local_examples (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       route TEXT NOT NULL,
       text TEXT NOT NULL,
       label TEXT NOT NULL,
       source TEXT NOT NULL,
       trace_id TEXT,
       at INTEGER NOT NULL
     );
     CREATE INDEX local_examples_route ON local_examples (route, id);
     CREATE INDEX local_examples_trace ON local_examples (trace_id) WHERE trace_id IS NOT NULL;`,
    // How many requests an example stands for: a shadow-checked local answer, 1/shadow_rate.
    'ALTER TABLE local_examples ADD COLUMN weight REAL NOT NULL DEFAULT 1',
    // The teacher's label of an example a person corrected, so undoing their review gives it back.
    'ALTER TABLE local_examples ADD COLUMN teacher_label TEXT',
  ],
};

/** Examples in the embedded SQLite store. */
export class SqliteExampleStore implements ExampleStore {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, [LOCAL_EXAMPLE_MIGRATIONS]);
  }

  async add(examples: readonly StoredExample[]): Promise<void> {
    const insert = this.db.prepare('INSERT INTO local_examples (route, text, label, source, trace_id, at, weight) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const e of examples) insert.run(e.route, e.text, e.label, e.source, e.traceId, e.at, e.weight ?? 1);
    })();
  }

  async correct(traceId: string, label: string, at: number): Promise<boolean> {
    return this.db.prepare(`UPDATE local_examples SET teacher_label = ${KEEP_TEACHER_LABEL}, label = ?, source = 'review', at = ? WHERE trace_id = ?`).run(label, at, traceId).changes > 0;
  }

  async uncorrect(traceId: string): Promise<boolean> {
    return this.db.transaction(() => {
      const restored = this.db.prepare(RESTORE_TEACHER_LABEL.replace('{table}', 'local_examples').replace('$1', '?')).run(traceId).changes;
      const dropped = this.db.prepare(DROP_REVIEW_LABEL.replace('{table}', 'local_examples').replace('$1', '?')).run(traceId).changes;
      return restored + dropped > 0;
    })();
  }

  async list(route: string, limit: number): Promise<StoredExample[]> {
    // Newest row per text, reviews first; then the file's rows and the newest others, `limit` of
    // them, returned oldest first.
    const rows = this.db
      .prepare(
        `SELECT route, text, label, source, trace_id, at, weight FROM (
           SELECT * FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY text ORDER BY source = 'review' DESC, id DESC) AS rank
             FROM local_examples WHERE route = ?
           ) WHERE rank = 1 ORDER BY source = 'file' DESC, id DESC LIMIT ?
         ) ORDER BY id`,
      )
      .all(route, limit) as ExampleRow[];
    return rows.map(exampleFromRow);
  }

  async count(route: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM local_examples WHERE route = ?').get(route) as { n: number }).n;
  }

  async forgetTraces(traceIds: readonly string[], dryRun = false): Promise<ForgottenExamples[]> {
    const ids = JSON.stringify(traceIds);
    const where = 'trace_id IN (SELECT value FROM json_each(?))';
    return withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        const found = this.db.prepare(`SELECT route, count(*) AS examples, min(at) AS since FROM local_examples WHERE ${where} GROUP BY route ORDER BY route`).all(ids) as ForgottenExamples[];
        if (!dryRun && found.length > 0) this.db.prepare(`DELETE FROM local_examples WHERE ${where}`).run(ids);
        return found;
      })(),
    );
  }

  async forgetRoute(route: string): Promise<number> {
    // Secure delete, as for an erasure: the texts are end users' words.
    return withSecureDelete(this.db, () => this.db.prepare('DELETE FROM local_examples WHERE route = ?').run(route).changes);
  }

  async close(): Promise<void> {}
}
