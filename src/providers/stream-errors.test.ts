import { describe, expect, it } from 'vitest';
import { statusOfStreamError, streamErrorEvent } from './stream-errors.js';

describe('an error event inside an upstream stream', () => {
  it('stands for the status its OpenAI-compatible code or type names: overloaded 503, timeout 504, rate limit 429', () => {
    const statuses = [
      { type: 'server_error', code: 'engine_overloaded' },
      { code: 'server_is_overloaded' },
      { type: 'overloaded' },
      { type: 'service_unavailable' },
      { type: 'server_error', code: 'timeout' },
      { type: 'tokens', code: 'rate_limit_exceeded' },
      { type: 'server_error', code: null },
      { type: 'invalid_request_error', code: 'context_length_exceeded' },
    ].map(statusOfStreamError);
    expect(statuses).toEqual([503, 503, 503, 503, 504, 429, 502, 400]);
  });

  it('stands for 503 when OpenAI names its overload today (service_unavailable_error, server_is_overloaded, slow_down) or only says it in words', () => {
    const statuses = [
      { type: 'service_unavailable_error', code: 'server_is_overloaded' },
      { type: 'service_unavailable_error' },
      { code: 'slow_down' },
      // OpenAI's older overload: a 503 server_error, code null, the overload only in the message.
      { type: 'server_error', code: null, message: 'That model is currently overloaded with other requests. You can retry your request.' },
      { message: 'Overloaded' },
      { code: 'server_error', message: 'Selected model is at capacity. Please try a different model.' },
      // A message that says nothing of the kind stays the generic 502; a named status wins over words.
      { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
      { type: 'tokens', code: 'rate_limit_exceeded', message: 'overloaded with requests from your organization' },
    ].map(statusOfStreamError);
    expect(statuses).toEqual([503, 503, 503, 503, 503, 503, 502, 429]);
    expect(streamErrorEvent('oa', '{"error":{"message":"The engine is currently overloaded, please try again later.","type":"server_error","code":null}}')).toMatchObject({ status: 503, retryable: true });
  });

    it('takes a name only from its own tables: a type "constructor" is no status (it was Object, as the status)', () => {
    expect([statusOfStreamError({ type: 'constructor' }), statusOfStreamError({ code: 'toString' }), statusOfStreamError({ type: '__proto__' })]).toEqual([502, 502, 502]);
  });

  it('is not retried when it says the quota is spent, as a whole 429 of it is not', () => {
    const spent = streamErrorEvent('oa', '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}');
    expect(spent).toMatchObject({ status: 429, retryable: false });
    expect(streamErrorEvent('oa', '{"error":{"message":"slow down","type":"tokens","code":"rate_limit_exceeded"}}')).toMatchObject({ status: 429, retryable: true });
  });
});
