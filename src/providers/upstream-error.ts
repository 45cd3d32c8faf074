import type { IncomingHttpHeaders } from 'node:http';
import { isRetryableStatus, SwitchyardError } from '../core/errors.js';

/**
 * Seconds to wait from `retry-after-ms` (OpenAI), `retry-after` in seconds or as an HTTP date.
 * Undefined when the upstream said nothing usable.
 */
export function retryAfterMs(headers: IncomingHttpHeaders, now: number = Date.now()): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0 && headers['retry-after-ms'] !== undefined) return ms;
  const value = headers['retry-after'];
  if (typeof value !== 'string' || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(seconds * 1000, 0);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(date - now, 0);
}

/**
 * An upstream's error answer as a SwitchyardError. OpenAI (`{error:{message,type,code}}`) and
 * Anthropic (`{type:"error",error:{type,message}}`) both keep the message at `error.message`.
 * The status is kept, so a client's own mistake (400) reaches it as a 400.
 */
export function upstreamError(provider: string, status: number, headers: IncomingHttpHeaders, bodyText: string): SwitchyardError {
  let message = bodyText.slice(0, 500);
  let detail: unknown = bodyText;
  let param: string | undefined;
  let vendorCode: string | undefined;
  let vendorType: string | undefined;
  try {
    const body = JSON.parse(bodyText) as { error?: { message?: unknown; param?: unknown; code?: unknown; type?: unknown } | string; message?: unknown };
    detail = body;
    if (typeof body.error === 'object' && typeof body.error?.message === 'string') {
      message = body.error.message;
      // OpenAI's `param` and `code` say which field and what rule (context_length_exceeded,
      // integer_above_max_value…): kept so an OpenAI client sees them as if it called the vendor.
      param = identifier(body.error.param);
      vendorCode = identifier(body.error.code);
      vendorType = identifier(body.error.type);
    } else if (typeof body.error === 'string') message = body.error;
    else if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the best message there is.
  }
  const wait = retryAfterMs(headers);
  return new SwitchyardError('upstream_error', `provider "${provider}" answered ${status}: ${message || '(empty body)'}`, {
    status,
    retryable: isRetryableStatus(status),
    retryAfter: wait === undefined ? undefined : wait / 1000,
    param,
    vendorCode,
    vendorType,
    detail,
  });
}

/** A field path or error code as vendors write them (`messages[0].content`, `rate_limit_exceeded`); anything else is dropped. */
export function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.[\]-]{1,128}$/.test(value) ? value : undefined;
}
