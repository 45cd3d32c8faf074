import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from './parse-csv.js';
import { fuzzRuns } from '../test-support/fuzz-runs.js';

const fieldsOf = (text: string, delimiter?: string) => parseCsvRecords(text, delimiter).map((r) => r.fields);

describe('parseCsvRecords', () => {
  it('reads quoted fields with delimiters, doubled quotes and newlines, and names the line each record starts on', () => {
    const records = parseCsvRecords('text,label\n"a, ""b""\nc",x\r\nplain,y\n');
    expect(records).toEqual([
      { line: 1, fields: ['text', 'label'] },
      { line: 2, fields: ['a, "b"\nc', 'x'] },
      { line: 4, fields: ['plain', 'y'] },
    ]);
  });

  it('drops a byte-order mark, keeps empty fields and a last line without a newline', () => {
    expect(fieldsOf('\ufeffa,b\n,\n1,')).toEqual([['a', 'b'], ['', ''], ['1', '']]);
    expect(fieldsOf('')).toEqual([]);
    expect(fieldsOf('a\tb c\n', '\t')).toEqual([['a', 'b c']]);
  });

  it('takes a quote inside an unquoted field as text, and flags text after a closing quote by its line and column', () => {
    expect(parseCsvRecords('ab"c,"d"e\n')).toEqual([{ line: 1, fields: ['ab"c', 'de'], textAfterQuote: { line: 1, column: 9, found: 'e', delimiter: ',' } }]);
    expect(parseCsvRecords('x\n"a\nb" c\td\n', '\t')).toEqual([{ line: 1, fields: ['x'] }, { line: 2, fields: ['a\nb c', 'd'], textAfterQuote: { line: 3, column: 3, found: ' c', delimiter: '\t' } }]);
    expect(fieldsOf('"unterminated, runs to the end\nof the file')).toEqual([['unterminated, runs to the end\nof the file']]);
  });

  it('reads back whatever rows RFC 4180 quoting writes', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '\t'), maxLength: 12 });
    const quote = (value: string) => (/[",\n\r]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (rows, crlf) => {
        const text = rows.map((row) => row.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
        expect(fieldsOf(text)).toEqual(rows);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('holds a large file as flat strings, not a rope per character', () => {
    const row = `"${'word, '.repeat(40)}",label\n`;
    const before = process.memoryUsage().heapUsed;
    const records = parseCsvRecords(row.repeat(20_000));
    const grown = process.memoryUsage().heapUsed - before;
    expect(records).toHaveLength(20_000);
    // 4.8 MB of text; a rope of one node per character would hold over 150 MB.
    expect(grown).toBeLessThan(60 * 2 ** 20);
  });
});
