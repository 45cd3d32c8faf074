import { tooLarge } from '../../gateway/responses/memory-response-store.js';
import type { ResponseContext, StoredResponse } from '../../gateway/responses/response-store.js';

/** A `stored_responses` row as both engines return it. */
export interface StoredResponseRow {
  id: string;
  owner: string | null;
  /** SQLite INTEGER; PostgreSQL BIGINT, which node-postgres returns as a string. */
  created_at: number | string;
  input: string;
  response: string;
  server_reasoning: string | null;
  /** StoredResponse.context as JSON; null when the call had none (or was stored before it was kept). */
  context: string | null;
}

/**
 * A response's stored columns: input, response and server reasoning as JSON text (which escapes
 * NUL, so PostgreSQL text can hold it), and their size, which counts against the store's bound.
 * Throws `body_too_large` when the response alone exceeds `maxBytes`.
 *
 * @example const { input, response, serverReasoning, size } = responseColumns(record, retention.maxBytes);
 */
export function responseColumns(record: StoredResponse, maxBytes: number): { input: string; response: string; serverReasoning: string | null; context: string | null; size: number } {
  const input = JSON.stringify(record.input);
  const response = JSON.stringify(record.response);
  const serverReasoning = record.serverReasoning ? JSON.stringify(record.serverReasoning) : null;
  const context = record.context ? JSON.stringify(record.context) : null;
  const size = input.length + response.length + (serverReasoning?.length ?? 0) + (context?.length ?? 0);
  if (size > maxBytes) throw tooLarge(record.id, size, maxBytes);
  return { input, response, serverReasoning, context, size };
}

/** A `stored_responses` row as the response it keeps, in either engine. */
export function storedResponseFromRow(row: StoredResponseRow): StoredResponse {
  return {
    id: row.id,
    owner: row.owner,
    createdAt: Number(row.created_at),
    input: JSON.parse(row.input) as StoredResponse['input'],
    response: JSON.parse(row.response) as StoredResponse['response'],
    ...(row.server_reasoning === null ? {} : { serverReasoning: JSON.parse(row.server_reasoning) as Record<string, string> }),
    ...(row.context === null || row.context === undefined ? {} : { context: JSON.parse(row.context) as ResponseContext }),
  };
}
