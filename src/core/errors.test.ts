import { describe, expect, it } from 'vitest';
import { isRetryableStatus, SwitchyardError, toSwitchyardError } from './errors.js';

describe('isRetryableStatus', () => {
  it('retries request timeouts, conflicts, rate limits and server errors', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 529, 599]) expect(isRetryableStatus(status), String(status)).toBe(true);
  });

  it('does not retry what another attempt would get the same answer for', () => {
    for (const status of [200, 400, 401, 402, 403, 404, 405, 407, 410, 413, 422, 428, 430, 499]) expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});

describe('SwitchyardError', () => {
  it('takes its status from its code unless told otherwise, and is not retryable by default', () => {
    const cases: [ConstructorParameters<typeof SwitchyardError>[0], number][] = [
      ['invalid_request', 400],
      ['invalid_json', 400],
      ['body_too_large', 413],
      ['model_not_found', 404],
      ['unsupported', 400],
      ['unauthorized', 401],
      ['forbidden', 403],
      ['rate_limited', 429],
      ['budget_exceeded', 429],
      ['upstream_error', 502],
      ['upstream_timeout', 504],
      ['upstream_unreachable', 502],
      ['all_targets_failed', 502],
      ['client_closed', 499],
      ['unavailable', 503],
      ['not_found', 404],
      ['config_invalid', 400],
      ['guardrail_blocked', 400],
      ['internal', 500],
    ];
    for (const [code, status] of cases) {
      const error = new SwitchyardError(code, 'm');
      expect(error.status, code).toBe(status);
      expect(error.retryable).toBe(false);
    }
    expect(new SwitchyardError('guardrail_blocked', 'answer refused', { status: 422 }).status).toBe(422);
  });

  it('keeps every option it is given, and its name and message', () => {
    const cause = new Error('root');
    const error = new SwitchyardError('upstream_error', 'provider answered 503', { status: 503, retryable: true, retryAfter: 2, param: 'model', detail: { body: 'x' }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'SwitchyardError', code: 'upstream_error', message: 'provider answered 503', status: 503, retryable: true, retryAfter: 2, param: 'model', detail: { body: 'x' } });
    expect(error.cause).toBe(cause);
  });

  it('has no cause, retry-after, param or detail unless given', () => {
    const error = new SwitchyardError('not_found', 'gone');
    expect('cause' in error).toBe(false);
    expect(error.retryAfter).toBeUndefined();
    expect(error.param).toBeUndefined();
    expect(error.detail).toBeUndefined();
  });
});

describe('toSwitchyardError', () => {
  it('passes a SwitchyardError through unchanged', () => {
    const error = new SwitchyardError('forbidden', 'no');
    expect(toSwitchyardError(error)).toBe(error);
  });

  it('turns anything else into a 500 that keeps the cause', () => {
    const thrown = new TypeError('x is undefined');
    const error = toSwitchyardError(thrown);
    expect(error).toMatchObject({ code: 'internal', status: 500, message: 'internal error: x is undefined', retryable: false });
    expect(error.cause).toBe(thrown);
    expect(toSwitchyardError('plain string')).toMatchObject({ code: 'internal', message: 'internal error: plain string', cause: 'plain string' });
    expect(toSwitchyardError(undefined).message).toBe('internal error: undefined');
  });
});
