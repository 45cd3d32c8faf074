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

  it('takes a name only from its own tables: a type "constructor" is no status (it was Object, as the status)', () => {
    expect([statusOfStreamError({ type: 'constructor' }), statusOfStreamError({ code: 'toString' }), statusOfStreamError({ type: '__proto__' })]).toEqual([502, 502, 502]);
  });

  it('is not retried when it says the quota is spent, as a whole 429 of it is not', () => {
    const spent = streamErrorEvent('oa', '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}');
    expect(spent).toMatchObject({ status: 429, retryable: false });
    expect(streamErrorEvent('oa', '{"error":{"message":"slow down","type":"tokens","code":"rate_limit_exceeded"}}')).toMatchObject({ status: 429, retryable: true });
  });
});
