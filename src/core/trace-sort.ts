import { oneOf } from './guard-filter.js';

/** What a trace list can be ordered by: start time, latency, cost, or tokens in + out. */
export const TRACE_SORT_KEYS = ['time', 'latency', 'cost', 'tokens'] as const;
export type TraceSortKey = (typeof TRACE_SORT_KEYS)[number];
export const TRACE_SORT_ORDERS = ['desc', 'asc'] as const;

/** A trace list's order; absent means newest first ({ key: 'time', dir: 'desc' }). */
export interface TraceSort {
  key: TraceSortKey;
  dir: 'asc' | 'desc';
}

/**
 * The trace list's sort from its two parameters (`sort=cost&order=asc` on the admin API): a key
 * of {@link TRACE_SORT_KEYS} and `desc` (the default) or `asc`; anything else is an error naming
 * the choices. Undefined for newest first, the list's own order.
 *
 * @example traceSort('cost', null) // { key: 'cost', dir: 'desc' }
 * @example traceSort('price', null) // throws: sort must be one of time, latency, cost, tokens, got "price" (did you mean "time"?)
 */
export function traceSort(key: string | null, order: string | null): TraceSort | undefined {
  const sort = { key: key ? oneOf('sort', key, TRACE_SORT_KEYS) : 'time', dir: order ? oneOf('order', order, TRACE_SORT_ORDERS) : 'desc' } as const;
  return sort.key === 'time' && sort.dir === 'desc' ? undefined : sort;
}

/** The value a trace is sorted by under a non-time key, as the stores compute it in SQL. */
export function sortValue(trace: { latencyMs: number; costUsd: number; inputTokens: number; outputTokens: number }, key: Exclude<TraceSortKey, 'time'>): number {
  return key === 'latency' ? trace.latencyMs : key === 'cost' ? trace.costUsd : trace.inputTokens + trace.outputTokens;
}

/** A sort by a trace's latency, cost or tokens, which the stores order over a window (not by time). */
export type ValueSort = TraceSort & { key: Exclude<TraceSortKey, 'time'> };

/** Whether a sort orders by a value rather than by time. */
export const byValue = (sort: TraceSort | undefined): sort is ValueSort => sort !== undefined && sort.key !== 'time';
