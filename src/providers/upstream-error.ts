import type { IncomingHttpHeaders } from 'node:http';
import { isRetryableStatus, SwitchyardError, type VendorError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import { contextOverflowCode } from './context-overflow.js';
import { isJsonObject } from '../core/openai-wire.js';
import { clip } from '../core/clip.js';

/**
 * The most of an upstream's error message the gateway's own error carries (to a translated
 * client, the trace's error and each attempt's, logs): a provider's messages run to a few hundred
 * characters, and a broken or hostile one's 100 kB went whole into every one of those, twice into
 * each trace. A same-format client still gets the vendor's error as sent (`vendorError`).
 */
export const UPSTREAM_MESSAGE_CHARS = 1_000;

/**
 * An upstream's error message as the gateway's error carries it: its start, cut at
 * {@link UPSTREAM_MESSAGE_CHARS}, between words where one ends in the last 100 characters. The
 * provider's key scrubber reads the message after this: a key it echoed, cut in two, could leave
 * a start too short to be known as a key, so the cut backs out of a run of key characters (one
 * longer than 100 is still long enough to be scrubbed as an opaque token).
 *
 * @example upstreamMessage('x '.repeat(100_000)).length // 1_000 or less, then '…'
 */
export function upstreamMessage(message: string): string {
  if (message.length <= UPSTREAM_MESSAGE_CHARS) return message;
  let end = UPSTREAM_MESSAGE_CHARS;
  while (end > UPSTREAM_MESSAGE_CHARS - 100 && KEY_CHAR.test(message.charAt(end - 1)) && KEY_CHAR.test(message.charAt(end))) end--;
  return clip(message, end === UPSTREAM_MESSAGE_CHARS - 100 ? UPSTREAM_MESSAGE_CHARS : end);
}

const KEY_CHAR = /[\w-]/;

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
 * The status is kept, so a client's own mistake (400) reaches it as a 400. `format` is the
 * client format of a same-format exchange: the upstream's own error is then kept whole
 * (`vendorError`) for a client of that format, whose SDK should see what the provider said —
 * except a 401 or 403, which is about the gateway's credentials for the provider.
 *
 * @example upstreamError('oa', 400, {}, '{"error":{"message":"bad","type":"invalid_request_error","param":null,"code":null}}', 'openai').vendorError
 * // { format: 'openai', message: 'bad', type: 'invalid_request_error', code: null, param: null }
 */
export function upstreamError(provider: string, status: number, headers: IncomingHttpHeaders, bodyText: string, format?: ClientFormat): SwitchyardError {
  let message = bodyText.slice(0, 500);
  let detail: unknown = bodyText;
  let param: string | undefined;
  let vendorCode: string | undefined;
  let vendorType: string | undefined;
  let vendorError: VendorError | undefined;
  let upstreamCode: string | number | undefined;
  let errorDetails: Record<string, unknown> | undefined;
  let spent = false;
  try {
    const body = JSON.parse(bodyText) as { error?: { message?: unknown; param?: unknown; code?: unknown; type?: unknown; details?: unknown } | string; message?: unknown };
    detail = body;
    if (typeof body.error === 'object' && typeof body.error?.message === 'string') {
      message = body.error.message;
      // OpenAI's `param` and `code` say which field and what rule (context_length_exceeded,
      // integer_above_max_value…): kept so an OpenAI client sees them as if it called the vendor.
      param = identifier(body.error.param);
      vendorCode = identifier(body.error.code);
      vendorType = identifier(body.error.type);
      upstreamCode = sentCode(body.error.code);
      vendorError = keptVendorError(format, status, { message, type: vendorType, code: codeText(body.error.code), param });
      // Claude's "prompt is too long" has no code: an OpenAI client of a translated call gets
      // OpenAI's own for it, as if it had called OpenAI (the vendor's error above stays as sent).
      const overflow = vendorCode === undefined ? contextOverflowCode(status, message) : undefined;
      if (overflow) {
        vendorCode = overflow;
        param ??= 'messages';
      }
      // Anthropic's `details` (`error_code`), which its SDK reads: kept for Anthropic clients.
      if (format === 'anthropic' && isJsonObject(body.error.details)) errorDetails = body.error.details;
      // A spent quota (OpenAI's insufficient_quota) or spend limit (Anthropic's) comes as a 429 but
      // lasts until the plan or billing period changes: not retried, and clients are told so.
      spent = vendorCode === 'insufficient_quota' || vendorType === 'insufficient_quota' || (isJsonObject(body.error.details) && body.error.details.error_code === 'enforced_spend_limit_reached');
    } else if (typeof body.error === 'string') message = body.error;
    else if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the best message there is.
  }
  const wait = retryAfterMs(headers);
  return new SwitchyardError('upstream_error', `provider "${provider}" answered ${status}: ${upstreamMessage(message) || '(empty body)'}`, {
    status,
    retryable: isRetryableStatus(status) && !spent,
    retryAfter: wait === undefined ? undefined : wait / 1000,
    param,
    vendorCode,
    vendorType,
    detail,
    vendorError,
    errorDetails,
    passOnHeaders: isRetryableStatus(status) ? adviceHeaders(headers) : undefined,
    upstreamCode,
  });
}

const RATE_LIMIT_HEADER = /^(?:x-ratelimit-|anthropic-ratelimit-)/;

/**
 * The headers of an upstream's retryable error that tell a client when to come back:
 * `retry-after-ms` and the rate-limit state (`x-ratelimit-*` from OpenAI, `anthropic-ratelimit-*`
 * from Anthropic). Undefined when it sent none.
 *
 * @example adviceHeaders({ 'retry-after-ms': '40', 'x-ratelimit-remaining-requests': '0', server: 'x' }) // { 'retry-after-ms': '40', 'x-ratelimit-remaining-requests': '0' }
 */
export function adviceHeaders(headers: IncomingHttpHeaders): Record<string, string> | undefined {
  let kept: Record<string, string> | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value !== 'string' || (name !== 'retry-after-ms' && !RATE_LIMIT_HEADER.test(name))) continue;
    (kept ??= {})[name] = value;
  }
  return kept;
}

