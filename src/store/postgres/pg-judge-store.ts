import { assertJudgeName, judgeNotFound, parseJudgeReference } from '../../evals/judge/judge-reference.js';
import type { JudgeSpec, SavedJudge } from '../../evals/judge/judge-spec.js';
import type { JudgeStore } from '../../evals/store/judge-store.js';
import { inTransaction, type PgPool } from './connect.js';
import { jsonb, pgInt4, pgText } from './pg-values.js';
import { pgColumns } from '../rows/column-reader.js';
import { type JudgeRow, judgeFromRow } from '../rows/judge-rows.js';

type Row = JudgeRow;

const toSaved = (row: Row): SavedJudge => judgeFromRow(row, pgColumns);

/**
 * Saved judges in PostgreSQL; versions of one name are numbered under an advisory lock, so two
 * calibrations saved at once get consecutive versions.
 *
 * @example (await new PgJudgeStore(pool).save('support-quality', spec, report)).version // 1
 */
export class PgJudgeStore implements JudgeStore {
  constructor(
    private readonly pool: PgPool,
    private readonly now: () => number = Date.now,
  ) {}

  async save(name: string, spec: JudgeSpec, report: unknown): Promise<SavedJudge> {
    assertJudgeName(name);
    const stored = { ...spec, name: undefined, version: undefined };
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`switchyard-judge:${name}`]);
      const { rows } = await client.query<Row>(
        `INSERT INTO eval_judges (name, version, created_at, spec, report)
          SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM eval_judges WHERE name = $1
          RETURNING name, version, created_at, spec, report`,
        [name, this.now(), jsonb(stored), jsonb(report)],
      );
      return toSaved(rows[0] as Row);
    });
  }

  async resolve(reference: string): Promise<SavedJudge> {
    const { name, version } = parseJudgeReference(reference);
    const { rows } =
      version === undefined
        ? await this.pool.query<Row>('SELECT name, version, created_at, spec, report FROM eval_judges WHERE name = $1 ORDER BY version DESC LIMIT 1', [pgText(name)])
        : Number.isNaN(version)
          ? { rows: [] }
          : await this.pool.query<Row>('SELECT name, version, created_at, spec, report FROM eval_judges WHERE name = $1 AND version = $2', [pgText(name), pgInt4(version)]);
    if (rows[0]) return toSaved(rows[0]);
    throw judgeNotFound(reference, await this.list());
  }

  async list(): Promise<SavedJudge[]> {
    const { rows } = await this.pool.query<Row>('SELECT name, version, created_at, spec, report FROM eval_judges ORDER BY name, version DESC');
    return rows.map(toSaved);
  }
}
