import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, spanIdsFor } from './trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('W3C traceparent', () => {
  it('reads a valid header, sampled or not', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.sampled).toBe(false);
    expect(parseTraceparent(`00-${TRACE.toUpperCase()}-${SPAN}-01`)?.traceId).toBe(TRACE);
  });

  it('reads a future version by its first four fields', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-more`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
  });

  it('ignores malformed headers, all-zero ids and version ff', () => {
    for (const bad of [undefined, '', 'garbage', `00-${TRACE}-${SPAN}`, `00-${'0'.repeat(32)}-${SPAN}-01`, `00-${TRACE}-${'0'.repeat(16)}-01`, `ff-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-01-extra`, `00-${TRACE}x-${SPAN}-01`]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
  });

  it('makes the gateway span a child of the caller, or the root of a new sampled trace', () => {
    const child = spanIdsFor(`00-${TRACE}-${SPAN}-01`, 'vendor=1', 0);
    expect(child).toMatchObject({ traceId: TRACE, parentSpanId: SPAN, sampled: true, traceState: 'vendor=1' });
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe(SPAN);
    const root = spanIdsFor(undefined, undefined, 1);
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.parentSpanId).toBeUndefined();
    expect(spanIdsFor(undefined, undefined, 0.5, () => 0.7).sampled).toBe(false);
    expect(spanIdsFor(undefined, undefined, 0.5, () => 0.2).sampled).toBe(true);
    // The caller's decision wins over the ratio.
    expect(spanIdsFor(`00-${TRACE}-${SPAN}-00`, undefined, 1).sampled).toBe(false);
  });

  it('formats the span for traceresponse', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, sampled: true })).toBe(`00-${TRACE}-${SPAN}-01`);
  });
});
