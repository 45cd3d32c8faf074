import type { LoadReport } from '../../loadtest/load-report.js';
import type { LoadtestStore, StoredLoadtest } from '../../loadtest/loadtest-store.js';
import type { PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { pgText } from './pg-values.js';

/** Load test reports, shared by every replica on the database. */
export const LOADTEST_TABLES: PostgresMigrations = {
  feature: 'loadtests',
  steps: [
    `CREATE TABLE loadtests (
       id TEXT COLLATE "C" PRIMARY KEY,
       at BIGINT NOT NULL,
       model TEXT NOT NULL,
       report JSONB NOT NULL
     );
     CREATE INDEX loadtests_at ON loadtests (at);`,
  ],
};

interface Row {
  id: string;
  at: string;
  model: string;
  report: LoadReport;
}

// BIGINT comes back as a string from pg; times are well inside 2^53.
const toStored = (r: Row): StoredLoadtest => ({ id: r.id, at: Number(r.at), model: r.model, report: r.report });

/** Load test reports in PostgreSQL. */
export class PgLoadtestStore implements LoadtestStore {
  constructor(private readonly pool: PgPool) {}

  async save(report: LoadReport, at: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO loadtests (id, at, model, report) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, model = EXCLUDED.model, report = EXCLUDED.report',
      [pgText(report.runId), at, pgText(report.model), JSON.stringify(report)],
    );
  }

  async list(options: { limit?: number; model?: string } = {}): Promise<StoredLoadtest[]> {
    const limit = Math.min(Math.max(1, options.limit ?? 100), 1_000);
    const { rows } =
      options.model === undefined
        ? await this.pool.query<Row>('SELECT * FROM loadtests ORDER BY at DESC, id DESC LIMIT $1', [limit])
        : await this.pool.query<Row>('SELECT * FROM loadtests WHERE model = $1 ORDER BY at DESC, id DESC LIMIT $2', [pgText(options.model), limit]);
    return rows.map(toStored);
  }

  async get(id: string): Promise<StoredLoadtest | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM loadtests WHERE id = $1', [pgText(id)]);
    return rows[0] ? toStored(rows[0]) : undefined;
  }
}
