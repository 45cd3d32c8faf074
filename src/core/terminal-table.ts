import Table from 'cli-table3';
import { cutToWidth, displayWidth } from './display-width.js';
import { cellLines, drawTable } from './draw-table.js';
import { terminalText } from './terminal-text.js';

type TableOptions = ConstructorParameters<typeof Table>[0] & {
  /**
   * Header names of columns that may be left out, the first named first, while the table's
   * values (each on one line) are wider than the terminal; a line under the table names them.
   * Output to a pipe keeps them (no terminal to fit, unless `COLUMNS` is set), each value on
   * one line: only the header (and the `wraps` columns) wrap there.
   */
  dropToFit?: readonly string[];
  /** Header names of columns whose values may wrap at their words when deciding what to drop (prose, messages). */
  wraps?: readonly string[];
  /**
   * Header names of columns that wrap at their words only to fit a terminal (short lists, so a
   * name beside them stays whole); to a pipe they stay on one line, as every value of a table
   * with `dropToFit` does there.
   */
  wrapsOnTerminal?: readonly string[];
  /**
   * Header names of free-text columns (model names, previews, ids nobody types back) that, on a
   * terminal, are cut with "…" to fit before any other column wraps or is left out: a hostile
   * 10,000-character model name then costs its own column, not the row's figures. Never below
   * the header's width; to a pipe they stay whole.
   */
  shrinks?: readonly string[];
};
type Cell = string | number | boolean | null | undefined | { content?: unknown };

/**
 * Terminal width a table is fitted to: `COLUMNS` when set (as `ls` and Python read it, so
 * `COLUMNS=80 switchyard providers | less` fits 80), else the terminal's, else 100 columns
 * (pipes, CI logs, which keep every column: see `dropToFit`).
 */
export function terminalWidth(): number {
  return knownTerminalWidth() ?? 100;
}

/**
 * Whether output goes to a terminal (or `COLUMNS` says how wide one is): a layout that breaks a
 * value over lines for a reader's eye keeps it on one line otherwise, for grep.
 *
 * @example diff.replace(' [', onTerminal() ? '\n[' : ' [')
 */
export function onTerminal(): boolean {
  return knownTerminalWidth() !== undefined;
}

/** Narrower than this, `COLUMNS` is taken for a mistake (a pipe's 0, a stray 1) and the output as piped. */
const MIN_TERMINAL = 20;

/** The width of a terminal that is there (`COLUMNS`, or stdout's), not the 100 assumed for a pipe. */
function knownTerminalWidth(): number | undefined {
  const fromEnv = Number(process.env.COLUMNS);
  const columns = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : process.stdout.columns;
  return typeof columns === 'number' && columns >= MIN_TERMINAL ? columns : undefined;
}

/** A table's printed width: its columns and a border character before each and after the last. */
const borderedWidth = (widths: readonly number[]): number => widths.reduce((a, b) => a + b, 0) + widths.length + 1;

const cellText = (cell: Cell): string => (cell !== null && typeof cell === 'object' ? String(cell.content ?? '') : String(cell ?? ''));
const longestLine = (text: string): number => Math.max(0, ...text.split('\n').map(displayWidth));

/** A cell's text for a terminal: a tab as a space (it would jump past the column's border), other control characters escaped. */
const safeCell = (text: string): string => terminalText(text, { tab: 'space' });

/**
 * Column widths that fit `limit` characters: natural widths (longest line + padding), and while
 * the total is too wide the column with the most room to give loses a character, never below
 * its minimum (its longest word, so ids and numbers stay whole and prose wraps first).
 *
 * @example fitWidths([10, 80], 60, [10, 12]) // [10, 47]
 */
