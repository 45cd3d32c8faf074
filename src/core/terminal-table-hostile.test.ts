import { afterEach, describe, expect, it } from 'vitest';
import { TerminalTable } from './terminal-table.js';

/**
 * Columns a line takes, counted independently of the renderer: a grapheme cluster that shows as
 * an emoji or a CJK character takes two, one of marks only none, any other one.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const cells = (line: string) =>
  [...segmenter.segment(line)].reduce((sum, { segment }) => sum + (/^[\p{Mn}\p{Me}\p{Cf}]+$/u.test(segment) ? 0 : /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}{2}|[\u4e00-\u9fff]/u.test(segment) ? 2 : 1), 0);

// Names a config, a client or a key's owner can choose.
const HOSTILE = {
  long: `gpt-${'x'.repeat(196)}`,
  cjk: '模型名称'.repeat(12),
  zwj: `${'👨‍👩‍👧‍👦'.repeat(10)}🏳️‍🌈🇯🇵🇺🇦👍🏽`,
  combining: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̟̟o̜̗'.repeat(6),
  bidi: `abc\u202edcba-${'r'.repeat(50)}`,
  control: `k\u001b[31mred\u0007bell\u0000nul${'c'.repeat(40)}`,
  newline: `first line\nsecond line\nthird ${'n'.repeat(60)}`,
};
const FIGURES = /│ 12345 +│ 678\.9 ms +│ \$12\.3456 +│$/;

function hostileTable(): string {
  const table = new TerminalTable({ head: ['model', 'requests', 'p50', 'cost'], shrinks: ['model'] });
  table.push(['gpt-5.4-mini', 12345, '678.9 ms', '$12.3456']);
  for (const name of Object.values(HOSTILE)) table.push([name, 12345, '678.9 ms', '$12.3456']);
  return table.toString();
}

describe('a table of hostile names', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });

  for (const columns of [60, 80, 120]) {
    it(`at ${columns} columns: borders line up, every line fits, figures whole, names cut with "…"`, () => {
      process.env.COLUMNS = String(columns);
      const lines = hostileTable().split('\n');
      const box = lines.filter((l) => /^[┌│└]/.test(l));
      // One width for every line of the box: ZWJ chains, marks and Devanagari drifted the border before.
      expect(new Set(box.map(cells)).size).toBe(1);
      expect(Math.max(...lines.map(cells))).toBeLessThanOrEqual(columns);
      const rows = box.filter((l) => l.startsWith('│ ') && !l.includes('requests'));
      expect(rows).toHaveLength(Object.keys(HOSTILE).length + 1); // one line a row: the newline folded
      for (const row of rows) expect(row).toMatch(FIGURES);
      expect(rows[0]).toMatch(/^│ gpt-5\.4-mini +│/);
      expect(rows[1]).toMatch(/^│ gpt-x+… +│/);
      // Nothing escapes as a raw control character; the bidi override is shown, not obeyed.
      expect(lines.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
      expect(lines.join('\n')).toContain('\\u202e');
    });
  }

  it('cuts a joined emoji, a flag or a letter with its marks whole or not at all', () => {
    process.env.COLUMNS = '60';
    const text = hostileTable();
    const clusters = (s: string) => new Set([...segmenter.segment(s)].map((x) => x.segment));
    const allowed = new Set([...Object.values(HOSTILE).flatMap((n) => [...clusters(n)]), ...clusters('│─┌┐└┘┬┴…() ;-.,abcdefghijklmnopqrstuvwxyz0123456789$\\\n')]);
    for (const cluster of clusters(text)) expect(allowed.has(cluster) || /^[\p{L}\p{N}\p{P}\p{S}\s]$/u.test(cluster)).toBe(true);
  });

  it('in 32 columns, where the figures cannot all fit beside a name, prints each row as a block, figures whole', () => {
    process.env.COLUMNS = '32';
    const lines = hostileTable().split('\n');
    expect(Math.max(...lines.map(cells))).toBeLessThanOrEqual(32);
    expect(lines.filter((l) => l === 'requests  12345')).toHaveLength(Object.keys(HOSTILE).length + 1);
    expect(lines.filter((l) => l === 'cost      $12.3456')).toHaveLength(Object.keys(HOSTILE).length + 1);
    expect(lines).toContain('model     gpt-5.4-mini');
    expect(lines.some((l) => /^model {5}gpt-x+…$/.test(l))).toBe(true);
    expect(lines.slice(-3).join(' ')).toBe('(each row as a block to fit 32 columns; --json or a pipe shows the table)');
  });

  it('to a pipe keeps every name whole, each row on one line', () => {
    delete process.env.COLUMNS;
    if (process.stdout.isTTY) return;
    const text = hostileTable();
    expect(text).toContain(HOSTILE.long);
    expect(text).toContain(HOSTILE.zwj);
    expect(text).toContain('first line second line third');
    expect(text.split('\n').filter((l) => FIGURES.test(l))).toHaveLength(Object.keys(HOSTILE).length + 1);
    expect(text).not.toContain('…');
  });
});
