import { describe, expect, it } from 'vitest';
import { traceFilterSql, traceSelectionSql } from './trace-filters.js';

describe('SQLite trace list filters', () => {
  it('keeps indexed filters direct and bounds the row-by-row ones', () => {
    const sql = traceFilterSql({ model: 'm', status: 'error', since: 1, text: '50%_off', metadata: { feature: 'x', 'bad"field': 'y' } });
    expect(sql.indexed).toEqual(['requested_model = ?', 'status >= 400', 'ts >= ?']);
    expect(sql.scanned).toHaveLength(2); // the unsafe metadata field name is dropped
    expect(sql.scannedParams).toContain('%50\\%\\_off%');
  });

  it('selects only traces with a body, quoting metadata paths, with a bounded limit', () => {
    const sql = traceSelectionSql({ metadata: { 'a.b "c"': '1' }, ids: ['tr_1'], limit: 10 ** 9 });
    expect(sql.where).toEqual(['request IS NOT NULL', 'CAST(json_extract(metadata, ?) AS TEXT) = ?', 'id IN (SELECT value FROM json_each(?))']);
    expect(sql.params).toEqual(['$."a.b c"', '1', '["tr_1"]']);
    expect(sql.limit).toBe(100_000);
  });
});
