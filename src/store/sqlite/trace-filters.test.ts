import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from './open-stores.js';
import { SCAN_WINDOW, traceFilterSql } from './trace-filters.js';

describe('trace list filters', () => {
  it('keeps indexed filters direct and bounds the row-by-row ones', () => {
    const sql = traceFilterSql({ model: 'm', status: 'error', since: 1, text: '50%_off', metadata: { feature: 'x', 'bad"field': 'y' } });
    expect(sql.indexed).toEqual(['requested_model = ?', 'status >= 400', 'ts >= ?']);
    expect(sql.scanned).toHaveLength(2); // the unsafe metadata field name is dropped
    expect(sql.scannedParams).toContain('%50\\%\\_off%');
  });

  it('pages through a search window by window', async () => {
    const { traces } = openSqliteStores(':memory:');
    const t0 = Date.UTC(2026, 0, 1);
    const batch = Array.from({ length: SCAN_WINDOW + 10 }, (_, i) => makeTrace({ id: `tr_${String(i).padStart(6, '0')}`, ts: t0 + i, metadata: { n: i % 2 ? 'odd' : 'even' } }));
    // The only "needle" is the oldest trace, outside the first window.
    (batch[0] as { request: unknown }).request = { messages: [{ role: 'user', content: 'needle' }] };
    await traces.insertTraces(batch);
    const first = await traces.listTraces({ text: 'needle', limit: 10 });
    expect(first).toMatchObject({ traces: [], scanned: SCAN_WINDOW });
    const second = await traces.listTraces({ text: 'needle', limit: 10, before: first.next ?? '' });
    expect(second.traces.map((t) => t.id)).toEqual(['tr_000000']);
    expect(second.next).toBeNull();
    const odd = await traces.listTraces({ metadata: { n: 'odd' }, limit: 3 });
    expect(odd.traces.map((t) => t.id)).toEqual(['tr_020009', 'tr_020007', 'tr_020005']);
    expect(odd.scanned).toBeUndefined();
  });
});
