import { describe, expect, it } from 'vitest';
import { decodeDataFile, invalidUtf8At, lineTooLong, MAX_LINE_BYTES, oversizedLine, oversizedRecord } from './data-text.js';

describe('data file text', () => {
  it('finds the first byte that is not UTF-8, as the native check and a fatal TextDecoder judge it', () => {
    const cases: [number[], number][] = [
      [[0x68, 0x69], -1],
      [[0x63, 0xc3, 0xa9], -1], // é
      [[0xf0, 0x9f, 0x99, 0x82], -1], // an emoji
      [[0x63, 0xe9, 0x21], 1], // Latin-1 é
      [[0x61, 0xc0, 0x80], 1], // overlong NUL
      [[0xed, 0xa0, 0x80], 0], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
      [[0x61, 0x62, 0xe2, 0x82], 2], // cut short
      [[0x80], 0],
    ];
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (const [bytes, at] of cases) {
      expect(invalidUtf8At(Uint8Array.from(bytes)), bytes.join(',')).toBe(at);
      expect(() => fatal.decode(Uint8Array.from(bytes))).toSatisfy((decode: () => string) => (at < 0 ? (decode(), true) : throwsOn(decode)));
    }
  });

  it('names the line of a bad byte as the JSONL reader numbers lines (\\n, \\r\\n, lone \\r), and keeps a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from('a\r\nb\rc\n'), Buffer.from([0xff])]);
    expect(() => decodeDataFile(bytes, 'x.jsonl')).toThrow('x.jsonl:4: not valid UTF-8 at byte 7 of the file (0xFF); save it as UTF-8');
    expect(decodeDataFile(Buffer.from('\uFEFF{}'), 'x.jsonl')).toBe('\uFEFF{}');
  });

  it('names a UTF-16 file as such, with or without its byte order mark, rather than a bad byte or a header of NULs', () => {
    const csv = 'input,expected\na,b\n';
    expect(() => decodeDataFile(Buffer.from(`\uFEFF${csv}`, 'utf16le'), 'x.csv')).toThrow('x.csv: the file is UTF-16 (little-endian, byte order mark FF FE), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)');
    expect(() => decodeDataFile(Buffer.from(`\uFEFF${csv}`, 'utf16le').swap16(), 'x.csv')).toThrow('UTF-16 (big-endian, byte order mark FE FF)');
    expect(() => decodeDataFile(Buffer.from(csv, 'utf16le'), 'x.csv')).toThrow('UTF-16 (little-endian, no byte order mark)');
    expect(decodeDataFile(Buffer.from('a\n'), 'x.csv')).toBe('a\n');
  });

  it('names a workbook, an archive, gzip or an image by its magic bytes, not as "not valid UTF-8 at byte 11"', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0xb4, 0x21]);
    expect(() => decodeDataFile(zip, 'q3.xlsx')).toThrow('q3.xlsx: the file is an Excel workbook (PK\\x03\\x04), not text; export it as text (CSV or JSONL for data) and use that');
    expect(() => decodeDataFile(zip, 'rows.jsonl')).toThrow('rows.jsonl: the file is a zip archive (PK\\x03\\x04), not text');
    expect(() => decodeDataFile(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]), 'rows.jsonl')).toThrow('rows.jsonl: the file is a gzip file (\\x1f\\x8b), not text; decompress it (gunzip) and use the file inside');
    expect(() => decodeDataFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'old.xls')).toThrow('old.xls: the file is an Excel 97–2003 workbook');
    // Parquet only with its closing PAR1 too: a text may start with "PAR1" (a CSV header).
    expect(() => decodeDataFile(Buffer.from('PAR1\x15\x00rows\x00PAR1', 'latin1'), 'rows.csv')).toThrow('rows.csv: the file is a Parquet file (PAR1), not text');
    expect(decodeDataFile(Buffer.from('PAR1,score\na,1\n'), 'rows.csv')).toBe('PAR1,score\na,1\n');
  });

  it('measures lines and records in UTF-8 bytes against one limit', () => {
    expect(oversizedLine('x'.repeat(MAX_LINE_BYTES))).toBeUndefined();
    expect(oversizedLine('x'.repeat(MAX_LINE_BYTES + 1))).toBe(lineTooLong(MAX_LINE_BYTES + 1));
    // 400,000 characters of 3 bytes each: 1.2 MB.
    expect(oversizedLine('€'.repeat(400_000))).toBe(lineTooLong(1_200_000));
    expect(oversizedRecord(['x'.repeat(MAX_LINE_BYTES / 2), 'x'.repeat(MAX_LINE_BYTES / 2)])).toBe(lineTooLong(MAX_LINE_BYTES + 1));
    expect(oversizedRecord(['a', 'b'])).toBeUndefined();
  });
});

function throwsOn(decode: () => string): boolean {
  try {
    decode();
    return false;
  } catch {
    return true;
  }
}
