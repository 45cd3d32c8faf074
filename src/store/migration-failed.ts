import { SwitchyardError } from '../core/errors.js';

/** Where a failed step ran: the SQLite file's path, or the PostgreSQL schema. */
export interface MigrationStep {
  feature: string;
  /** The step that failed, counted from 1. */
  step: number;
  steps: number;
  where: string;
}

/**
 * A schema step that failed, as a person reads it: which feature and step, on which database,
 * what the database said, and what to do. The step ran in its own transaction, so nothing of it
 * is kept and the recorded version is still the step before; a failure there means the tables are
 * not what that version left (a development build's steps, or a hand edit), which migrating again
 * cannot fix.
 *
 * @example migrationFailed({ feature: 'review', step: 5, steps: 5, where: '/data/sy.db' }, new Error('table review_claims already exists')).message
 * // 'the review schema\'s step 5 of 5 failed on /data/sy.db: table review_claims already exists; …'
 */
export function migrationFailed(at: MigrationStep, cause: unknown): SwitchyardError {
  const said = cause instanceof Error ? cause.message : String(cause);
  return new SwitchyardError(
    'internal',
    `the ${at.feature} schema's step ${at.step} of ${at.steps} failed on ${at.where}: ${said}; nothing of that step was kept (schema_migrations still records ${at.feature} v${at.step - 1}). ` +
      `Its tables are not what v${at.step - 1} leaves, which happens when another build (a development branch) or a hand edit changed them: open the database with the build that last migrated it, or restore it from a backup, then start again (docs/replicas.md, "Schema migrations")`,
    { cause },
  );
}
