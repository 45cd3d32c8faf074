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
