// No imports: the dashboard takes the keys from here too.

/** What a trace list can be ordered by: start time, latency, cost, or tokens in + out. */
export const TRACE_SORT_KEYS = ['time', 'latency', 'cost', 'tokens'] as const;
export type TraceSortKey = (typeof TRACE_SORT_KEYS)[number];
export const TRACE_SORT_ORDERS = ['desc', 'asc'] as const;

/** A trace list's order; absent means newest first ({ key: 'time', dir: 'desc' }). */
export interface TraceSort {
  key: TraceSortKey;
  dir: 'asc' | 'desc';
}

/** The value a trace is sorted by under a non-time key, as the stores compute it in SQL. */
export function sortValue(trace: { latencyMs: number; costUsd: number; inputTokens: number; outputTokens: number }, key: Exclude<TraceSortKey, 'time'>): number {
  return key === 'latency' ? trace.latencyMs : key === 'cost' ? trace.costUsd : trace.inputTokens + trace.outputTokens;
}

/** A sort by a trace's latency, cost or tokens, which the stores order over a window (not by time). */
export type ValueSort = TraceSort & { key: Exclude<TraceSortKey, 'time'> };

/** Whether a sort orders by a value rather than by time. */
export const byValue = (sort: TraceSort | undefined): sort is ValueSort => sort !== undefined && sort.key !== 'time';
