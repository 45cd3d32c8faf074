import { describe, expect, it } from 'vitest';
import { ftsPhrase, indexableSearch, traceFilterSql, traceSelectionSql } from './trace-filters.js';

describe('SQLite trace list filters', () => {
  it('keeps indexed filters direct and bounds the row-by-row ones', () => {
    const sql = traceFilterSql({ model: 'm', status: 'error', since: 1, text: '50%_off', metadata: { feature: 'x', 'bad"field': 'y' } });
    expect(sql.indexed.slice(0, 3)).toEqual(['requested_model = ?', 'status >= 400', 'ts >= ?']);
    expect(sql.indexed[3]).toContain('traces_fts MATCH ?');
    expect(sql.indexedParams).toEqual(['m', 1, '50%_off', '"50%_off"']);
    expect(sql.scanned).toHaveLength(1); // the unsafe metadata field name is dropped
  });

  it('searches through the full-text index as one quoted phrase, scanning only what it cannot serve', () => {
    expect(ftsPhrase('say "hi" OR NEAR(a b) *')).toBe('"say ""hi"" OR NEAR(a b) *"');
    expect(indexableSearch('abc')).toBe(true);
    expect(indexableSearch('😀😀😀')).toBe(true);
    expect(indexableSearch('ab')).toBe(false);
    expect(indexableSearch('a\0bc')).toBe(false);
    const short = traceFilterSql({ text: '5%' });
    expect(short.indexed).toEqual([]);
    expect(short.scannedParams).toContain('%5\\%%');
  });

  it('selects only traces with a body, quoting metadata paths, with a bounded limit', () => {
    const sql = traceSelectionSql({ metadata: { 'a.b "c"': '1' }, ids: ['tr_1'], limit: 10 ** 9 });
    expect(sql.where).toEqual(['request IS NOT NULL', 'CAST(json_extract(metadata, ?) AS TEXT) = ?', 'id IN (SELECT value FROM json_each(?))']);
    expect(sql.params).toEqual(['$."a.b c"', '1', '["tr_1"]']);
    expect(sql.limit).toBe(100_000);
  });
});
