import { ms } from '../format.js';
import type { AppSpan, CallSpans, TraceRecord } from '../types.js';
import { useApi } from './use-api.js';

interface Row {
  id: string;
  name: string;
  service: string | null;
  startMs: number;
  endMs: number;
  error: string | null;
  depth: number;
  gateway: boolean;
}

/** Spans ordered as a tree (each after its parent, children by start) with their depth. */
export function spanRows(spans: readonly Omit<Row, 'depth'>[], parentOf: (id: string) => string | null): Row[] {
  const ids = new Set(spans.map((s) => s.id));
  const children = new Map<string | null, Omit<Row, 'depth'>[]>();
  for (const span of spans) {
    const parent = parentOf(span.id);
    const key = parent !== null && ids.has(parent) ? parent : null;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const out: Row[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const span of [...(children.get(parent) ?? [])].sort((a, b) => a.startMs - b.startMs)) {
      out.push({ ...span, depth });
      if (depth < 32) walk(span.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * The application's trace around this call, when the app sent its spans (OTLP to /v1/traces)
 * and a `traceparent` with the request: each span as a bar on one time axis, this call among
 * them. Text is rendered as text only.
 */
export function AppTracePanel({ trace }: { trace: TraceRecord }) {
  const { data } = useApi<CallSpans>(trace.otel ? `/api/traces/${encodeURIComponent(trace.id)}/spans` : null);
  if (!trace.otel || !data || data.spans.length === 0) return null;
  const parents = new Map<string, string | null>(data.spans.map((s: AppSpan) => [s.spanId, s.parentSpanId]));
  const own = data.spanId ?? 'gateway';
  parents.set(own, data.parentSpanId);
  const spans = [
    ...data.spans.filter((s) => s.spanId !== own).map((s) => ({ id: s.spanId, name: s.name, service: s.service, startMs: s.startMs, endMs: s.endMs, error: s.statusCode === 2 ? (s.statusMessage ?? 'error') : null, gateway: false })),
    { id: own, name: `${trace.endpoint === 'embeddings' ? 'embeddings' : 'chat'} ${trace.requestedModel} (this call)`, service: 'switchyard', startMs: trace.ts, endMs: trace.ts + trace.latencyMs, error: trace.status >= 400 ? (trace.errorCode ?? String(trace.status)) : null, gateway: true },
  ];
  const rows = spanRows(spans, (id) => parents.get(id) ?? null);
  const start = Math.min(...rows.map((r) => r.startMs));
  const span = Math.max(1, Math.max(...rows.map((r) => r.endMs)) - start);
  return (
    <div data-testid="app-trace">
      <h2>Application trace</h2>
      <div className="muted small">
        trace {data.traceId} · {rows.length} spans over {ms(span)}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>span</th>
            <th>service</th>
            <th className="num">start</th>
            <th className="num">duration</th>
            <th className="timeline">timeline</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.gateway ? 'selected' : undefined}>
              <td style={{ paddingLeft: `${8 + r.depth * 16}px` }}>
                {r.gateway ? <b>{r.name}</b> : r.name}
                {r.error ? <span className="pill bad span-error">{r.error}</span> : null}
              </td>
              <td className="small">{r.service ?? ''}</td>
              <td className="num">+{ms(r.startMs - start)}</td>
              <td className="num">{ms(r.endMs - r.startMs)}</td>
              <td>
                <div className="span-track">
                  <div className={`span-bar${r.error ? ' bad' : r.gateway ? ' gateway' : ''}`} style={{ left: `${((r.startMs - start) / span) * 100}%`, width: `${Math.max(0.5, ((r.endMs - r.startMs) / span) * 100)}%` }} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
