import type { TraceRecord } from '../core/trace.js';

/**
 * The trace a cache hit's answer is on, when the hit's trace keeps no copy of it: the gateway
 * writes a hit's trace with `response: null` and `decisions.cache.trace` naming the call that made
 * the answer (a third less to write and index per hit). Undefined for every other trace, and for
 * one whose bodies are not kept at all (metadata-only, or stripped by retention).
 */
export function cachedAnswerOrigin(trace: Pick<TraceRecord, 'request' | 'response' | 'decisions'>): string | undefined {
  if (trace.response !== null || trace.request === null) return undefined;
  const cache = trace.decisions?.cache as { status?: unknown; trace?: unknown } | undefined;
  return cache?.status === 'hit' && typeof cache.trace === 'string' ? cache.trace : undefined;
}

/**
 * Whole traces as a reader expects them: a cache hit's answer read from the trace it names, so
 * the trace view, exports and datasets show what the client received. An answer whose trace is
 * gone (retention) stays null. One read for the whole list, none when no trace is a hit.
 *
 * @example return withCachedAnswers(rows.map(toRecord), (ids) => this.readTraces(ids));
 */
export async function withCachedAnswers(traces: TraceRecord[], read: (ids: readonly string[]) => Promise<TraceRecord[]>): Promise<TraceRecord[]> {
  let origins: Set<string> | undefined;
  for (const trace of traces) {
    const origin = cachedAnswerOrigin(trace);
    if (origin !== undefined) (origins ??= new Set()).add(origin);
  }
  if (!origins) return traces;
  const answers = new Map((await read([...origins])).map((origin) => [origin.id, origin.response]));
  for (const trace of traces) {
    const origin = cachedAnswerOrigin(trace);
    if (origin !== undefined) trace.response = answers.get(origin) ?? null;
  }
  return traces;
}
