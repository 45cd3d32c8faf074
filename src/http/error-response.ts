import type { ServerResponse } from 'node:http';
import type { SwitchyardError } from '../core/errors.js';
import { toAnthropicErrorBody } from '../providers/anthropic/index.js';
import type { WireFormat } from '../providers/provider.js';

/** OpenAI's `error.type` for a status, as its SDKs and docs use them. */
function openAIErrorType(error: SwitchyardError): string {
  if (error.code === 'budget_exceeded') return 'insufficient_quota';
  switch (error.status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    default:
      return error.status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

/** The body of an error in the client's API format. */
export function errorBody(format: WireFormat, error: SwitchyardError, requestId: string): unknown {
  if (format === 'anthropic') return toAnthropicErrorBody(error.status, error.message, requestId);
  return { error: { message: error.message, type: openAIErrorType(error), param: error.param ?? null, code: error.code } };
}

/**
 * Sends an error the way the client's SDK expects it: OpenAI or Anthropic shape, request id
 * header, and `retry-after` on 429s so SDKs back off by themselves.
 */
export function sendError(res: ServerResponse, format: WireFormat, error: SwitchyardError, requestId: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify(errorBody(format, error, requestId));
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  };
  if (format === 'anthropic') headers['request-id'] = requestId;
  if (error.retryAfter !== undefined) headers['retry-after'] = Math.max(Math.ceil(error.retryAfter), 0);
  // An SDK retries 5xx and 429 on its own; telling it not to for a request that can never work saves it the wait.
  if (error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 408) headers['x-should-retry'] = 'false';
  res.writeHead(error.status, headers);
  res.end(body);
}
