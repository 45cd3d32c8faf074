import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { anthropicErrorType, parseAnthropicError, statusForAnthropicErrorType, toAnthropicErrorBody } from './anthropic-error.js';

describe('anthropicErrorType', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [409, 'conflict_error'],
    [413, 'request_too_large'],
    [422, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
    [507, 'api_error'],
  ] as const)('%i → %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
  });

  it('types round-trip through their statuses', () => {
    for (const status of [400, 401, 402, 403, 404, 409, 413, 429, 500, 504, 529]) {
      expect(statusForAnthropicErrorType(anthropicErrorType(status))).toBe(status);
    }
    expect(statusForAnthropicErrorType('some_future_error')).toBe(500);
  });
});

describe('toAnthropicErrorBody', () => {
  it('builds the documented shape with the request id', () => {
    expect(toAnthropicErrorBody(404, 'model "claude-x" not found', 'req_011CSHoEeqs5C35K2UUqR7Fy')).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'model "claude-x" not found' },
      request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
    });
    expect(toAnthropicErrorBody(500, 'boom')).not.toHaveProperty('request_id');
  });
});

describe('parseAnthropicError', () => {
  it('keeps the status, prefixes the upstream and marks overload retryable', () => {
    const error = parseAnthropicError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_01' });
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'upstream_error', status: 529, retryable: true, message: 'anthropic: Overloaded (overloaded_error)' });
  });

  it.each([
    [400, 'invalid_request_error', 'invalid_request', false],
    [401, 'authentication_error', 'unauthorized', false],
    [403, 'permission_error', 'forbidden', false],
    [413, 'request_too_large', 'body_too_large', false],
    [429, 'rate_limit_error', 'rate_limited', true],
    [500, 'api_error', 'upstream_error', true],
    [504, 'timeout_error', 'upstream_timeout', true],
  ] as const)('%i %s → code %s, retryable %s', (status, type, code, retryable) => {
    const error = parseAnthropicError(status, JSON.stringify({ type: 'error', error: { type, message: 'm' } }), { upstream: 'anthropic-eu' });
    expect(error).toMatchObject({ code, status, retryable, message: `anthropic-eu: m (${type})` });
  });

  it('does not retry a 429 that is a spend limit, and carries retry-after', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'monthly limit', details: { error_code: 'enforced_spend_limit_reached' } } };
    expect(parseAnthropicError(429, body).retryable).toBe(false);
    // The details reach an Anthropic client as sent: its SDK picks the error class by error_code.
    const parsed = parseAnthropicError(429, JSON.stringify(body));
    expect(toAnthropicErrorBody(parsed.status, parsed.message, 'req_1', parsed.errorDetails).error.details).toEqual({ error_code: 'enforced_spend_limit_reached' });
    expect(parseAnthropicError(429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, { retryAfter: 12 }).retryAfter).toBe(12);
  });

  it('copes with bodies that are not Anthropic errors', () => {
    expect(parseAnthropicError(502, '<html>Bad Gateway</html>').message).toBe('anthropic: HTTP 502: <html>Bad Gateway</html>');
    expect(parseAnthropicError(503, undefined).message).toBe('anthropic: HTTP 503 with no error body');
    expect(parseAnthropicError(503, undefined).retryable).toBe(true);
  });
});
