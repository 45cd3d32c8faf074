import type { AppSpan } from '../../core/app-spans.js';
import type { ColumnReader } from './column-reader.js';

/** An `app_spans` row as a span, in either engine. @example rows.map((row) => appSpanFromRow(row, pgColumns)) */
export function appSpanFromRow(row: Record<string, unknown>, columns: ColumnReader): AppSpan {
  return {
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
    parentSpanId: row.parent_span_id as string | null,
    name: row.name as string,
    kind: row.kind as number,
    service: row.service as string | null,
    startMs: row.start_ms as number,
    endMs: row.end_ms as number,
    statusCode: row.status_code as number,
    statusMessage: row.status_message as string | null,
    attributes: columns.json(row.attributes) as Record<string, unknown>,
  };
}
