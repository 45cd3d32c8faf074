/**
 * Anthropic's error shape in both directions: building `{ type: "error", error, request_id }` for
 * clients of `/v1/messages`, and turning an upstream Anthropic error into a `SwitchyardError`.
 * Statuses and types follow https://docs.anthropic.com/en/api/errors.
 */
import type { AnthropicErrorBody } from '../../core/anthropic-wire.js';
import { type ErrorCode, SwitchyardError, isRetryableStatus, type VendorError } from '../../core/errors.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { saysOverloaded } from '../overload-message.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

const TYPE_BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  // "Temporarily unable to serve" is what Anthropic calls overloaded.
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * The Anthropic error type for an HTTP status. Unlisted 4xx are `invalid_request_error` (as the
 * reference says), unlisted 5xx `api_error`.
 *
 * @example anthropicErrorType(529) // 'overloaded_error'
 */
export function anthropicErrorType(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS[status] ?? (status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error');
}

/**
 * The error body a `/v1/messages` client expects.
 *
 * @example
 * toAnthropicErrorBody(429, 'budget exceeded for key "team-a"', 'req_01')
 * // { type: 'error', error: { type: 'rate_limit_error', message: 'budget exceeded for key "team-a"' }, request_id: 'req_01' }
 */
export function toAnthropicErrorBody(status: number, message: string, requestId?: string, details?: Readonly<Record<string, unknown>>): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type: anthropicErrorType(status), message } };
  if (details !== undefined) body.error.details = details;
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * The HTTP status an error type stands for; used for `error` events that arrive inside a 200
 * stream, where the reference says e.g. `overloaded_error` "would normally correspond to a 529".
 *
 * @example statusForAnthropicErrorType('overloaded_error') // 529
 */
export function statusForAnthropicErrorType(type: string): number {
  // Own entries only: a type named `constructor` was Object's, and became the error's "status".
  return (Object.hasOwn(STATUS_BY_TYPE, type) ? STATUS_BY_TYPE[type] : undefined) ?? 500;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'body_too_large',
  429: 'rate_limited',
  504: 'upstream_timeout',
};

export interface ParseAnthropicErrorOptions {
  /** Name of the upstream, put in front of the message ("anthropic: Overloaded"). */
  upstream?: string;
  /** Seconds from the upstream's `retry-after` header. */
  retryAfter?: number;
  /** The error in the upstream's words, for a client of its own format (see `keptVendorError`). */
  vendorError?: VendorError | undefined;
}

/**
 * Turns an Anthropic error response (status plus body, parsed or raw text) into a
 * `SwitchyardError` that keeps the status and says whether another attempt may succeed.
 *
 * @example
 * parseAnthropicError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })
 * // SwitchyardError { code: 'upstream_error', status: 529, retryable: true,
 * //                   message: 'anthropic: Overloaded (overloaded_error)' }
 */
export function parseAnthropicError(
  status: number,
  body: unknown,
  options: ParseAnthropicErrorOptions = {},
): SwitchyardError {
  const upstream = options.upstream ?? 'anthropic';
  const error = errorObjectOf(body);
  let message: string;
  if (error) message = `${upstream}: ${error.message} (${error.type})`;
  else if (typeof body === 'string' && body.length > 0) message = `${upstream}: HTTP ${status}: ${body.slice(0, 500)}`;
  else message = `${upstream}: HTTP ${status} with no error body`;
  // A spend-limit 429 looks like a rate limit but lasts until the next billing period.
  const spendLimit = isJsonObject(error?.['details']) && error['details']['error_code'] === 'enforced_spend_limit_reached';
  return new SwitchyardError(CODE_BY_STATUS[status] ?? 'upstream_error', message, {
    status,
    retryable: !spendLimit && isRetryableStatus(status),
    retryAfter: options.retryAfter,
    detail: body,
    errorDetails: isJsonObject(error?.['details']) ? error['details'] : undefined,
    vendorError: options.vendorError,
  });
}

/**
 * The `error` event of an Anthropic stream as a `SwitchyardError`, with the status its type
 * stands for.
 *
 * @example streamErrorToSwitchyard({ type: 'overloaded_error', message: 'Overloaded' }).status // 529
 */
export function streamErrorToSwitchyard(
  error: { type?: string; message: string; details?: unknown },
  options: ParseAnthropicErrorOptions = {},
): SwitchyardError {
  const type = error.type ?? untypedErrorType(error.message);
  return parseAnthropicError(statusForAnthropicErrorType(type), { type: 'error', error: { ...error, type } }, options);
}

/**
 * The type of an error event that came without one (a proxy's, an Anthropic-compatible
 * server's): `overloaded_error` when its message says so (`saysOverloaded`), else `api_error`.
 *
 * @example untypedErrorType('Overloaded') // 'overloaded_error'
 */
export function untypedErrorType(message: string): 'overloaded_error' | 'api_error' {
  return saysOverloaded(message) ? 'overloaded_error' : 'api_error';
}

type ErrorObject = { type: string; message: string; [key: string]: unknown };

function errorObjectOf(body: unknown): ErrorObject | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isJsonObject(value) || !isJsonObject(value['error'])) return undefined;
  const error = value['error'];
  if (typeof error['message'] !== 'string') return undefined;
  return { ...error, type: typeof error['type'] === 'string' ? error['type'] : 'error', message: error['message'] };
}

