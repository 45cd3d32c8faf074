import { useState } from 'react';
import { ms } from '../format.js';
import type { AppSpan, CallSpans, TraceRecord } from '../types.js';
import { Label } from './ui.js';
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

/** Levels of indent drawn: deeper spans stay at this one (32 levels, 520 px of padding, pushed the table past its column). */
const MAX_INDENT = 12;
/** Rows shown before "Show all": the API sends up to 1,000 spans, each a row 33 px tall. */
export const SPAN_ROWS_SHOWN = 40;

/**
 * Spans ordered as a tree (each after its parent, children by start) with their depth, every span
 * once: a span whose parents form a cycle (no root above it) follows the tree at depth 0, so none is
 * dropped without a word. Walked without recursion: a chain as deep as the API sends is fine.
 */
export function spanRows(spans: readonly Omit<Row, 'depth'>[], parentOf: (id: string) => string | null): Row[] {
  const ids = new Set(spans.map((s) => s.id));
  const children = new Map<string | null, Omit<Row, 'depth'>[]>();
  for (const span of spans) {
    const parent = parentOf(span.id);
    const key = parent !== null && parent !== span.id && ids.has(parent) ? parent : null;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const byStart = (list: readonly Omit<Row, 'depth'>[]) => [...list].sort((a, b) => a.startMs - b.startMs);
  const out: Row[] = [];
  const placed = new Set<string>();
  const stack: Array<{ span: Omit<Row, 'depth'>; depth: number }> = byStart(children.get(null) ?? []).reverse().map((span) => ({ span, depth: 0 }));
  const visit = () => {
    for (let next = stack.pop(); next; next = stack.pop()) {
      if (placed.has(next.span.id)) continue;
      placed.add(next.span.id);
      out.push({ ...next.span, depth: Math.min(next.depth, MAX_INDENT) });
      for (const child of byStart(children.get(next.span.id) ?? []).reverse()) stack.push({ span: child, depth: next.depth + 1 });
    }
  };
  visit();
  for (const span of byStart(spans)) {
    if (placed.has(span.id)) continue;
    stack.push({ span, depth: 0 });
    visit();
  }
  return out;
}

/** The rows to draw: the first `max`, and this call's row where it falls later (the row the page is about). */
export function shownRows(rows: readonly Row[], max: number): Row[] {
  if (rows.length <= max) return [...rows];
  const first = rows.slice(0, max);
  const own = rows.find((r) => r.gateway);
  return own && !first.includes(own) ? [...first.slice(0, max - 1), own] : first;
}

/**
 * The application's trace around this call, when the app sent its spans (OTLP to /v1/traces)
 * and a `traceparent` with the request: each span as a bar on one time axis, this call among
 * them. Text is rendered as text only.
 */
export function AppTracePanel({ trace }: { trace: TraceRecord }) {
  const { data } = useApi<CallSpans>(trace.otel ? `/api/traces/${encodeURIComponent(trace.id)}/spans` : null);
  const [all, setAll] = useState(false);
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
  const shown = all ? rows : shownRows(rows, SPAN_ROWS_SHOWN);
  return (
    <div data-testid="app-trace">
      <h2>Application trace</h2>
      <div className="muted small">
        trace {data.traceId} · {rows.length} spans over {ms(span)}
      </div>
      {/* In the trace page's side column: a wide tree scrolls in its box, not the page. */}
      <div className="scroll-x">
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
          {shown.map((r) => (
            <tr key={r.id} className={r.gateway ? 'selected' : undefined}>
              <td style={{ paddingLeft: `${8 + r.depth * 16}px` }}>
                {/* The app's own text, of up to 4,096 characters each: a name, service or status message
                    that long widened the page to 68,000 px. Cut to a line, whole on hover. */}
                {r.gateway ? (
                  <b>
                    <Label text={r.name} max={60} />
                  </b>
                ) : (
                  <Label text={r.name} max={60} />
                )}
                {r.error ? (
                  <span className="pill bad span-error">
                    <Label text={r.error} max={40} />
                  </span>
                ) : null}
              </td>
              <td className="small">{r.service === null ? '' : <Label text={r.service} max={24} />}</td>
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
      {shown.length < rows.length ? (
        <p className="muted small">
          {rows.length - shown.length} more spans not shown.{' '}
          <button type="button" onClick={() => setAll(true)}>
            Show all {rows.length} spans
          </button>
        </p>
      ) : null}
    </div>
  );
}
