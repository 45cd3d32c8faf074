import { SwitchyardError } from '../../core/errors.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import type { JudgeSpec } from '../judge/judge-spec.js';

export interface SavedJudge {
  name: string;
  version: number;
  createdAt: number;
  spec: JudgeSpec;
  /** The calibration report it was chosen by (agreement on the test split). */
  report: unknown;
}

interface Row {
  name: string;
  version: number;
  created_at: number;
  spec: string;
  report: string | null;
}

const toSaved = (row: Row): SavedJudge => ({
  name: row.name,
  version: row.version,
  createdAt: row.created_at,
  spec: { ...(JSON.parse(row.spec) as JudgeSpec), name: row.name, version: row.version },
  report: row.report === null ? null : JSON.parse(row.report),
});

/** Calibrated judges by name and version; a new calibration of a name is a new version. */
export class JudgeStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** @example store.save('support-quality', spec, report).version // 1 */
  save(name: string, spec: JudgeSpec, report: unknown): SavedJudge {
    if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(name)) throw new SwitchyardError('invalid_request', `judge name "${name}" must be letters, digits, ".", "_" or "-"`);
    const last = this.db.prepare('SELECT MAX(version) AS v FROM eval_judges WHERE name = ?').get(name) as { v: number | null };
    const row: Row = { name, version: (last.v ?? 0) + 1, created_at: this.now(), spec: JSON.stringify({ ...spec, name: undefined, version: undefined }), report: JSON.stringify(report) };
    this.db.prepare('INSERT INTO eval_judges (name, version, created_at, spec, report) VALUES (@name, @version, @created_at, @spec, @report)').run(row);
    return toSaved(row);
  }

  /**
   * "name" (latest) or "name@version"; the error lists the saved judges.
   *
   * @example store.resolve('support-quality@2').spec.model
   */
  resolve(reference: string): SavedJudge {
    const [name, pin] = reference.split('@') as [string, string | undefined];
    const row = (
      pin === undefined
        ? this.db.prepare('SELECT * FROM eval_judges WHERE name = ? ORDER BY version DESC LIMIT 1').get(name)
        : this.db.prepare('SELECT * FROM eval_judges WHERE name = ? AND version = ?').get(name, Number(pin))
    ) as Row | undefined;
    if (row) return toSaved(row);
    const known = this.list().map((j) => `${j.name}@${j.version}`);
    throw new SwitchyardError('not_found', `judge "${reference}" not found (saved judges: ${known.join(', ') || 'none; create one with `switchyard judge calibrate`'})`);
  }

  /** Every saved judge version, newest first. */
  list(): SavedJudge[] {
    return (this.db.prepare('SELECT * FROM eval_judges ORDER BY name, version DESC').all() as Row[]).map(toSaved);
  }
}
