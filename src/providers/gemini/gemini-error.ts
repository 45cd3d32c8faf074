/**
 * Google's error shape in both directions: an upstream `{ error: { code, message, status,
 * details } }` → `SwitchyardError` (with retry advice from `RetryInfo` or `retry-after`), and the
 * body Google would send for a status, for the simulator and any Gemini-speaking edge.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isRetryableStatus, SwitchyardError } from '../../core/errors.js';
import { contextOverflowCode } from '../context-overflow.js';
import { keptVendorError, retryAfterMs } from '../upstream-error.js';
import type { ClientFormat } from '../../core/formats.js';
import type { GeminiErrorBody, GeminiErrorDetail } from './gemini-wire.js';
import { chatParamOf } from './chat-param-named.js';

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Canonical codes that say "try again": Google's own client libraries retry these. */
const RETRYABLE_NAMES = new Set(['RESOURCE_EXHAUSTED', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'INTERNAL', 'ABORTED']);

/**
 * The canonical code name for an HTTP status (unlisted 4xx are FAILED_PRECONDITION's cousin
 * INVALID_ARGUMENT, unlisted 5xx INTERNAL).
 *
 * @example geminiStatusName(429) // 'RESOURCE_EXHAUSTED'
 */
export function geminiStatusName(status: number): string {
  return STATUS_NAME[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
}

/**
 * The body Google sends with an error status.
 *
 * @example toGeminiErrorBody(404, 'models/x is not found for API version v1beta')
 * // { error: { code: 404, message: 'models/x is not found for API version v1beta', status: 'NOT_FOUND' } }
 */
export function toGeminiErrorBody(status: number, message: string, details?: GeminiErrorDetail[]): GeminiErrorBody {
  const body: GeminiErrorBody = { error: { code: status, message, status: geminiStatusName(status) } };
  if (details && details.length > 0) body.error.details = details;
  return body;
}

/**
 * Turns an upstream Gemini error response into a `SwitchyardError` that keeps the status, says
 * whether another attempt may succeed and how long to wait (`retry-after` header first, then the
 * body's `RetryInfo.retryDelay`).
 *
 * @example
 * parseGeminiError(429, {}, '{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",' +
 *   '"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}', 'gemini')
 * // SwitchyardError { code: 'upstream_error', status: 429, retryable: true, retryAfter: 37,
 * //   message: 'provider "gemini" answered 429: Quota exceeded (RESOURCE_EXHAUSTED)' }
 */
export function parseGeminiError(
  status: number,
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  bodyText: string,
  providerName: string,
  /** The client format of a same-format exchange: Google's own error is then kept for that client. */
  format?: ClientFormat,
): SwitchyardError {
  const body = parseBody(bodyText);
  const error = body?.error;
  let message: string;
  if (error) message = `provider "${providerName}" answered ${status}: ${error.message} (${error.status})`;
  else if (bodyText.length > 0) message = `provider "${providerName}" answered ${status}: ${bodyText.slice(0, 500)}`;
  else message = `provider "${providerName}" answered ${status} with no error body`;
  const overflow = error ? contextOverflowCode(status, error.message) : undefined;
  // A translated request's setting is the client's chat field: its error names that field.
  const param = error && !format && !overflow ? chatParamOf(error.message) : undefined;
  if (param !== undefined) message += ` (the request's "${param}")`;
  const headerWait = retryAfterMs(headers as IncomingHttpHeaders);
  const retryAfter = headerWait !== undefined ? headerWait / 1000 : retryDelaySeconds(error?.details);
  // `upstream_error` whatever the status, as for every other vendor: routing reads it as "the
  // upstream answered this" (a 429 everywhere makes the client's 429, a 401/403/404 is the
  // target's fault and the next one is tried) where a client-side code such as `unauthorized`
  // would tell the client that its own key was refused.
  return new SwitchyardError('upstream_error', message, {
    status: keyRejected(error?.details) ? 401 : status,
    retryable: isRetryableStatus(status) || (error !== undefined && RETRYABLE_NAMES.has(error.status)),
    retryAfter,
    detail: body ?? bodyText,
    ...(error && format ? { vendorError: keptVendorError(format, status, { message: error.message, type: error.status }) } : {}),
    // "The input token count (N) exceeds the maximum…": OpenAI clients get OpenAI's code for it.
    ...(overflow ? { vendorCode: overflow, param: 'messages' } : {}),
    ...(param !== undefined ? { param } : {}),
  });
}

/** Google's canonical codes as the HTTP statuses they stand for (google.rpc.Code's mapping), for an error that sends no `code`. */
const STATUS_BY_NAME: Record<string, number> = {
  ...Object.fromEntries(Object.entries(STATUS_NAME).map(([status, name]) => [name, Number(status)])),
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  ALREADY_EXISTS: 409,
  UNKNOWN: 500,
  DATA_LOSS: 500,
};

/**
 * An error object that arrived inside a 200 stream as a `SwitchyardError`, mapped as the other
 * providers' in-band errors are (`stream-errors.ts`): the status its `code` says (else the one
 * its canonical `status` name stands for, else 502: nothing says more), retry advice from its
 * `RetryInfo`, and the message naming the provider. Google sends the object bare after the events
 * it managed to send (`gemini-sse-decoder.ts`); `format` is the client format of a same-format
 * relay, whose client then gets Google's own words and status name, as it would a whole error.
 *
 * @example streamErrorToSwitchyard({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }).retryable // true
 * @example streamErrorToSwitchyard({ error: { code: 0, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } }, 'gem').status // 429
 */
export function streamErrorToSwitchyard(body: GeminiErrorBody, providerName = 'gemini', format?: ClientFormat): SwitchyardError {
  // Parsed from the stream, not checked: each field is read for what it holds.
  const error = body.error as Partial<GeminiErrorBody['error']>;
  const name = typeof error.status === 'string' ? error.status : 'UNKNOWN';
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(body).slice(0, 300);
  const code = error.code;
  const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : ((typeof error.status === 'string' ? STATUS_BY_NAME[error.status] : undefined) ?? 502);
  const overflow = contextOverflowCode(status, message);
  return new SwitchyardError('upstream_error', `provider "${providerName}" sent an error mid-stream: ${message} (${name})`, {
    status,
    retryable: isRetryableStatus(status) || RETRYABLE_NAMES.has(name),
    retryAfter: retryDelaySeconds(error.details),
    detail: body,
    ...(format ? { vendorError: keptVendorError(format, status, { message, type: name }) } : {}),
    ...(overflow ? { vendorCode: overflow, param: 'messages' } : {}),
  });
}

/**
 * Whether Google refused the gateway's API key: it answers an unknown key with 400
 * INVALID_ARGUMENT and an `ErrorInfo` reason API_KEY_INVALID. That is the provider's credential,
 * not the client's request, so it counts as the 401 it means (the next target is tried; a client
 * is never told its request was bad); the message still quotes Google's 400.
 */
function keyRejected(details: GeminiErrorDetail[] | undefined): boolean {
  return Array.isArray(details) && details.some((detail) => typeof detail?.['@type'] === 'string' && detail['@type'].endsWith('google.rpc.ErrorInfo') && detail['reason'] === 'API_KEY_INVALID');
}

/**
 * Seconds from a `google.rpc.RetryInfo` detail (`retryDelay` is a Duration such as "37s" or "1.5s").
 *
 * @example retryDelaySeconds([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.5s' }]) // 2.5
 */
export function retryDelaySeconds(details: GeminiErrorDetail[] | undefined): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (typeof detail?.['@type'] !== 'string' || !detail['@type'].endsWith('google.rpc.RetryInfo')) continue;
    const delay = detail['retryDelay'];
    const match = typeof delay === 'string' ? /^(\d{1,9}(?:\.\d{1,9})?)s$/.exec(delay) : null;
    if (match) return Number(match[1]);
  }
  return undefined;
}

function parseBody(text: string): GeminiErrorBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Some proxies in front of Google wrap the error in a one-element array.
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (typeof value !== 'object' || value === null) return undefined;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e['message'] !== 'string') return undefined;
  const out: GeminiErrorBody = {
    error: { code: typeof e['code'] === 'number' ? e['code'] : 0, message: e['message'], status: typeof e['status'] === 'string' ? e['status'] : 'UNKNOWN' },
  };
  if (Array.isArray(e['details'])) out.error.details = e['details'] as GeminiErrorDetail[];
  return out;
}
