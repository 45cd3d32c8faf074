import { SwitchyardError } from '../../core/errors.js';
import { type BadLine, badLineList } from '../../core/data-text.js';
import type { DataFileFormat } from '../../core/data-file-format.js';
import { describeValue } from '../../core/format-issues.js';
import { countOf } from '../../core/plural.js';
import { shellWord } from '../../core/shell-word.js';
import { meantColumn } from './meant-column.js';
import { type Example } from '../types.js';
import { labelProblem } from '../../core/class-label.js';
import { fieldsFound } from '../../core/fields-found.js';

/** What every example reader shares: the options, a row's checks, and how problems are reported. */

export interface ExampleFileOptions {
  /** Name for messages (a path). */
  source: string;
  /** Default: from the extension (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`/`.json`), else from the first line. */
  format?: DataFileFormat;
  textColumn?: string;
  labelColumn?: string;
  /**
   * Leave malformed lines out (each is passed to `onSkipped`) instead of refusing the file: one
   * empty text in a public data set of thousands should not stop training on the rest.
   */
  skipBadLines?: boolean;
  onSkipped?: (problems: readonly { line: number; message: string; place?: string }[]) => void;
  /** A Parquet file's label column held Hugging Face ClassLabel integers, read as these names. */
  onClassLabels?: (column: string, names: readonly string[]) => void;
}

/** A malformed line (or Parquet row) of an examples file. */
export type Problem = BadLine;

/**
 * The examples read, once every problem is known: the problems thrown together (the first five,
 * each at its `place`), or with `skipBadLines` passed to `onSkipped`.
 */
export function finishExamples(examples: Example[], found: readonly Problem[], options: ExampleFileOptions, place?: (line: number) => string): Example[] {
  // A text file's problems stay `{ line, message }` (`file:line` is implied); a Parquet row says where it is.
  const problems = place ? found.map((p) => ({ ...p, place: place(p.line) })) : found;
  // Every line wrong the same way is the file's shape, not its lines (a field named otherwise):
  // said once, not as the first five of 1,634 copies, and not skipped by --skip-bad-lines.
  const first = problems[0];
  if (examples.length === 0 && first !== undefined && problems.length > 1 && problems.every((p) => p.message === first.message)) {
    const where = place ? `${options.source}: all ${problems.length} rows` : `${options.source}: all ${problems.length} lines`;
    throw new SwitchyardError('invalid_request', `${where}: ${first.message}`, { detail: found });
  }
  if (problems.length > 0 && options.skipBadLines === true) options.onSkipped?.(problems);
  else if (problems.length > 0) {
    const hint = examples.length > 0 ? `\n  (--skip-bad-lines trains on the other ${countOf(examples.length, 'example')})` : '';
    throw new SwitchyardError('invalid_request', `${countOf(problems.length, 'malformed line')} in ${options.source}:\n${badLineList(problems, options.source)}${hint}`, { detail: found });
  }
  if (examples.length === 0) throw new SwitchyardError('invalid_request', `${options.source}: no examples found`);
  return examples;
}

/**
 * An example, or what is wrong with it. A label may be a JSON number or boolean (data sets from
 * hubs number their classes: `"label": 3`); it becomes its text, so `3` and `"3"` are one label.
 */
export function toExample(text: unknown, rawLabel: unknown, textColumn: string, labelColumn: string, found: string[]): Example | string {
  const label = (typeof rawLabel === 'number' && Number.isFinite(rawLabel)) || typeof rawLabel === 'boolean' ? String(rawLabel) : rawLabel;
  // Both missing (a file of its own field names): both said, or fixing the text's flag meets the label's next.
  if (text === undefined && label === undefined) return `no "${textColumn}" and no "${labelColumn}" field (fields found: ${fieldsFound(found)})${missingFieldsHint(textColumn, labelColumn, found)}`;
  for (const [name, value, flag] of [[textColumn, text, '--text-column'], [labelColumn, label, '--label-column']] as const) {
    if (value === undefined) return `no "${name}" field (fields found: ${fieldsFound(found)})${missingFieldHint(name, flag, found, name === textColumn ? labelColumn : textColumn)}`;
    if (typeof value === 'number' && !Number.isFinite(value)) return `"${name}": ${describeValue(value)}: send a finite number`;
    if (typeof value !== 'string') return `"${name}" must be a string, got ${value === null ? 'null' : typeof value}`;
    if (value.trim() === '') return `"${name}" is empty`;
  }
  const trimmed = (label as string).trim();
  const problem = labelProblem(trimmed);
  return problem === undefined ? { text: text as string, label: trimmed } : `"${labelColumn}" ${problem}`;
}

/**
 * How to name the field that was not found, with the flag for it: the field it most likely meant
 * (`meantColumn`: `ticket.body` for `text`, `category` for `label`), else, when the record has
 * nested fields, how to name one by its path; nothing when it has neither (its fields are listed
 * already). `other` is the field the other flag takes, never offered for this one.
 *
 * @example missingFieldHint('label', '--label-column', ['input', 'meta.label']) // '; did you mean --label-column meta.label? (a nested field is named by its path)'
 */
function missingFieldHint(name: string, flag: string, found: readonly string[], other: string): string {
  const meant = meantColumn(name, found, other);
  if (meant !== undefined) return `; did you mean ${flag} ${shellWord(meant)}?${meant.includes('.') && !name.includes('.') ? ' (a nested field is named by its path)' : ''}`;
  const nested = found.find((f) => f.includes('.'));
  return nested === undefined ? '' : `; name a nested field by its path, e.g. ${flag} ${nested}`;
}

/**
 * The hint when neither field is there: both flags with the fields they most likely meant, else
 * the hint for the one that has none.
 *
 * @example missingFieldsHint('text', 'label', ['id', 'ticket.body', 'category']) // '; did you mean --text-column ticket.body --label-column category? (a nested field is named by its path)'
 */
function missingFieldsHint(textColumn: string, labelColumn: string, found: readonly string[]): string {
  const text = meantColumn(textColumn, found, labelColumn);
  const label = meantColumn(labelColumn, found, text ?? textColumn);
  if (text === undefined || label === undefined) return missingFieldHint(text === undefined ? textColumn : labelColumn, text === undefined ? '--text-column' : '--label-column', found, text === undefined ? labelColumn : textColumn);
  const nested = [text, label].some((field) => field.includes('.'));
  return `; did you mean --text-column ${shellWord(text)} --label-column ${shellWord(label)}?${nested ? ' (a nested field is named by its path)' : ''}`;
}
