import { describe, expect, it } from 'vitest';
import { readAhead, readAheadSink } from './read-ahead.js';

describe('readAhead', () => {
  const table = Int16Array.from({ length: 4096 }, (_, i) => (i % 32 === 0 ? 1 : 0));
  // 4096 two-byte entries are 128 lines of 64 bytes: one load per line, each reading a 1.

  it('reads one entry per cache line when the reads would cover at least half the lines', () => {
    const before = readAheadSink();
    readAhead(table, 64);
    expect(readAheadSink() - before).toBe(128);
  });

  it('skips a table that few reads would touch', () => {
    const before = readAheadSink();
    readAhead(table, 63);
    expect(readAheadSink()).toBe(before);
  });

  it('leaves the table as it was', () => {
    const copy = table.slice();
    readAhead(table, 10_000);
    expect(table).toEqual(copy);
  });
});
