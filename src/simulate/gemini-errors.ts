/**
 * Gemini API errors as Google writes them: a pretty-printed `{ error: { code, message, status,
 * details } }`, with `RetryInfo` on 429s and `ErrorInfo` on key problems, and the key check
 * Google makes (`x-goog-api-key` header or `?key=` query parameter).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { WireError } from './wire-errors.js';

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const MESSAGES: Record<number, string> = {
  429: 'Resource has been exhausted (e.g. check quota).',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'Deadline expired before operation could complete.',
};

export interface GeminiErrorDetail {
  message?: string | undefined;
  /** Seconds, sent as a `google.rpc.RetryInfo` detail (Google sends no retry-after header). */
  retryAfter?: number | undefined;
  /** An `ErrorInfo` reason such as API_KEY_INVALID. */
  reason?: string | undefined;
  /** A `BadRequest` detail's violations: Google lists each unknown field there too. */
  fieldViolations?: { field?: string; description: string }[] | undefined;
}

/**
 * @example geminiError(429, { retryAfter: 7 }).body // '{\n  "error": {\n    "code": 429, … "retryDelay": "7s" …'
 */
export function geminiError(status: number, detail: GeminiErrorDetail = {}): WireError {
  const details: object[] = [];
  if (detail.reason !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: detail.reason, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } });
  }
  if (detail.fieldViolations !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: detail.fieldViolations });
  if (detail.retryAfter !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${detail.retryAfter}s` });
  const error: Record<string, unknown> = {
    code: status,
    message: detail.message ?? MESSAGES[status] ?? `Request failed with status ${status}.`,
    status: STATUS_NAME[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
  };
  if (details.length > 0) error['details'] = details;
  return { status, body: JSON.stringify({ error }, null, 2) };
}

/**
 * Google's answers to a missing key (403) and to a key it does not know (400, API_KEY_INVALID);
 * keys starting with `invalid` count as unknown.
 *
 * @example checkGeminiAuth({}, '/v1beta/models')?.status // 403
 */
export function checkGeminiAuth(headers: IncomingHttpHeaders, url: string): WireError | undefined {
  const header = headers['x-goog-api-key'];
  let key = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!key) {
    const query = url.indexOf('?');
    key = query === -1 ? undefined : (new URLSearchParams(url.slice(query + 1)).get('key') ?? undefined);
  }
  if (!key) {
    return geminiError(403, {
      message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    });
  }
  if (key.startsWith('invalid')) return geminiError(400, { message: 'API key not valid. Please pass a valid API key.', reason: 'API_KEY_INVALID' });
  return undefined;
}

/**
 * The error Google writes into a stream that fails after the 200: the bare error object, no `data:`.
 *
 * @example geminiStreamError(geminiError(503)).data.startsWith('{') // true
 */
export function geminiStreamError(error: WireError): { data: string; token: boolean } {
  return { data: `${error.body}\n`, token: false };
}

/**
 * Response headers in Google's style (no request id or rate-limit headers; Google sends neither).
 *
 * @example geminiHeaders(started, 'application/json')['content-type'] // 'application/json; charset=UTF-8'
 */
export function geminiHeaders(started: number, contentType: string): Record<string, string> {
  return {
    'content-type': contentType.startsWith('application/json') ? 'application/json; charset=UTF-8' : 'text/event-stream',
    vary: 'Origin, X-Origin, Referer',
    server: 'scaffolding on HTTPServer2',
    'server-timing': `gfet4t7; dur=${Date.now() - started}`,
    'x-xss-protection': '0',
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
  };
}