export function fitWidths(naturals: readonly number[], limit: number, minimums: readonly number[] = []): number[] {
  const widths = [...naturals];
  const floor = (i: number) => Math.min(naturals[i] ?? 0, Math.max(8, minimums[i] ?? 0));
  // Each column costs one border character, plus one for the closing border.
  const total = () => widths.reduce((a, b) => a + b, 0) + widths.length + 1;
  while (total() > limit) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if ((widths[i] ?? 0) > floor(i) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/**
 * The table every command prints: neutral header, no rule between rows, and fitted to the
 * terminal (100 columns when output is not a terminal) by wrapping the widest columns, so no
 * line overflows and no id is cut.
 *
 * @example const t = new TerminalTable({ head: ['id', 'input'] }); t.push(['c1', 'Where is my card?']); console.log(t.toString());
 */
export class TerminalTable extends Table {
  private readonly dropToFit: readonly string[];
  private readonly wrapsAlways: readonly string[];
  private readonly wrapsOnTerminal: readonly string[];
  private readonly shrinks: readonly string[];

  constructor(options: TableOptions = {}) {
    const { dropToFit = [], wraps = [], wrapsOnTerminal = [], shrinks = [], ...tableOptions } = options;
    // cli-table3 holds the options and rows; the drawing is `drawTable`'s (see draw-table.ts).
    super(tableOptions);
    this.dropToFit = dropToFit;
    this.wrapsAlways = wraps;
    this.wrapsOnTerminal = wrapsOnTerminal;
    this.shrinks = shrinks;
  }

  override toString(): string {
    const options = (this as unknown as { options: { head?: string[]; colWidths?: (number | null)[]; wordWrap?: boolean } }).options;
    const body = (this as unknown as Cell[][]).filter((row) => Array.isArray(row));
    for (const row of body) row.forEach((cell, i) => (row[i] = typeof cell === 'string' ? safeCell(cell) : cell !== null && typeof cell === 'object' && typeof cell.content === 'string' ? { ...cell, content: safeCell(cell.content) } : cell));
    const rows = [options.head ?? [], ...body];
    // Only a real terminal loses columns: a pipe or a CI log keeps them all, for grep.
    const known = knownTerminalWidth();
    const wraps = known === undefined ? this.wrapsAlways : [...this.wrapsAlways, ...this.wrapsOnTerminal];
    const shrinkable = (rows[0] ?? []).map((name, i) => (this.shrinks.includes(cellText(name)) ? i : -1)).filter((i) => i >= 0);
    // A free-text value's own line breaks fold to spaces, on a terminal and to a pipe: the row stays one line.
    for (const i of shrinkable) for (const row of rows.slice(1)) if (typeof row[i] === 'string') row[i] = (row[i] as string).replace(/\s*\n\s*/g, ' ');
    const dropped = known === undefined ? [] : columnsToDrop(rows, this.dropToFit, wraps, known, shrinkable);
    if (dropped.length > 0) {
      const keep = (row: Cell[]) => row.filter((_, i) => !dropped.includes(i));
      const narrower = new TerminalTable({ ...options, head: keep(options.head ?? []) as string[], colWidths: [], wraps, shrinks: this.shrinks });
      narrower.push(...(rows.slice(1).map(keep) as Table.HorizontalTableRow[]));
      const names = dropped.map((i) => cellText(options.head?.[i])).join(', ');
      return `${narrower.toString()}\n${wrapAtWords(`(not shown to fit ${terminalWidth()} columns: ${names})`, terminalWidth())}`;
    }
    const shrunk = known !== undefined && shrinkToFit(rows, shrinkable, known);
    const columns = Math.max(0, ...rows.map((row) => row.length));
    const naturals = Array.from({ length: columns }, (_, i) => Math.max(3, ...rows.map((row) => longestLine(cellText(row[i])) + 2)));
    const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((word) => displayWidth(word)));
    const minimums = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((row) => longestWord(cellText(row[i])) + 2)));
    // A long header wraps before any value does: first no column goes below its values' width.
    const values = Array.from({ length: columns }, (_, i) => Math.max(minimums[i] ?? 0, ...rows.slice(1).map((row) => longestLine(cellText(row[i])) + 2)));
    // A table that names the columns that wrap keeps every other value on one line; so does one
    // that drops columns or wraps some only to fit a terminal when, to a pipe, it does neither: a
    // row stays one line for grep (`switchyard providers | cat` broke "open, probe in 10 s" over
    // three lines).
    const head = (options.head ?? []).map(String);
    const oneLineValues = wraps.length > 0 || (known === undefined && (this.dropToFit.length > 0 || this.wrapsOnTerminal.length > 0));
    if (oneLineValues) for (let i = 0; i < columns; i++) if (!wraps.includes(head[i] ?? '')) minimums[i] = values[i] ?? 0;
    // Figures (counts, costs, latencies) are never broken or cut: a name gives way to them, and
    // when even that is not enough the rows are printed as blocks, one value a line.
    const figures = Array.from({ length: columns }, (_, i) => !shrinkable.includes(i) && !wraps.includes(head[i] ?? '') && isFigureColumn(rows, i));
    figures.forEach((figure, i) => figure && (minimums[i] = values[i] ?? 0));
    const headerFitted = fitWidths(naturals, terminalWidth(), values);
    const wordsFitted = fitWidths(headerFitted, terminalWidth(), minimums);
    // When even every value wrapped at its words overflows: on a terminal, whose lines would
    // break at its edge into a jumble, the widest columns are narrowed further and the words that
    // do not fit are cut with "…" (said under the table); to a pipe, values stay whole, for grep.
    const cut = borderedWidth(minimums) > terminalWidth() && known !== undefined;
    const fitted = cut ? fitWidths(wordsFitted, known, figures.map((figure, i) => (figure ? (values[i] ?? 0) : 0))) : borderedWidth(minimums) > terminalWidth() ? headerFitted : wordsFitted;
    if (cut && borderedWidth(fitted) > known) return rowsAsBlocks(rows.map((row) => row.map(cellText)), known);
    const wrap = fitted.some((width, i) => width < (naturals[i] ?? 0));
    const text = drawTable((head.length > 0 ? rows : rows.slice(1)).map((row) => row.map(cellText)), fitted, wrap);
    if (!shrunk && (!cut || !text.includes('…'))) return text;
    return `${text}\n${wrapAtWords(`(… marks values cut to fit ${known} columns; --json or a pipe shows them whole)`, known)}`;
  }
}

