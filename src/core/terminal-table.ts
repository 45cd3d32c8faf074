import Table from 'cli-table3';

type TableOptions = ConstructorParameters<typeof Table>[0];
type Cell = string | number | boolean | null | undefined | { content?: unknown };

/** Borders without a rule between rows (cli-table3 draws one rule style for every row, the header's included). */
const COMPACT_CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Terminal width a table is fitted to: the terminal's, else 100 columns (pipes, CI logs). */
export function terminalWidth(): number {
  const columns = process.stdout.columns;
  return typeof columns === 'number' && columns >= 40 ? columns : 100;
}

/** A table's printed width: its columns and a border character before each and after the last. */
const borderedWidth = (widths: readonly number[]): number => widths.reduce((a, b) => a + b, 0) + widths.length + 1;

const cellText = (cell: Cell): string => (cell !== null && typeof cell === 'object' ? String(cell.content ?? '') : String(cell ?? ''));
const longestLine = (text: string): number => Math.max(0, ...text.split('\n').map((line) => [...line].length));

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
  constructor(options: TableOptions = {}) {
    super({ ...options, style: { head: [], border: [], ...options.style }, chars: { ...COMPACT_CHARS, ...options.chars } });
  }

  override toString(): string {
    const options = (this as unknown as { options: { head?: string[]; colWidths?: (number | null)[]; wordWrap?: boolean } }).options;
    const rows = [options.head ?? [], ...(this as unknown as Cell[][])].filter((row) => Array.isArray(row));
    const columns = Math.max(0, ...rows.map((row) => row.length));
    const naturals = Array.from({ length: columns }, (_, i) => Math.max(3, ...rows.map((row) => longestLine(cellText(row[i])) + 2)));
    const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((word) => [...word].length));
    const minimums = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((row) => longestWord(cellText(row[i])) + 2)));
    // A long header wraps before any value does: first no column goes below its values' width.
    const values = Array.from({ length: columns }, (_, i) => Math.max(minimums[i] ?? 0, ...rows.slice(1).map((row) => longestLine(cellText(row[i])) + 2)));
    const headerFitted = fitWidths(naturals, terminalWidth(), values);
    // When even every value wrapped at its words would overflow, wrapping only makes rows taller
    // ("1339 ms" over two lines in a table wider than the terminal anyway): keep values whole.
    const fitted = borderedWidth(minimums) > terminalWidth() ? headerFitted : fitWidths(headerFitted, terminalWidth(), minimums);
    if (fitted.some((width, i) => width < (naturals[i] ?? 0))) {
      options.colWidths = fitted;
      options.wordWrap = true;
    }
    return super.toString();
  }
}
