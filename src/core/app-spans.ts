/**
 * Spans applications send to the gateway over OTLP/HTTP (agent steps, tool calls, retrieval),
 * kept so the trace view can show a model call inside the work that led to it.
 */
export interface AppSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** The resource's `service.name`. */
  service: string | null;
  /** Milliseconds since the epoch (fractions kept). */
  startMs: number;
  endMs: number;
  /** OTLP status: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
}

/** Where application spans live: a port with an adapter per backend, checked by one contract suite. */
export interface AppSpanStore {
  /** Stores spans; a span whose trace and span id exist is replaced. */
  putSpans(spans: readonly AppSpan[]): Promise<void>;
  /** The spans of one trace, earliest first, at most `limit` (default 1,000). */
  spansOfTrace(traceId: string, limit?: number): Promise<AppSpan[]>;
  /** Deletes at most `limit` spans that started before `before`; returns how many. */
  pruneSpans(before: number, limit: number): Promise<number>;
}

/** The application trace around a gateway call, as `GET /api/traces/:id/spans` answers it. */
export interface CallSpans {
  /** The OpenTelemetry trace the call belongs to; null when it carried no trace context. */
  traceId: string | null;
  /** The gateway's own span, and the caller's span it is a child of. */
  spanId: string | null;
  parentSpanId: string | null;
  /** The spans applications sent for that trace (OTLP), earliest first. */
  spans: AppSpan[];
}
