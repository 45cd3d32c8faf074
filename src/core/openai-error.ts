/**
 * OpenAI's names for an error: the `type` and `code` its API sends, for whole errors
 * (`{ error: { message, type, param, code } }`), in-band stream errors and the Responses API's
 * `error` event and failed Response. Anthropic's names are in providers/anthropic/anthropic-error.ts.
 */
import type { SwitchyardError } from './errors.js';

/** The `error.type` values OpenAI's API sends; an OpenAI upstream's own is passed on when it is one of them. */
const OPENAI_TYPES = new Set(['invalid_request_error', 'server_error', 'insufficient_quota', 'requests', 'tokens']);

/**
 * OpenAI's `error.type` and `error.code` for an error, as its API sends them: every 4xx is
 * `invalid_request_error` (a 401 with code `invalid_api_key`, or none for a missing key; an unknown or forbidden model with
 * `model_not_found`), except rate limits (type `requests` or `tokens`, code
 * `rate_limit_exceeded`) and spent credit (`insufficient_quota` for both); an upstream's
 * overload (503, or Anthropic's 529, which the client gets as 503) is what OpenAI sends for its
 * own, type `service_unavailable_error` with code `server_is_overloaded`; every other 5xx is
 * `server_error`. OpenAI sends no `authentication_error`, `not_found_error`, `permission_error` or
 * `rate_limit_error` (those are Anthropic's). An upstream's own code wins, since application code
 * branches on it; where OpenAI has no code for the case, the gateway's own code says what happened.
 *
 * @example openAIErrorKind(new SwitchyardError('unauthorized', 'invalid API key')) // { type: 'invalid_request_error', code: 'invalid_api_key' }
 * @example openAIErrorKind(new SwitchyardError('budget_exceeded', 'spent')) // { type: 'insufficient_quota', code: 'insufficient_quota' }
 */
export function openAIErrorKind(error: SwitchyardError): { type: string; code: string | null } {
  if (error.code === 'budget_exceeded') return { type: 'insufficient_quota', code: 'insufficient_quota' };
  const vendorType = error.vendorType !== undefined && OPENAI_TYPES.has(error.vendorType) ? error.vendorType : undefined;
  if (error.status === 429) return { type: vendorType ?? 'requests', code: error.vendorCode ?? 'rate_limit_exceeded' };
  if (isUpstreamOverload(error)) return { type: 'service_unavailable_error', code: error.vendorCode ?? 'server_is_overloaded' };
  if (error.status >= 500) return { type: 'server_error', code: error.vendorCode ?? error.code };
  // A null vendorCode is a case OpenAI names with no code (a request without a key): kept null.
  return { type: vendorType ?? 'invalid_request_error', code: error.vendorCode !== undefined ? error.vendorCode : (ownCaseCode(error) ?? error.code) };
}

/**
 * An upstream's overload: its 503 or 529, once or on every attempt. The gateway's own 503s (a
 * drain, an open circuit) are not the model's capacity and keep `server_error`.
 */
function isUpstreamOverload(error: SwitchyardError): boolean {
  return (error.status === 503 || error.status === 529) && (error.code === 'upstream_error' || error.code === 'all_targets_failed');
}

/** OpenAI's code for a refusal of the gateway's own, where OpenAI has one for the same case. */
function ownCaseCode(error: SwitchyardError): string | undefined {
  if (error.code === 'unauthorized') return 'invalid_api_key';
  if (error.code === 'model_not_found') return 'model_not_found';
  // A key that may not use the model: OpenAI answers a project without access to one 403 model_not_found.
  if (error.code === 'forbidden' && error.param === 'model') return 'model_not_found';
  return undefined;
}

/**
 * The `error` a failed Response carries: its `code` is one of a short list, of which a gateway's
 * failures can only be `rate_limit_exceeded` or `server_error`.
 *
 * @example responseError(new SwitchyardError('rate_limited', 'slow down')) // { code: 'rate_limit_exceeded', message: 'slow down' }
 */
export function responseError(error: SwitchyardError): { code: string; message: string } {
  return { code: error.status === 429 ? 'rate_limit_exceeded' : 'server_error', message: error.message };
}

/** What a Responses stream's `error` event says. */
export interface ResponsesFailure {
  type: string;
  code: string | null;
  message: string;
  param: string | null;
}

/**
 * The failure a Responses stream's `error` event reports for an error: for rate limits and
 * server errors the code a failed Response carries (`responseError`), for a refusal (a guardrail
 * blocking the answer, 422) the code a whole error of its kind has; the type is always OpenAI's.
 *
 * @example responsesFailure(new SwitchyardError('rate_limited', 'slow down', { vendorType: 'tokens' })) // { type: 'tokens', code: 'rate_limit_exceeded', … }
 */
export function responsesFailure(error: SwitchyardError): ResponsesFailure {
  const kind = openAIErrorKind(error);
  const code = error.status === 429 || error.status >= 500 ? responseError(error).code : kind.code;
  return { type: kind.type, code, message: error.message, param: error.param ?? null };
}

/**
 * The fields of a Responses stream's `error` event. The API reference puts `code`, `message` and
 * `param` on the event itself; OpenAI sends them nested under `error` at runtime too (with the
 * error's `type`), and the official SDKs raise a stream's failure only from that nested object:
 * with the flat fields alone, LangChain's ChatOpenAI on the Responses API ended a broken stream as
 * if it were complete. Both shapes, so a client written to either reads the failure.
 *
 * @example responsesErrorEvent({ type: 'server_error', code: 'server_error', message: 'the upstream broke the connection', param: null })
 * // { code: 'server_error', message: '…', param: null, error: { type: 'server_error', code: 'server_error', message: '…', param: null } }
 */
export function responsesErrorEvent(failure: ResponsesFailure) {
  const { type, code, message, param } = failure;
  return { code, message, param, error: { type, code, message, param } };
}
