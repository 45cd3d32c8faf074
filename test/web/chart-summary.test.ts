import { describe, expect, it } from 'vitest';
import { chartSummary } from '../../web/src/chart-summary.js';
import { time } from '../../web/src/format.js';

const start = new Date(2026, 11, 7, 14, 5, 0).getTime();
const ts = [start, start + 60_000, start + 120_000];

describe('chartSummary (a time chart in words, for screen readers)', () => {
  it('names the chart, its unit and span, and each series\' lowest, highest and last value', () => {
    const text = chartSummary({ title: 'Requests', unit: 'per minute', ts, series: [{ label: 'small', values: [3, 12, 7] }, { label: 'judge', values: [null, 1, null] }] });
    expect(text).toBe(`Requests (per minute), ${time(start)} → ${time(start + 120_000)}. small: lowest 3, highest 12, last 7; judge: 1.`);
  });

  it('writes values in the chart\'s own format, skipping gaps', () => {
    const text = chartSummary({ title: 'Cost', ts, series: [{ label: 'cost', values: [0.5, null, 0.25] }], format: (v) => `$${v.toFixed(2)}` });
    expect(text).toContain('cost: lowest $0.25, highest $0.50, last $0.25.');
  });

  it('says so when a series or the chart has no values', () => {
    expect(chartSummary({ title: 'Errors', ts, series: [{ label: 'errors', values: [null, null, null] }] })).toContain('errors: no values.');
    expect(chartSummary({ title: 'Errors', ts: [], series: [] })).toBe('Errors, no data.');
  });
});
