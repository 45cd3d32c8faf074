import { assertJudgeName, judgeNotFound, parseJudgeReference } from '../../evals/judge/judge-reference.js';
import type { JudgeSpec, SavedJudge } from '../../evals/judge/judge-spec.js';
import type { JudgeStore } from '../../evals/store/judge-store.js';
import type { SqliteDatabase } from './open-database.js';
import { sqliteColumns } from '../rows/column-reader.js';
import { type JudgeRow, judgeFromRow } from '../rows/judge-rows.js';

interface Row extends JudgeRow {
  spec: string;
  report: string | null;
}

const toSaved = (row: Row): SavedJudge => judgeFromRow(row, sqliteColumns);

/**
 * Saved judges in the SQLite file; the next version number is taken inside the insert's transaction.
 *
 * @example (await new SqliteJudgeStore(db).save('support-quality', spec, report)).version // 1
 */
export class SqliteJudgeStore implements JudgeStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async save(name: string, spec: JudgeSpec, report: unknown): Promise<SavedJudge> {
    assertJudgeName(name);
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT MAX(version) AS v FROM eval_judges WHERE name = ?').get(name) as { v: number | null };
      const row: Row = { name, version: (last.v ?? 0) + 1, created_at: this.now(), spec: JSON.stringify({ ...spec, name: undefined, version: undefined }), report: JSON.stringify(report ?? null) };
      this.db.prepare('INSERT INTO eval_judges (name, version, created_at, spec, report) VALUES (@name, @version, @created_at, @spec, @report)').run(row);
      return toSaved(row);
    })();
  }

  async resolve(reference: string): Promise<SavedJudge> {
    const { name, version } = parseJudgeReference(reference);
    const row = (
      version === undefined
        ? this.db.prepare('SELECT * FROM eval_judges WHERE name = ? ORDER BY version DESC LIMIT 1').get(name)
        : this.db.prepare('SELECT * FROM eval_judges WHERE name = ? AND version = ?').get(name, version)
    ) as Row | undefined;
    if (row) return toSaved(row);
    throw judgeNotFound(reference, await this.list());
  }

  async list(): Promise<SavedJudge[]> {
    return (this.db.prepare('SELECT * FROM eval_judges ORDER BY name, version DESC').all() as Row[]).map(toSaved);
  }
}
