import { isRetryableStatus, SwitchyardError, type VendorError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import { statusForAnthropicErrorType } from './anthropic/anthropic-error.js';
import { saysOverloaded } from './overload-message.js';
import { codeText, identifier, keptVendorError, sentCode, upstreamMessage } from './upstream-error.js';

/** The error for an upstream stream that ended before its answer was complete. */
export function incompleteStream(provider: string): SwitchyardError {
  return new SwitchyardError('upstream_error', `provider "${provider}" ended the stream before the answer was complete`, { status: 502 });
}

/**
 * OpenAI's own names for a failure that are not Anthropic's, and OpenAI-compatible servers': its
 * rate-limit types (`requests`, `tokens`) and codes; the overload codes OpenAI (`engine_overloaded`,
 * `server_is_overloaded`) and others (`overloaded`, `model_overloaded`, `service_unavailable`…)
 * send, a 503, which an Anthropic client reads as `overloaded_error` (Anthropic's streaming error
 * docs: an in-band `overloaded_error` "would normally correspond to a 529"); a `timeout`, 504
 * (`timeout_error`). Anthropic's type names (`rate_limit_error`, `overloaded_error`…), which OpenAI
 * shares in part, go through `statusForAnthropicErrorType`. Before, every name here but the rate
 * limits reached an Anthropic client as `api_error`.
 */
const STATUS_BY_OPENAI_NAME: Readonly<Record<string, number>> = {
  requests: 429,
  tokens: 429,
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  context_length_exceeded: 400,
  engine_overloaded: 503,
  server_is_overloaded: 503,
  server_overloaded: 503,
  service_overloaded: 503,
  model_overloaded: 503,
  overloaded: 503,
  service_unavailable: 503,
  // OpenAI's overload today: 503, type `service_unavailable_error`, code `server_is_overloaded`
  // (or `slow_down`, its 503 for a sudden rise in traffic), whole or in a stream's error event.
  service_unavailable_error: 503,
  slow_down: 503,
  timeout: 504,
  request_timeout: 504,
};

/**
 * The HTTP status an in-band error stands for, so it reaches the client with the same type a
 * whole error of that status would (`errorBody`). A numeric code (vLLM, OpenRouter send
 * `code: 429`) wins; then a known code, then a known type; when neither says more
 * (`server_error`, `api_error`, unknown names, none), a message that says the upstream is
 * overloaded (`saysOverloaded`) is a 503, anything else a 502.
 *
 * @example statusOfStreamError({ type: 'requests', code: 'rate_limit_exceeded' }) // 429
 * @example statusOfStreamError({ type: 'overloaded_error' }) // 529
 * @example statusOfStreamError({ type: 'server_error', message: 'That model is currently overloaded with other requests.' }) // 503
 */
export function statusOfStreamError(error: { type?: unknown; code?: unknown; message?: unknown }): number {
  const numeric = typeof error.code === 'number' ? error.code : Number(error.code);
  if (Number.isInteger(numeric) && numeric >= 400 && numeric <= 599) return numeric;
  for (const name of [error.code, error.type]) {
    if (typeof name !== 'string') continue;
    const status = (Object.hasOwn(STATUS_BY_OPENAI_NAME, name) ? STATUS_BY_OPENAI_NAME[name] : undefined) ?? statusForAnthropicErrorType(name);
    // 500 is what `statusForAnthropicErrorType` says for a name it does not know, and for the
    // generic `api_error`: neither says more than "the upstream failed" (502).
    if (status !== 500) return status;
  }
  return saysOverloaded(error.message) ? 503 : 502;
}

/**
 * The error for an error event inside an upstream stream. OpenAI, Anthropic and Gemini all keep
 * the message at `error.message`; anything else is quoted, bounded. The status comes from the
 * event's code or type (`statusOfStreamError`), and the code is kept for OpenAI clients (a
 * number as its text, `codeText`).
 * `format` is the client format of a same-format relay: the event then reaches that client as
 * the upstream wrote it (`vendorError`), as a whole error answer does; the gateway's message,
 * naming the provider, goes to the trace.
 *
 * @example streamErrorEvent('oa', '{"error":{"message":"Rate limit reached","type":"tokens","code":"rate_limit_exceeded"}}', 'openai').vendorError?.message // 'Rate limit reached'
 */
export function streamErrorEvent(provider: string, data: string, format?: ClientFormat): SwitchyardError {
  let message = data.slice(0, 300);
  let status = 502;
  let vendorCode: string | undefined;
  let vendorType: string | undefined;
  let vendorError: VendorError | undefined;
  let upstreamCode: string | number | undefined;
  let spent = false;
  try {
    const body = JSON.parse(data) as { error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (typeof body.error === 'object' && body.error !== null) {
      status = statusOfStreamError(body.error);
      vendorCode = identifier(body.error.code);
      vendorType = identifier(body.error.type);
      upstreamCode = sentCode(body.error.code);
      // A spent quota lasts until the plan changes: not retried, as a whole 429 of it is not (`upstreamError`).
      spent = vendorCode === 'insufficient_quota' || vendorType === 'insufficient_quota';
      if (typeof body.error.message === 'string') vendorError = keptVendorError(format, status, { message, type: vendorType, code: codeText(body.error.code), param: identifier(body.error.param) });
    }
  } catch {
    // keep the raw text
  }
  return new SwitchyardError('upstream_error', `provider "${provider}" sent an error mid-stream: ${upstreamMessage(message)}`, {
    status,
    retryable: isRetryableStatus(status) && !spent,
    vendorCode,
    vendorType,
    vendorError,
    upstreamCode,
  });
}
