import { describe, expect, it } from 'vitest';
import { rangeSegments } from './rollup-layout.js';

describe('range segments', () => {
  it('covers a range exactly with the coarsest tables that fit', () => {
    const since = Date.UTC(2026, 0, 1, 22, 30);
    const until = Date.UTC(2026, 0, 3, 1, 15);
    const parts = rangeSegments(since, until);
    expect(parts.map((p) => p.table)).toEqual(['rollup_minute', 'rollup_hour', 'rollup_day', 'rollup_hour', 'rollup_minute']);
    expect(parts[0]?.from).toBe(since);
    expect(parts.at(-1)?.to).toBe(until);
    for (let i = 1; i < parts.length; i++) expect(parts[i]?.from).toBe(parts[i - 1]?.to);
    expect(rangeSegments(since, since + 600_000)).toEqual([{ table: 'rollup_minute', from: since, to: since + 600_000 }]);
  });
});
