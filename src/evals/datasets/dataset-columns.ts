import { columnIndex } from '../../core/data-file-shape.js';
import { fieldsFound } from '../../core/fields-found.js';

/** The item fields a CSV, TSV or Parquet column can fill; every other column goes to metadata. */
export const KNOWN_CSV = ['id', 'input', 'expected', 'output', 'human_score'] as const;
export type KnownField = (typeof KNOWN_CSV)[number];

/**
 * Which columns (CSV/TSV/Parquet) or fields (JSONL) hold an item's input and expected answer, for a
 * file published with other names (a Hugging Face set's `text`/`label`), and how to name the
 * options in messages (`--input-column` on the command line, `input_column` in a suite).
 */
export interface DatasetColumns {
  /** Default `input`; found as `local train` finds its columns: exact, else the one match but for case. */
  input?: string;
  /** Default `expected` (optional then); a column named here must exist. */
  expected?: string;
  /** Default `['--input-column', '--expected-column']`. */
  options?: readonly [input: string, expected: string];
}

/** The input and expected column names asked for, and the option names to suggest. */
export function wantedColumns(columns: DatasetColumns = {}): { input: string; expected: string; expectedNamed: boolean; options: readonly [string, string] } {
  const expected = columns.expected ?? 'expected';
  return { input: columns.input ?? 'input', expected, expectedNamed: expected.toLowerCase() !== 'expected', options: columns.options ?? ['--input-column', '--expected-column'] };
}

/**
 * The item field of each column a header names (by index), as a CSV header or Parquet file is read:
 * `input` and `expected` from the columns asked for, the other fields by their own names in any
 * case. `twoCases` holds the columns of one field named in two cases (refused by the caller: which
 * was meant is not guessed); `missing` says which input (or named expected) column is not there,
 * as the end of a sentence about the header.
 *
 * @example knownColumns(['text', 'label', 'id'], { input: 'text', expected: 'label' }).known // Map { 0 → 'input', 1 → 'expected', 2 → 'id' }
 */
export function knownColumns(names: readonly string[], columns: DatasetColumns = {}): { known: Map<number, KnownField>; twoCases?: string[]; missing?: string } {
  const wanted = wantedColumns(columns);
  const known = new Map<number, KnownField>();
  for (const field of KNOWN_CSV) {
    const name = field === 'input' ? wanted.input : field === 'expected' ? wanted.expected : field;
    // As a JSONL line's keys (`foldFieldCase`): one field in two cases is named, not guessed at.
    const named = names.filter((column) => column.toLowerCase() === name.toLowerCase());
    if (named.length > 1) return { known, twoCases: named };
    const at = columnIndex(names, name);
    // A column asked for as input or expected is that field, not also `id` or `output` by its own name.
    if (at !== -1 && !known.has(at)) known.set(at, field);
  }
  const found = new Set(known.values());
  if (!found.has('input')) return { known, missing: wanted.input === 'input' ? 'needs an "input" column' : `has no "${wanted.input}" column (the input column asked for)` };
  if (wanted.expectedNamed && !found.has('expected')) return { known, missing: `has no "${wanted.expected}" column (the expected column asked for)` };
  return { known };
}

/** What to suggest under a missing column's message. */
export function columnHint(columns: DatasetColumns = {}): string {
  const [input, expected] = wantedColumns(columns).options;
  // `--input-column NAME` on the command line, `input_column: NAME` in a suite's `dataset:`.
  const form = (option: string) => (option.startsWith('--') ? `${option} NAME` : `${option}: NAME`);
  return `name the file's own columns with ${form(input)} and ${form(expected)}`;
}

/**
 * A JSONL line's (or `.json` array item's) input and expected fields under their item names, when
 * `columns` names others: `{ text, label }` → `{ input, expected }`. A line without a field named
 * here is an error naming it with the fields found (without "input" the item schema says so); a line holding a
 * field by the item's name besides the one asked for is refused (which one is meant is not guessed).
 *
 * @example renameFields({ text: 'hi', label: 'greet' }, { input: 'text', expected: 'label' }) // { value: { input: 'hi', expected: 'greet' } }
 */
export function renameFields(raw: unknown, columns: DatasetColumns = {}): { value: unknown } | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { value: raw };
  const wanted = wantedColumns(columns);
  const record = raw as Record<string, unknown>;
  const keys = Object.keys(record);
  const renames: [from: string, to: 'input' | 'expected'][] = [];
  for (const [field, name, required] of [['input', wanted.input, true], ['expected', wanted.expected, wanted.expectedNamed]] as const) {
    const at = columnIndex(keys, name);
    // Without "input" the item schema names the line's unknown fields (a typo such as "inptu" among them).
    if (at === -1 && (!required || name === 'input')) continue;
    if (at === -1) return { error: `${field}: missing: every line needs "${name}" (fields found: ${fieldsFound(keys)}; ${columnHint(columns)})` };
    const key = keys[at] as string;
    if (key.toLowerCase() === field) continue;
    const clash = keys.find((other) => other.toLowerCase() === field);
    if (clash !== undefined) return { error: `fields "${key}" (the ${field} asked for) and "${clash}" are both an ${field}: keep one` };
    renames.push([key, field]);
  }
  if (renames.length === 0) return { value: raw };
  const value: Record<string, unknown> = {};
  const to = new Map(renames);
  for (const key of keys) value[to.get(key) ?? key] = record[key];
  return { value };
}
