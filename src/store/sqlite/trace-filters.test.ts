import { describe, expect, it } from 'vitest';
import { exactTextSql, ftsPhrase, traceFilterSql, traceSelectionSql } from './trace-filters.js';

describe('SQLite trace list filters', () => {
  it('keeps indexed filters direct and bounds the row-by-row ones', () => {
    const sql = traceFilterSql({ model: 'm', status: 'error', since: 1, text: '50%_off', metadata: { feature: 'x', 'bad"field': 'y' } });
    expect(sql.indexed.slice(0, 3)).toEqual(['requested_model = ?', 'status >= 400', 'ts >= ?']);
    expect(sql.indexed[3]).toContain('traces_fts MATCH ?');
    expect(sql.indexedParams).toEqual(['m', 1, '50%_off', '"50 off" *', '%50\\%\\_off%', '%50\\%\\_off%', '%50\\%\\_off%', '%50\\%\\_off%']);
    expect(sql.scanned).toHaveLength(1); // the unsafe metadata field name is dropped
  });

  it('searches through the full-text index as one quoted phrase, scanning only what it cannot serve', () => {
    expect(ftsPhrase('say "hi" OR NEAR(a b) *')).toBe('"say hi or near a b" *');
    expect(ftsPhrase('Ünïcode ÿes')).toBe('"ünïcode ÿes" *');
    expect(ftsPhrase('"*:()^-')).toBeUndefined();
    expect(ftsPhrase('😀😀😀')).toBeUndefined();
    const punctuation = traceFilterSql({ text: '%_%' });
    expect(punctuation.indexed).toEqual([]);
    expect(punctuation.scannedParams).toContain('%\\%\\_\\%%');
    expect(traceFilterSql({ text: 'a\0bc' }).indexed).toEqual([]);
  });

  it('takes the few indexed traces holding the words as a list, and asks the index row by row on a walk', () => {
    const few = traceFilterSql({ text: 'grey heron' }, [3, 5]);
    expect(few.indexed[0]).toContain('json_each(?)');
    expect(few.indexed[0]).not.toContain('traces_fts');
    expect(few.indexedParams.slice(0, 2)).toEqual(['grey heron', '[3,5]']);
    const walk = traceFilterSql({ text: 'grey heron' }, 'walk');
    expect(walk.indexed[0]).toContain('WHERE s.id = traces.id) IN (SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?)');
    expect(walk.indexedParams.slice(0, 2)).toEqual(['grey heron', '"grey heron" *']);
    const all = traceFilterSql({ text: 'grey heron' });
    expect(all.indexed[0]).toContain('id IN (SELECT id FROM trace_search_ids WHERE rowid IN (SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?)');
  });

  it('checks the exact text alone, without the word index, escaping LIKE wildcards', () => {
    const exact = exactTextSql('50%_off; now');
    expect(exact.sql).toMatch(/^\(id = \? OR \(request LIKE \?/);
    expect(exact.sql).not.toContain('traces_fts');
    expect(exact.params).toEqual(['50%_off; now', ...new Array(4).fill('%50\\%\\_off; now%')]);
  });

  it('selects only traces with a body, quoting metadata paths, with a bounded limit', () => {
    const sql = traceSelectionSql({ metadata: { 'a.b "c"': '1' }, ids: ['tr_1'], limit: 10 ** 9 });
    expect(sql.where).toEqual(['request IS NOT NULL', 'CAST(json_extract(metadata, ?) AS TEXT) = ?', 'id IN (SELECT value FROM json_each(?))']);
    expect(sql.params).toEqual(['$."a.b c"', '1', '["tr_1"]']);
    expect(sql.limit).toBe(100_000);
  });
});
