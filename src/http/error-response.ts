import type { ServerResponse } from 'node:http';
import type { SwitchyardError } from '../core/errors.js';
import { toAnthropicErrorBody } from '../providers/anthropic/index.js';
import { type ClientFormat, clientStatus, type ErrorFormat } from '../core/formats.js';
import { toGeminiErrorBody } from '../providers/gemini/index.js';
import { openAIErrorKind } from '../core/openai-error.js';

/**
 * The body of an error in the client's API format. An upstream's own error reaches a client of
 * the format it was written in as the provider wrote it (type, code, param, message), so the SDK
 * handles it as it would against the provider; only the request id is the gateway's. Any other
 * error, a translated call's included, is put in the client's terms (`openAIErrorKind`,
 * `toAnthropicErrorBody`), its message naming the provider that answered.
 */
export function errorBody(format: ErrorFormat, error: SwitchyardError, requestId: string): unknown {
  const own = error.vendorError?.format === format ? error.vendorError : undefined;
  if (format === 'gemini') {
    const body = toGeminiErrorBody(clientStatus(format, error), own?.message ?? error.message);
    if (own?.type) body.error.status = own.type;
    return body;
  }
  if (format === 'anthropic') {
    const body = toAnthropicErrorBody(error.status, own?.message ?? error.message, requestId, error.errorDetails);
    if (own?.type) body.error.type = own.type;
    return body;
  }
  if (own) return { error: { message: own.message, type: own.type, param: own.param, code: own.code } };
  const { type, code } = openAIErrorKind(error);
  // The Responses API names the field its prompt is in, `input`, where Chat Completions names `messages`.
  const param = format === 'responses' && code === 'context_length_exceeded' && error.param === 'messages' ? 'input' : (error.param ?? null);
  return { error: { message: error.message, type, param, code } };
}

/**
 * Sends an error the way the client's SDK expects it: OpenAI or Anthropic shape, request id
 * header, and `retry-after` on 429s so SDKs back off by themselves.
 */
export function sendError(res: ServerResponse, format: ErrorFormat, error: SwitchyardError, requestId: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify(errorBody(format, error, requestId));
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  };
  if (format === 'anthropic') headers['request-id'] = requestId;
  if (error.passOnHeaders) for (const name in error.passOnHeaders) headers[name] = error.passOnHeaders[name] as string;
  if (error.retryAfter !== undefined) {
    // Both: `retry-after` in whole seconds (HTTP), `retry-after-ms` exact, which the official SDKs
    // read first (OpenAI's convention) — a 300 ms wait is not rounded up to a second.
    headers['retry-after'] = Math.max(Math.ceil(error.retryAfter), 0);
    headers['retry-after-ms'] = Math.max(Math.round(error.retryAfter * 1000), 0);
  }
  if (!clientShouldRetry(error)) headers['x-should-retry'] = 'false';
  if (error.allow) headers.allow = error.allow.join(', ');
  res.writeHead(clientStatus(format, error), headers);
  res.end(body);
}

/**
 * Whether a client's SDK should retry. The official SDKs retry 408/409/429/5xx on their own
 * (1–2 s each time); for errors another try cannot fix — the request's own mistakes, an
 * exhausted budget, a target list the gateway already retried to the end or whose every target
 * refused the request by its own setup (a key, a model that cannot embed) — `x-should-retry:
 * false` saves them the wait (a spent quota too: waiting does not refill it). A target the gateway tried once (`retry: { max_attempts: 1 }`,
 * no fallback) was not retried: its 429 or 5xx is the client's to retry, after `retry-after`.
 */
export function clientShouldRetry(error: SwitchyardError): boolean {
  if (error.code === 'budget_exceeded' || error.code === 'client_closed') return false;
  // An upstream 4xx the gateway judged not worth another try: a spent quota or spend limit (429),
  // which lasts until the plan or billing period changes; a client's own mistake.
  if (error.code === 'upstream_error' && error.status < 500 && !error.retryable) return false;
  // Retried already, or failed only in ways no retry mends (`retryable` false: every target refused
  // by its own setup, such as embeddings asked of a chat model). Unknown (an error built elsewhere
  // with this code): counted as retried, as a target list is.
  if (error.code === 'all_targets_failed' && (!error.retryable || (error.attemptsMade ?? Number.POSITIVE_INFINITY) > 1)) return false;
  if (error.status === 429 || error.status === 408) return true;
  // An upstream's conflict (a lock that timed out) passes as the SDKs expect; the gateway's own
  // 409s (a key name taken) are the request's mistake.
  if (error.status === 409) return error.code !== 'invalid_request';
  return error.status >= 500;
}

/** The SSE event that tells a client its stream failed, in its own error format (same mapping as `errorBody`). */
export function streamErrorEvent(format: ClientFormat, error: SwitchyardError, requestId: string): string {
  const body = JSON.stringify(errorBody(format, error, requestId));
  return format === 'anthropic' ? `event: error\ndata: ${body}\n\n` : `data: ${body}\n\n`;
}
