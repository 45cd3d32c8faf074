import { describe, expect, it } from 'vitest';
import { formatLatency } from './format-latency.js';

describe('formatLatency', () => {
  it('writes sub-millisecond latencies with two decimals, whole milliseconds below a second, seconds above', () => {
    expect([0, 0.214, 0.005, 12.5, 731.4, 1207, 2500, 9_994, 12_345].map(formatLatency)).toEqual([
      '0 ms', '0.21 ms', '0.01 ms', '13 ms', '731 ms', '1.21 s', '2.50 s', '9.99 s', '12.3 s',
    ]);
  });

  it('writes no figure as none: NaN, Infinity or a null read back from JSON', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, null as unknown as number].map(formatLatency)).toEqual(['–', '–', '–']);
  });

  it('carries a value that rounds up into the next unit there: 999.6 ms is "1.00 s", 9,998 ms "10.0 s"', () => {
    expect([formatLatency(999.6), formatLatency(9_998)]).toEqual(['1.00 s', '10.0 s']);
  });

});
