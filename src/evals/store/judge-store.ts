import type { JudgeSpec, SavedJudge } from '../judge/judge-spec.js';

/** Calibrated judges by name and version; a new calibration of a name is a new version. */
export interface JudgeStore {
  /** Saves `spec` as the next version of `name`. */
  save(name: string, spec: JudgeSpec, report: unknown): Promise<SavedJudge>;
  /** "name" (latest) or "name@version"; the not-found error lists the saved judges. */
  resolve(reference: string): Promise<SavedJudge>;
  /** Every saved judge version, by name, newest version first. */
  list(): Promise<SavedJudge[]>;
}
