/**
 * Response headers and ids as each provider sends them. Ids come from a per-process random
 * base plus a counter: unique, shaped like the real ones, and free of per-request crypto.
 */
import { randomBytes } from 'node:crypto';
import { geminiHeaders } from './gemini-errors.js';
import type { Api } from './wire-errors.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Unique ids of a fixed length: random characters chosen once, then a base-36 counter.
 *
 * @example new IdFactory().next('chatcmpl-', 29) // 'chatcmpl-Xk3…0001a'
 */
export class IdFactory {
  private counter = 0;
  private readonly base: string;

  constructor() {
    let base = '';
    for (const byte of randomBytes(32)) base += BASE62[byte % 62];
    this.base = base;
  }

  next(prefix: string, length: number): string {
    this.counter += 1;
    const count = this.counter.toString(36);
    return prefix + this.base.slice(0, Math.max(0, length - count.length)) + count;
  }
}

const LIMIT_REQUESTS = 10_000;
const LIMIT_TOKENS = 10_000_000;

/**
 * Rate-limit bookkeeping for the headers: counts requests and tokens in the current minute,
 * like the providers' windows, and never refuses anything by itself (faults do that).
 *
 * @example new RateWindow().hit(Date.now(), 100).remainingRequests // 9999
 */
export class RateWindow {
  private windowStart = 0;
  private requests = 0;
  private tokens = 0;
  private resetIso = '';

  /** Counts one request and returns the header values for it. */
  hit(now: number, tokens: number): { remainingRequests: number; remainingTokens: number; resetIso: string; resetSeconds: number } {
    const minute = now - (now % 60_000);
    if (minute !== this.windowStart) {
      this.windowStart = minute;
      this.requests = 0;
      this.tokens = 0;
      // An ISO date per minute, not per request: the header only changes when the window does.
      this.resetIso = new Date(minute + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    this.requests += 1;
    this.tokens += tokens;
    return {
      remainingRequests: Math.max(0, LIMIT_REQUESTS - this.requests),
      remainingTokens: Math.max(0, LIMIT_TOKENS - this.tokens),
      resetIso: this.resetIso,
      resetSeconds: Math.ceil((minute + 60_000 - now) / 1000),
    };
  }
}

export type HeaderMap = Record<string, string>;

export const JSON_TYPE = 'application/json';
export const SSE_TYPE = 'text/event-stream; charset=utf-8';

/**
 * The headers of a successful or failed response of `api`.
 *
 * @example responseHeaders('openai', 'req_123', started, window, 42, 'application/json')
 */
export function responseHeaders(api: Api, requestId: string, started: number, window: RateWindow, tokens: number, contentType: string): HeaderMap {
  if (api === 'gemini') return geminiHeaders(started, contentType);
  const now = Date.now();
  const rate = window.hit(now, tokens);
  if (api === 'openai') {
    return {
      'content-type': contentType,
      'openai-organization': 'switchyard-simulator',
      'openai-processing-ms': String(now - started),
      'openai-project': 'proj_simulator',
      'openai-version': '2020-10-01',
      'x-request-id': requestId,
      'x-ratelimit-limit-requests': String(LIMIT_REQUESTS),
      'x-ratelimit-limit-tokens': String(LIMIT_TOKENS),
      'x-ratelimit-remaining-requests': String(rate.remainingRequests),
      'x-ratelimit-remaining-tokens': String(rate.remainingTokens),
      'x-ratelimit-reset-requests': `${rate.resetSeconds}s`,
      'x-ratelimit-reset-tokens': `${rate.resetSeconds}s`,
    };
  }
  const limit = String(LIMIT_TOKENS);
  const remaining = String(rate.remainingTokens);
  return {
    'content-type': contentType,
    'request-id': requestId,
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    'anthropic-ratelimit-requests-limit': String(LIMIT_REQUESTS),
    'anthropic-ratelimit-requests-remaining': String(rate.remainingRequests),
    'anthropic-ratelimit-requests-reset': rate.resetIso,
    'anthropic-ratelimit-tokens-limit': limit,
    'anthropic-ratelimit-tokens-remaining': remaining,
    'anthropic-ratelimit-tokens-reset': rate.resetIso,
    'anthropic-ratelimit-input-tokens-limit': limit,
    'anthropic-ratelimit-input-tokens-remaining': remaining,
    'anthropic-ratelimit-input-tokens-reset': rate.resetIso,
    'anthropic-ratelimit-output-tokens-limit': limit,
    'anthropic-ratelimit-output-tokens-remaining': remaining,
    'anthropic-ratelimit-output-tokens-reset': rate.resetIso,
  };
}

/**
 * A request id in the provider's style: `req_` + 32 characters, or Anthropic's `req_011C…`.
 *
 * @example newRequestId('anthropic', ids) // 'req_011CX…'
 */
export function newRequestId(api: Api, ids: IdFactory): string {
  if (api === 'gemini') return ids.next('', 23); // Google's responseId, the only id it sends
  return api === 'openai' ? ids.next('req_', 32) : ids.next('req_011C', 24);
}
