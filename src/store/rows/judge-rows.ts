import type { JudgeSpec, SavedJudge } from '../../evals/judge/judge-spec.js';
import type { ColumnReader } from './column-reader.js';

/** An `eval_judges` row as either driver returns it: `spec` and `report` are JSON (TEXT or JSONB). */
export interface JudgeRow {
  name: string;
  version: number;
  created_at: number;
  spec: unknown;
  report: unknown;
}

/**
 * An `eval_judges` row as a saved judge, in either engine: the spec is stored without its name
 * and version, which the row's own columns give back.
 *
 * @example judgeFromRow(row, pgColumns).spec.version === row.version // true
 */
export function judgeFromRow(row: JudgeRow, columns: ColumnReader): SavedJudge {
  return {
    name: row.name,
    version: row.version,
    createdAt: row.created_at,
    spec: { ...(columns.json(row.spec) as JudgeSpec), name: row.name, version: row.version },
    report: columns.json(row.report),
  };
}
