import type { TraceRecord, TraceSummary } from '../../core/trace.js';
import { type ColumnReader, parseJsonText } from './column-reader.js';

type Row = Record<string, unknown>;

/**
 * A `traces` row as a summary, in either engine. Attempts, decisions and span ids arrive as JSON
 * text from both (PostgreSQL reads its `…_json` columns as text); metadata is the engine's JSON column.
 *
 * @example const summary = traceSummaryFromRow(row, sqliteColumns);
 */
export function traceSummaryFromRow(row: Row, columns: ColumnReader): TraceSummary {
  return {
    id: row.id as string,
    ts: row.ts as number,
    requestId: row.request_id as string,
    endpoint: row.endpoint as TraceRecord['endpoint'],
    keyName: row.key_name as string | null,
    team: row.team as string | null,
    requestedModel: row.requested_model as string,
    provider: row.provider as string | null,
    upstreamModel: row.upstream_model as string | null,
    status: row.status as number,
    errorCode: row.error_code as string | null,
    errorMessage: row.error_message as string | null,
    stream: columns.bool(row.stream),
    inputTokens: row.input_tokens as number,
    outputTokens: row.output_tokens as number,
    cachedTokens: row.cached_tokens as number,
    reasoningTokens: row.reasoning_tokens as number,
    usageEstimated: columns.bool(row.usage_estimated),
    costUsd: row.cost_usd as number,
    ttftMs: row.ttft_ms as number | null,
    latencyMs: row.latency_ms as number,
    attempts: (parseJsonText(row.attempts) as TraceRecord['attempts'] | null) ?? [],
    metadata: columns.json(row.metadata) as Record<string, unknown> | null,
    decisions: parseJsonText(row.decisions) as Record<string, unknown> | null,
    ...(row.otel ? { otel: parseJsonText(row.otel) as NonNullable<TraceRecord['otel']> } : {}),
    ...(row.session_id !== null && row.session_id !== undefined ? { session: row.session_id as string } : {}),
    ...(row.key_id !== null && row.key_id !== undefined ? { keyId: row.key_id as string } : {}),
    ...(row.replica !== null && row.replica !== undefined ? { replica: row.replica as string } : {}),
  };
}

/** A `traces` row with its bodies (JSON text in both engines) as a full trace. */
export function traceFromRow(row: Row, columns: ColumnReader): TraceRecord {
  return { ...traceSummaryFromRow(row, columns), request: parseJsonText(row.request), response: parseJsonText(row.response) };
}