/**
 * The upstream's error as it wrote it, kept for a client of `format` (a same-format exchange,
 * whole or streamed); undefined for a translated call. A 401 or 403 refuses the gateway's own
 * credentials for the provider, not the client's key: in the provider's words ("Incorrect API key
 * provided") the client would blame its own key, so it gets the gateway's message, which names the
 * provider to fix.
 *
 * @example keptVendorError('openai', 429, { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' })
 * // { format: 'openai', message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded', param: null }
 */
export function keptVendorError(
  format: ClientFormat | undefined,
  status: number,
  fields: { message: string; type?: string | undefined; code?: string | undefined; param?: string | undefined },
): VendorError | undefined {
  if (format === undefined || status === 401 || status === 403) return undefined;
  return { format, message: fields.message, type: fields.type ?? null, code: fields.code ?? null, param: fields.param ?? null };
}


/** A field path or error code as vendors write them (`messages[0].content`, `rate_limit_exceeded`); anything else is dropped. */
export function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.[\]-]{1,128}$/.test(value) ? value : undefined;
}

/**
 * A vendor's `error.code` as an OpenAI client holds it: a string, which is all the API and its
 * SDKs' types allow (`code: string | null`). Some OpenAI-compatible providers send a number
 * (`"code": 429`); it is passed on as its text ("429"), as other OpenAI-compatible gateways do,
 * rather than dropped to null.
 *
 * @example codeText(429) // '429'
 * @example codeText('rate_limit_exceeded') // 'rate_limit_exceeded'
 */
export function codeText(value: unknown): string | undefined {
  return Number.isSafeInteger(value) ? String(value) : identifier(value);
}

/**
 * A vendor's `error.code` as it sent it, for the trace: an identifier or a whole number. Anything
 * else (an object, free text) is dropped.
 *
 * @example sentCode(429) // 429
 */
export function sentCode(value: unknown): string | number | undefined {
  return Number.isSafeInteger(value) ? (value as number) : identifier(value);
}