// A value that reads as a figure: digits with units, signs and separators ("$0.0123", "98765 ms",
// "3 / 3 of 4", "82.5% [47.5–100.0]", "–"), no words beyond a unit.
const UNITS = /(?<!\p{L})(?:ms|µs|s|min|h|d|k|M|B|KB|MB|GB|of|x)(?!\p{L})/gu;
const isFigure = (text: string) => !/\p{L}/u.test(text.replace(UNITS, ''));

/** Whether every value of column `i` (the header aside) is a figure, and one has a digit. */
function isFigureColumn(rows: Cell[][], i: number): boolean {
  const values = rows.slice(1).map((row) => cellText(row[i]));
  return values.some((v) => /\d/.test(v)) && values.every(isFigure);
}

/**
 * Rows too wide for the terminal even with names cut and figures whole (a 32-column terminal):
 * each row a block of "header  value" lines, values wrapped at their words within the width (under
 * their header when the room beside it is too small), blocks apart by an empty line.
 */
function rowsAsBlocks(rows: string[][], width: number): string {
  const [head = [], ...body] = rows;
  const labels = head.map((name) => name.replace(/\s*\n\s*/g, ' '));
  const labelWidth = Math.max(0, ...labels.map(displayWidth));
  const beside = width - labelWidth - 2 >= 12;
  const blocks = body.map((row) =>
    row.flatMap((value, i) => {
      const label = labels[i] ?? '';
      if (!beside) return [cutToWidth(label, width), ...cellLines(value, width - 2, true).map((line) => `  ${line}`)];
      const [first = '', ...rest] = cellLines(value, width - labelWidth - 2, true);
      return [`${label}${' '.repeat(labelWidth - displayWidth(label))}  ${first}`.trimEnd(), ...rest.map((line) => `${' '.repeat(labelWidth + 2)}${line}`)];
    }).join('\n'),
  );
  return `${blocks.join('\n\n')}\n${wrapAtWords(`(each row as a block to fit ${width} columns; --json or a pipe shows the table)`, width)}`;
}

/**
 * Text broken at spaces into lines of at most `width` characters (a longer word keeps its own line).
 *
 * @example wrapAtWords('accept or correct the answer', 12) // 'accept or\ncorrect the\nanswer'
 */
