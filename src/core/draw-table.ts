import { cutToWidth, displayWidth } from './display-width.js';

// Drawn here rather than by cli-table3: it pads and cuts by string-width 4's count (a ZWJ family
// two columns, "हि" two, a combining mark outside U+0300–U+036F one), which differs from the count
// the columns were fitted by, so rows of such names drew past their border or the terminal.

/**
 * A cell's lines within `room` columns: its own line breaks kept; with `wrap`, each line broken
 * at its words (a word wider than the room on a line of its own); any line still wider cut with "…".
 *
 * @example cellLines('open, probe in 60 s', 10, true) // ['open,', 'probe in', '60 s']
 */
export function cellLines(text: string, room: number, wrap: boolean): string[] {
  const lines = text.split('\n').flatMap((line) => (wrap && displayWidth(line) > room ? wrapWords(line, room) : [line]));
  return lines.map((line) => cutToWidth(line, room));
}

function wrapWords(line: string, room: number): string[] {
  const out: string[] = [];
  for (const word of line.split(' ')) {
    const last = out.length - 1;
    if (last >= 0 && displayWidth(`${out[last]} ${word}`) <= room) out[last] = `${out[last]} ${word}`;
    else out.push(word);
  }
  return out;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * Rows (the header first) drawn with box borders, no rule between rows, each column `widths[i]`
 * columns wide including one space of padding either side, every line padded by display width so
 * the borders line up whatever the names hold.
 *
 * @example drawTable([['id', 'n'], ['c1', '7']], [4, 3], false) // '┌────┬───┐\n│ id │ n │\n│ c1 │ 7 │\n└────┴───┘'
 */
export function drawTable(rows: readonly (readonly string[])[], widths: readonly number[], wrap: boolean): string {
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const out = [rule('┌', '┬', '┐')];
  for (const row of rows) {
    const cells = widths.map((w, i) => cellLines(row[i] ?? '', Math.max(1, w - 2), wrap));
    const height = Math.max(1, ...cells.map((lines) => lines.length));
    for (let line = 0; line < height; line++) out.push(`│${cells.map((lines, i) => ` ${pad(lines[line] ?? '', (widths[i] ?? 3) - 2)} `).join('│')}│`);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
