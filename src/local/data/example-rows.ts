import { SwitchyardError } from '../../core/errors.js';
import { type BadLine, badLineList } from '../../core/data-text.js';
import type { DataFileFormat } from '../../core/data-file-format.js';
import { describeValue } from '../../core/format-issues.js';
import { countOf } from '../../core/plural.js';
import { quoteClipped } from '../../core/clip.js';
import { type Example, MAX_LABEL_CHARS } from '../types.js';

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
  for (const [name, value, flag] of [[textColumn, text, '--text-column'], [labelColumn, label, '--label-column']] as const) {
    if (value === undefined) return `no "${name}" field (fields found: ${found.join(', ') || 'none'})${missingFieldHint(name, flag, found)}`;
    if (typeof value === 'number' && !Number.isFinite(value)) return `"${name}": ${describeValue(value)}: send a finite number`;
    if (typeof value !== 'string') return `"${name}" must be a string, got ${value === null ? 'null' : typeof value}`;
    if (value.trim() === '') return `"${name}" is empty`;
  }
  const trimmed = (label as string).trim();
  const problem = labelProblem(trimmed);
  return problem === undefined ? { text: text as string, label: trimmed } : `"${labelColumn}" ${problem}`;
}

/**
 * What makes a label no class name: over `MAX_LABEL_CHARS` (the label column is likely the text),
 * or a control character. A label is printed in tables, the trace and the model file's label list;
 * one with a line break split `local eval`'s table row in two. Refused here, each on its own line
 * (`--skip-bad-lines` leaves it out), rather than as "example 300" of the whole file after reading.
 *
 * @example labelProblem('card\narrival') // 'holds a control character (U+000A) at 5: a label names a class on one line'
 */
function labelProblem(label: string): string | undefined {
  if (label.length > MAX_LABEL_CHARS) return `is ${label.length} characters, longer than ${MAX_LABEL_CHARS} (a label names a class; is --label-column the text?): ${quoteClipped(label, 40)}`;
  const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.exec(label);
  if (control === null) return undefined;
  const code = (control[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  return `holds a control character (U+${code}) at ${control.index + 1}: a label names a class on one line`;
}

/**
 * How to name the field that was not found, with the flag for it (a missing label said
 * `--text-column metadata.intent`): a nested field ending in the same name, else the first nested
 * one; none when the record has no nested field (its own fields are listed already).
 * @example missingFieldHint('label', '--label-column', ['input', 'meta.label']) // '; name a nested field by its path, e.g. --label-column meta.label'
 */
function missingFieldHint(name: string, flag: string, found: readonly string[]): string {
  const nested = found.filter((f) => f.includes('.'));
  const pick = nested.find((f) => f.endsWith(`.${name}`)) ?? nested[0];
  return pick === undefined ? '' : `; name a nested field by its path, e.g. ${flag} ${pick}`;
}
