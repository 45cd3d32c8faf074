import { afterEach, describe, expect, it } from 'vitest';
import { fitToTerminal, fitWidths, joinToTerminal, TerminalTable } from './terminal-table.js';

describe('terminal tables', () => {
  it('have a plain header, no rule between rows, and no colour codes', () => {
    const table = new TerminalTable({ head: ['id', 'status'] });
    table.push(['run_1', 'completed'], ['run_2', 'failed']);
    const text = table.toString();
    expect(text).not.toMatch(/\u001b\[/);
    expect(text.split('\n')).toHaveLength(5); // top, head, two rows, bottom
  });

  it('fit 100 columns by wrapping the widest column, keeping ids whole', () => {
    const table = new TerminalTable({ head: ['trace', 'answer'] });
    const id = 'tr_0mx2l70sb3ca48880ebb1fe38';
    table.push([id, 'word '.repeat(60).trim()]);
    const lines = table.toString().split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(lines.some((l) => l.includes(id))).toBe(true);
  });

  it('wrap a long header before any value', () => {
    const table = new TerminalTable({ head: ['target', 'circuit', 'failures (in a row / window)', 'latency', 'in flight', 'rate limit left', 'opened'] });
    table.push(['sim/broken', 'open, probe in 60 s', '1 / 1 of 1', '–', '0', '100%', '1'], ['sim/standin-small', 'closed', '0 / 0 of 1', '19 ms', '0', '100%', '0']);
    const lines = table.toString().split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(lines.some((l) => /│ sim\/broken +│ open, probe in 60 s │ 1 \/ 1 of 1 +│/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes('sim/'))).toHaveLength(2); // one line per row
  });

  it('keep values whole when the table cannot fit even with every value wrapped', () => {
    // Ten columns whose longest words alone need more than 100 columns, as the trace list's do.
    const head = ['time', 'trace', 'key', 'model', 'via', 'status', 'tokens in/out', 'cost', 'ttft', 'latency'];
    const table = new TerminalTable({ head });
    table.push(['2026-12-01 09:37:59', 'tr_0mx4i7lkgcf47c5cd131bcad6', '-', 'claude-sonnet-4-6', 'simulated-anthropic/claude-sonnet-4-6 (simulated)', '200', '7/22', '$0.000351', '1339 ms', '1340 ms']);
    const lines = table.toString().split('\n');
    const rows = lines.filter((l) => l.includes('│'));
    expect(rows).toHaveLength(3); // the header (wrapped to two lines) and the row on one line
    expect(rows[2]).toContain('│ 1339 ms │ 1340 ms │');
    expect(rows[2]).toContain('2026-12-01 09:37:59');
  });

  it('shrink the widest column first, never below the minimum', () => {
    expect(fitWidths([10, 80], 60, [10, 12])).toEqual([10, 47]);
    expect(fitWidths([9, 9, 9], 10)).toEqual([8, 8, 8]);
    // A column whose longest word is 30 characters never goes below 30.
    expect(fitWidths([32, 80], 40, [30, 6])).toEqual([30, 8]);
  });
});

describe('terminal tables narrower than their values', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });
  const table = () => {
    const t = new TerminalTable({ head: ['name', 'state', 'detail', 'extra one', 'extra two'], dropToFit: ['extra two', 'extra one'] });
    t.push(['sim-anthropic/claude-sonnet-4-6', 'open, probe in 60 s', '3 / 3 of 4', '12345', 'abcdefghij']);
    return t.toString().split('\n');
  };

  it('read COLUMNS and leave out droppable columns in order, only as many as needed, naming them', () => {
    process.env.COLUMNS = '80';
    const lines = table();
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines).toContain('(not shown to fit 80 columns: extra two)');
    expect(lines.some((l) => /│ sim-anthropic\/claude-sonnet-4-6 │ open, probe in 60 s │ 3 \/ 3 of 4 │ 12345 +│$/.test(l))).toBe(true);
  });

  it('on a terminal, cut the widest values with "…" when even wrapped at their words they would not fit, and say so; to a pipe keep them whole', () => {
    // `switchyard keys list` at 80 columns printed 150-character lines the terminal broke apart.
    const keys = () => {
      const t = new TerminalTable({ head: ['name', 'team', 'models', 'limits', 'status'] });
      t.push(['ci-bot-with-a-rather-long-name-for-testing', '-', 'all', '-', 'active'], ['support-bot', 'support', 'gpt-5.4-mini, claude-haiku-4-5, gemini-2.5-flash', '$5 monthly, 600 rpm, 100000 tpm', 'active']);
      return t.toString().split('\n');
    };
    process.env.COLUMNS = '80';
    const lines = keys();
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => /^│ ci-bot-with-a-rather-long… +│ - +│ all +│/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('│ support-bot '))).toBe(true);
    expect(lines.at(-1)).toBe('(… marks values cut to fit 80 columns; --json or a pipe shows them whole)');
    delete process.env.COLUMNS;
    const piped = keys();
    expect(piped.some((l) => l.includes('│ ci-bot-with-a-rather-long-name-for-testing │'))).toBe(true);
    expect(piped.some((l) => l.includes('…'))).toBe(false);
  });

  it('leave every column in when the values fit', () => {
    process.env.COLUMNS = '120';
    const lines = table();
    expect(lines.some((l) => l.includes('not shown'))).toBe(false);
    expect(lines.some((l) => l.includes('│ abcdefghij │'))).toBe(true);
  });
});

describe('prose for a terminal', () => {
  const saved = process.env.COLUMNS;
  afterEach(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  });
  const note = 'frontier: cost–quality Pareto frontier; a variant is dominated only when one at most as costly is better with 95% confidence';
  const hint = ['compare: switchyard eval compare last~1 last (or run_0mx5md2d743400d4e90a6c5d4)', 'cases: switchyard eval show last --cases', 'repeat exactly: switchyard eval rerun last'];

  it('wraps a sentence at its words to COLUMNS, later lines indented, and joins parts without splitting one', () => {
    process.env.COLUMNS = '80';
    const lines = fitToTerminal(note, '  ').split('\n');
    expect(lines.length).toBe(2);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines[1]?.startsWith('  ') && !lines[1].startsWith('   ')).toBe(true);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(note);
    expect(joinToTerminal(hint).split('\n')).toEqual(hint);
    process.env.COLUMNS = '100';
    expect(joinToTerminal(hint).split('\n')).toEqual([hint[0], `${hint[1]} · ${hint[2]}`]);
  });

  it('leaves a line that fits, and everything to a pipe (no COLUMNS, no terminal), on one line', () => {
    process.env.COLUMNS = '200';
    expect(fitToTerminal(note)).toBe(note);
    delete process.env.COLUMNS;
    if (process.stdout.isTTY) return;
    expect(fitToTerminal(note, '  ')).toBe(note);
    expect(joinToTerminal(hint)).toBe(hint.join(' · '));
  });
});
