import type { ExampleSource, StoredExample } from '../../local/examples/example-store.js';

/** A `local_examples` row as both engines return it (PostgreSQL's BIGINT `at` as a string). */
export interface ExampleRow {
  route: string;
  text: string;
  label: string;
  source: ExampleSource;
  trace_id: string | null;
  at: number | string;
  weight: number;
}

/** A `local_examples` row as a stored example, in either engine. @example rows.map(exampleFromRow) */
export function exampleFromRow(row: ExampleRow): StoredExample {
  return { route: row.route, text: row.text, label: row.label, source: row.source, traceId: row.trace_id, at: Number(row.at), weight: Number(row.weight) };
}

/** What `correct` keeps as the teacher's label: the label before the first person's (a second correction keeps the first's). */
export const KEEP_TEACHER_LABEL = "CASE WHEN source = 'review' THEN teacher_label ELSE label END";
/** `uncorrect`, part one (either engine, `?`/`$1` the trace id): a corrected teacher's example gets its label back. */
export const RESTORE_TEACHER_LABEL = "UPDATE {table} SET label = teacher_label, source = 'teacher', teacher_label = NULL WHERE trace_id = $1 AND source = 'review' AND teacher_label IS NOT NULL";
/** `uncorrect`, part two: an example only a person's label made (or whose teacher's label was not kept) goes. */
export const DROP_REVIEW_LABEL = "DELETE FROM {table} WHERE trace_id = $1 AND source = 'review' AND teacher_label IS NULL";
