/**
 * The one error type of the project. Everything thrown inside Switchyard is turned into a
 * `SwitchyardError` by `toSwitchyardError`; it becomes the OpenAI or Anthropic error shape only
 * at the HTTP edge.
 *
 * @example
 * throw new SwitchyardError('model_not_found', `unknown model "gpt-x" (known: small, claude)`, { status: 404 });
 */
import { clip } from './clip.js';
import type { ClientFormat } from './formats.js';

export type ErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'body_too_large'
  | 'model_not_found'
  | 'unsupported'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'upstream_unreachable'
  | 'all_targets_failed'
  | 'client_closed'
  | 'unavailable'
  | 'not_found'
  | 'config_invalid'
  | 'guardrail_blocked'
  | 'internal';

export interface ErrorOptions {
  status?: number;
  retryable?: boolean;
  cause?: unknown;
  /** Seconds a client should wait, for 429s (becomes a `retry-after` header). */
  retryAfter?: number;
  /** Field or parameter at fault, when there is one (OpenAI's `param`). */
  param?: string;
  /**
   * The upstream's own machine-readable code (OpenAI's `error.code`, e.g.
   * `context_length_exceeded`), shown to OpenAI-format clients in place of `code`: application
   * code branches on it and must see what the vendor said, not that a gateway was in between.
   * The gateway's own checks set the code OpenAI gives the same mistake
   * (`missing_required_parameter`, `invalid_type`…) for the same reason. `null` where the vendor
   * sends no code for the case (OpenAI's 401 for a request without a key).
   */
  vendorCode?: string | null;
  /**
   * OpenAI's `error.type` when it says more than the status does: `tokens` or `requests` for a
   * rate limit (the gateway's own limits set it too), `insufficient_quota` for spent credit.
   */
  vendorType?: string;
  /** Upstream body or other structured detail kept for traces. */
  detail?: unknown;
  /**
   * How many upstream calls the gateway made for the request before giving up (`all_targets_failed`):
   * more than one means it already retried, so the client's SDK need not.
   */
  attemptsMade?: number;
  /**
   * Anthropic's `error.details` (`{ error_code, … }`), shown to Anthropic-format clients: its SDK
   * picks the error class by `error_code` and recovers from some (a refused message thread).
   */
  errorDetails?: Readonly<Record<string, unknown>>;
  /** The methods a path takes, for a 405 (becomes the `Allow` header, as RFC 9110 requires). */
  allow?: readonly string[];
  /** An upstream's error as it wrote it, for a client of the same API format (see `VendorError`). */
  vendorError?: VendorError;
  /**
   * The upstream's `error.code` exactly as it sent it, for the trace's attempt: a string
   * (`rate_limit_exceeded`) or a number, which some OpenAI-compatible providers send (`"code": 429`).
   */
  upstreamCode?: string | number;
  /**
   * Upstream response headers a client acts on, passed on with the error: when to come back
   * (`retry-after-ms`) and the rate-limit state (`x-ratelimit-*`, `anthropic-ratelimit-*`).
   * `retry-after` itself is written from `retryAfter`.
   */
  passOnHeaders?: Readonly<Record<string, string>>;
}

/**
 * An upstream's error answer in its own words, kept when the call was a same-format exchange (an
 * OpenAI client's request sent as is to an OpenAI-compatible provider, an Anthropic client's to
 * Claude): that client gets the provider's own `type`, `code`, `param` and message, so its SDK
 * handles the error as it would against the provider directly. The gateway's `message` (which
 * names the provider) still goes to traces and logs.
 */
