/**
 * How an engine's driver hands back the columns whose types differ between engines, so one row
 * mapper serves both adapters: SQLite keeps JSON as TEXT and booleans as 0/1; node-postgres has
 * already parsed JSONB and returns booleans as they are.
 *
 * @example const run = runFromRow(row, sqliteColumns);
 */
export interface ColumnReader {
  /** A JSON column's value; SQL NULL reads as null. */
  json(value: unknown): unknown;
  /** A boolean column's value (NOT NULL). */
  bool(value: unknown): boolean;
}

/** JSON stored as text (every SQLite JSON column, and PostgreSQL's `…_json` TEXT columns), parsed; NULL is null. */
export function parseJsonText(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) : null;
}

export const sqliteColumns: ColumnReader = {
  json: parseJsonText,
  bool: (value) => value === 1,
};

export const pgColumns: ColumnReader = {
  json: (value) => value ?? null,
  bool: (value) => value as boolean,
};

/** A nullable boolean column. */
export function nullableBool(value: unknown, columns: ColumnReader): boolean | null {
  return value === null ? null : columns.bool(value);
}
