import type { LoadReport } from '../../loadtest/load-report.js';
import type { LoadtestStore, StoredLoadtest } from '../../loadtest/loadtest-store.js';
import type { SqliteMigrations } from './migrations.js';
import type { SqliteDatabase } from './open-database.js';

/** Load test reports: one row per run, the report as JSON text. */
export const LOADTEST_MIGRATIONS: SqliteMigrations = {
  feature: 'loadtests',
  steps: [
    `CREATE TABLE loadtests (
       id TEXT PRIMARY KEY,
       at INTEGER NOT NULL,
       model TEXT NOT NULL,
       report TEXT NOT NULL
     );
     CREATE INDEX loadtests_at ON loadtests (at);`,
  ],
};

interface Row {
  id: string;
  at: number;
  model: string;
  report: string;
}

const toStored = (r: Row): StoredLoadtest => ({ id: r.id, at: r.at, model: r.model, report: JSON.parse(r.report) as LoadReport });

/** Load test reports in the gateway's SQLite file. */
export class SqliteLoadtestStore implements LoadtestStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      save: db.prepare('INSERT OR REPLACE INTO loadtests (id, at, model, report) VALUES (?, ?, ?, ?)'),
      list: db.prepare('SELECT * FROM loadtests ORDER BY at DESC, id DESC LIMIT ?'),
      listModel: db.prepare('SELECT * FROM loadtests WHERE model = ? ORDER BY at DESC, id DESC LIMIT ?'),
      get: db.prepare('SELECT * FROM loadtests WHERE id = ?'),
    };
  }

  async save(report: LoadReport, at: number): Promise<void> {
    this.statements.save.run(report.runId, at, report.model, JSON.stringify(report));
  }

  async list(options: { limit?: number; model?: string } = {}): Promise<StoredLoadtest[]> {
    const limit = Math.min(Math.max(1, options.limit ?? 100), 1_000);
    const rows = (options.model === undefined ? this.statements.list.all(limit) : this.statements.listModel.all(options.model, limit)) as Row[];
    return rows.map(toStored);
  }

  async get(id: string): Promise<StoredLoadtest | undefined> {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? toStored(row) : undefined;
  }
}