export interface VendorError {
  /** The client format the upstream spoke: only a client of this format gets these fields. */
  format: ClientFormat;
  message: string;
  type: string | null;
  code: string | null;
  param: string | null;
}

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_json: 400,
  body_too_large: 413,
  model_not_found: 404,
  unsupported: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  budget_exceeded: 429,
  upstream_error: 502,
  upstream_timeout: 504,
  upstream_unreachable: 502,
  all_targets_failed: 502,
  /** nginx's code for a client that left before its answer was complete. */
  client_closed: 499,
  /** The gateway is shutting down (or a dependency it needs is down): try another replica. */
  unavailable: 503,
  not_found: 404,
  config_invalid: 400,
  /** A guardrail refused the request (400) or, with status 422, the answer. */
  guardrail_blocked: 400,
  internal: 500,
};

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;
  readonly param: string | undefined;
  readonly vendorCode: string | null | undefined;
  readonly vendorType: string | undefined;
  readonly detail: unknown;
  readonly attemptsMade: number | undefined;
  readonly errorDetails: Readonly<Record<string, unknown>> | undefined;
  readonly allow: readonly string[] | undefined;
  readonly vendorError: VendorError | undefined;
  readonly passOnHeaders: Readonly<Record<string, string>> | undefined;
  readonly upstreamCode: string | number | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchyardError';
    this.code = code;
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
    this.param = options.param;
    this.vendorCode = options.vendorCode;
    this.vendorType = options.vendorType;
    this.detail = options.detail;
    this.attemptsMade = options.attemptsMade;
    this.errorDetails = options.errorDetails;
    this.allow = options.allow;
    this.vendorError = options.vendorError;
    this.passOnHeaders = options.passOnHeaders;
    this.upstreamCode = options.upstreamCode;
  }
}

/**
 * The 400 for a request field that is wrong: `param` names the field, `message` says what it
 * holds and what it should. `vendorCode` is the code OpenAI's API gives the same mistake
 * (`missing_required_parameter`, `invalid_type`, `empty_array`…): OpenAI-format clients branch on
 * it as on any upstream's, so the gateway finding the mistake first must not change it.
 *
 * @example throw invalidRequest('n', 'n must be a whole number of at least 1, got 0', 'integer_below_min_value');
 */
export function invalidRequest(param: string, message: string, vendorCode?: string | null): SwitchyardError {
  return new SwitchyardError('invalid_request', message, { param, vendorCode });
}

/**
 * `error` with the request paths in its message and param (and in the upstream's own wording, when
 * it is passed on) renamed, the param by `renameParam` when it differs, everything else kept: for an error about the request as the gateway
 * rewrote it (`messages[2]`, an `input[5]` counting earlier turns) told in the client's terms.
 *
 * @example withRenamedPaths(error, (text) => text.replace('messages[1]', 'input[0]'))
 */
export function withRenamedPaths(error: SwitchyardError, rename: (text: string) => string, renameParam: (param: string) => string = rename): SwitchyardError {
  const vendor = error.vendorError;
  return new SwitchyardError(error.code, rename(error.message), {
    status: error.status, retryable: error.retryable, retryAfter: error.retryAfter, param: error.param === undefined ? undefined : renameParam(error.param),
    vendorCode: error.vendorCode, vendorType: error.vendorType, detail: error.detail, attemptsMade: error.attemptsMade, errorDetails: error.errorDetails, allow: error.allow,
    cause: error.cause, vendorError: vendor === undefined ? undefined : { ...vendor, message: rename(vendor.message), param: vendor.param === null ? null : renameParam(vendor.param) },
    passOnHeaders: error.passOnHeaders, upstreamCode: error.upstreamCode,
  });
}

/**
 * A 405 for a method `path` does not take, naming the ones it does; the HTTP edge sends them as
 * the `Allow` header (HEAD wherever GET is, since GET routes answer it).
 *
 * @example methodNotAllowed('/api/keys', 'PATCH', ['GET', 'POST']).message // '/api/keys takes GET or POST, not PATCH'
 */
export function methodNotAllowed(path: string, method: string | undefined, allowed: readonly string[]): SwitchyardError {
  const unique = [...new Set(allowed)];
  const named = unique.length > 1 ? `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}` : (unique[0] ?? 'nothing');
  const allow = unique.includes('GET') && !unique.includes('HEAD') ? [...unique, 'HEAD'] : unique;
  // The path is the client's: a 5,000-character one was echoed whole.
  return new SwitchyardError('invalid_request', `${clip(path, 120)} takes ${named}, not ${method ?? 'no method'}`, { status: 405, allow });
}

/** Turns anything thrown into a SwitchyardError; unknown errors become a 500 that keeps the cause. */
export function toSwitchyardError(error: unknown): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SwitchyardError('internal', `internal error: ${message}`, { cause: error });
}

/** HTTP statuses worth another attempt: request timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