export function wrapAtWords(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && displayWidth(`${lines[last]} ${word}`) <= width) lines[last] = `${lines[last]} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/**
 * A line of prose for a terminal: wrapped at its words to the terminal's width (`COLUMNS`, or
 * stdout's), later lines indented by `indent`, so a sentence does not break mid-word at the
 * edge; to a pipe it stays one line, as scripts and logs read it. Control characters are escaped
 * (`terminalText`), as in a table's cells.
 *
 * @example fitToTerminal('frontier: cost–quality Pareto frontier; …', '  ')
 */
export function fitToTerminal(raw: string, indent = ''): string {
  const text = terminalText(raw);
  const width = knownTerminalWidth();
  if (width === undefined || displayWidth(text) <= width) return text;
  return wrapAtWords(text, width - indent.length).replace(/\n/g, `\n${indent}`);
}

/**
 * Parts joined with " · ", a new line started where the next part would pass the terminal's
 * width (a part is never split, so a command in it stays whole); to a pipe, one line. Control
 * characters are escaped (`terminalText`).
 *
 * @example joinToTerminal(['compare: switchyard eval compare last~1 last', 'cases: switchyard eval show last --cases'])
 */
export function joinToTerminal(raw: readonly string[]): string {
  const parts = raw.map((part) => terminalText(part));
  const width = knownTerminalWidth();
  if (width === undefined) return parts.join(' · ');
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    if (last >= 0 && displayWidth(`${lines[last]} · ${part}`) <= width) lines[last] = `${lines[last]} · ${part}`;
    else lines.push(part);
  }
  return lines.join('\n');
}

/**
 * Indexes of the columns to leave out so that every value fits on one line (or at its words, in
 * a column that wraps): the droppable
 * columns in their order, only as many as needed (none when the values fit, all of them when
 * even that is not enough, and then the rest wraps as usual).
 */
function columnsToDrop(rows: Cell[][], droppable: readonly string[], wraps: readonly string[], limit: number, shrinkable: readonly number[]): number[] {
  const head = (rows[0] ?? []).map(cellText);
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((word) => displayWidth(word)));
  // A value's width on one line (its longest word in a column that wraps); the header may wrap at its words.
  const width = (i: number) => (wraps.includes(head[i] ?? '') ? longestWord : longestLine);
  // No column is fitted below 8 characters unless it is narrower (see fitWidths).
  const natural = (i: number) => Math.max(...rows.map((row) => longestLine(cellText(row[i])) + 2));
  const value = (i: number) => Math.max(Math.min(8, natural(i)), longestWord(head[i] ?? '') + 2, ...rows.slice(1).map((row) => width(i)(cellText(row[i])) + 2));
  // A column that shrinks counts at its floor: a hostile value is cut, it does not cost the row its figures.
  const values = Array.from({ length: columns }, (_, i) => (shrinkable.includes(i) ? Math.min(value(i), shrinkFloor(rows, i)) : value(i)));
  const dropped: number[] = [];
  for (const name of droppable) {
    if (borderedWidth(values.filter((_, i) => !dropped.includes(i))) <= limit) break;
    const index = head.indexOf(name);
    if (index >= 0) dropped.push(index);
  }
  return dropped;
}

/** The narrowest a free-text column is cut to: its header's width, or its values' up to 16 columns, whichever is wider (with padding). */
function shrinkFloor(rows: Cell[][], i: number): number {
  const natural = Math.max(...rows.slice(1).map((row) => longestLine(cellText(row[i]))));
  return Math.max(longestLine(cellText(rows[0]?.[i])), Math.min(natural, 16)) + 2;
}

/**
 * Cuts the values of the `shrinkable` columns with "…",
 * the widest column first, until the table's one-line width fits `limit` or each is at its floor
 * (see {@link shrinkFloor}); other columns keep their values, to wrap or be cut after. Whether
 * any value was cut.
 */
function shrinkToFit(rows: Cell[][], shrinkable: readonly number[], limit: number): boolean {
  if (shrinkable.length === 0) return false;
  const body = rows.slice(1);
  const columns = Math.max(0, ...rows.map((row) => row.length));
  // A header counts by its longest word: it wraps before a name is cut ("failed: row / 30 s" took a
  // provider's name down to "sim-openai/gpt-…" at 60 columns).
  const headerWord = (i: number) => Math.max(0, ...cellText(rows[0]?.[i]).split(/\s+/).map(displayWidth));
  // No column is fitted below 8 characters unless it is narrower (see fitWidths).
  const natural = (i: number) => Math.max(3, ...rows.map((row) => longestLine(cellText(row[i])) + 2));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(Math.min(8, natural(i)), headerWord(i) + 2, ...body.map((row) => longestLine(cellText(row[i])) + 2)));
  const floors = shrinkable.map((i) => shrinkFloor(rows, i));
  while (borderedWidth(widths) > limit) {
    let widest = -1;
    shrinkable.forEach((i, k) => {
      if ((widths[i] ?? 0) > (floors[k] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  let cut = false;
  for (const i of shrinkable) {
    for (const row of body) {
      const text = row[i];
      if (typeof text !== 'string') continue;
      row[i] = cutToWidth(text, (widths[i] ?? 0) - 2);
      cut ||= row[i] !== text;
    }
  }
  return cut;
}
