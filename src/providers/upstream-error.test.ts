import { describe, expect, it } from 'vitest';
import { adviceHeaders, retryAfterMs, upstreamError, upstreamMessage } from './upstream-error.js';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0, 0);

  it('reads OpenAI retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2_000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 25 Nov 2026 12:00:05 GMT' }, now)).toBe(5_000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 25 Nov 2026 11:00:00 GMT' }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('upstreamError', () => {
  it('does not retry a spent quota or spend limit, a 429 that waiting does not fix', () => {
    const quota = upstreamError('oa', 429, {}, '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}');
    expect(quota).toMatchObject({ status: 429, retryable: false, vendorCode: 'insufficient_quota' });
    // Whatever the client's format: the OpenAI client of Claude must not retry it either.
    const spend = upstreamError('an', 429, {}, '{"type":"error","error":{"type":"rate_limit_error","message":"spend limit reached","details":{"error_code":"enforced_spend_limit_reached"}}}');
    expect(spend).toMatchObject({ status: 429, retryable: false });
    expect(upstreamError('oa', 429, {}, '{"error":{"message":"Rate limit reached","type":"tokens","code":"rate_limit_exceeded"}}').retryable).toBe(true);
  });

  it('keeps the headers that say when to come back on a retryable error, and only those', () => {
    const headers = { 'retry-after-ms': '40', 'retry-after': '1', 'x-ratelimit-remaining-requests': '0', 'anthropic-ratelimit-tokens-reset': '2026-12-02T17:00:00Z', 'openai-organization': 'org', 'set-cookie': ['a'] };
    expect(upstreamError('oa', 429, headers, '{}').passOnHeaders).toEqual({ 'retry-after-ms': '40', 'x-ratelimit-remaining-requests': '0', 'anthropic-ratelimit-tokens-reset': '2026-12-02T17:00:00Z' });
    expect(upstreamError('oa', 400, headers, '{}').passOnHeaders).toBeUndefined();
    expect(adviceHeaders({ server: 'x' })).toBeUndefined();
  });

  it('keeps the status, names the provider and takes the message from either API shape', () => {
    const openai = upstreamError('oa', 429, { 'retry-after': '3' }, '{"error":{"message":"Rate limit reached","type":"requests"}}');
    expect(openai).toMatchObject({ status: 429, retryable: true, retryAfter: 3, message: 'provider "oa" answered 429: Rate limit reached' });
    const anthropic = upstreamError('an', 529, {}, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    expect(anthropic).toMatchObject({ status: 529, retryable: true, message: 'provider "an" answered 529: Overloaded' });
    const client = upstreamError('oa', 400, {}, '{"error":{"message":"bad field"}}');
    expect(client.retryable).toBe(false);
  });

  it('keeps OpenAI’s param and code, and drops values that are not identifiers', () => {
    const error = upstreamError('oa', 400, {}, '{"error":{"message":"too long","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}');
    expect(error).toMatchObject({ code: 'upstream_error', param: 'messages', vendorCode: 'context_length_exceeded' });
    const odd = upstreamError('oa', 400, {}, '{"error":{"message":"x","param":{"a":1},"code":"has spaces <b>"}}');
    expect(odd.param).toBeUndefined();
    expect(odd.vendorCode).toBeUndefined();
  });

  it('keeps a numeric code as its text for a same-format client and as sent for the trace', () => {
    // vLLM and OpenRouter send the status as a number; OpenAI clients type `code` as a string.
    const error = upstreamError('or', 429, {}, '{"error":{"message":"slow down","code":429}}', 'openai');
    expect(error.vendorError).toEqual({ format: 'openai', message: 'slow down', type: null, code: '429', param: null });
    expect(error.upstreamCode).toBe(429);
    // Not the code a translated client is given in OpenAI's terms: the status already says it.
    expect(error.vendorCode).toBeUndefined();
    expect(upstreamError('or', 400, {}, '{"error":{"message":"x","code":{"n":1}}}', 'openai')).toMatchObject({ upstreamCode: undefined, vendorError: { code: null } });
  });

  it("keeps the provider's own error whole for a same-format client, nulls included", () => {
    const openai = upstreamError('oa', 400, {}, '{"error":{"message":"Unrecognized request argument supplied: x","type":"invalid_request_error","param":null,"code":null}}', 'openai');
    expect(openai.vendorError).toEqual({ format: 'openai', message: 'Unrecognized request argument supplied: x', type: 'invalid_request_error', param: null, code: null });
    const claude = upstreamError('an', 400, {}, '{"type":"error","error":{"type":"invalid_request_error","message":"bad","details":{"error_code":"x"}},"request_id":"req_up"}', 'anthropic');
    expect(claude).toMatchObject({ vendorError: { format: 'anthropic', message: 'bad', type: 'invalid_request_error' }, errorDetails: { error_code: 'x' } });
    // A translated call (no format) or a body in no known shape keeps only the gateway's version.
    expect(upstreamError('oa', 400, {}, '{"error":{"message":"bad"}}').vendorError).toBeUndefined();
    expect(upstreamError('vllm', 400, {}, '{"object":"error","message":"bad","code":400}', 'openai').vendorError).toBeUndefined();
  });

  it("gives Claude's 'prompt is too long' OpenAI's code for it, leaving the vendor's own error as sent", () => {
    const error = upstreamError('an', 400, {}, '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}', 'anthropic');
    expect(error).toMatchObject({ vendorCode: 'context_length_exceeded', param: 'messages' });
    expect(error.vendorError).toEqual({ format: 'anthropic', message: 'prompt is too long: 208310 tokens > 200000 maximum', type: 'invalid_request_error', code: null, param: null });
    // Other 400s of the same type keep no code; an OpenAI code is never replaced.
    expect(upstreamError('an', 400, {}, '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: 10000 > 4096, which is the maximum allowed"}}').vendorCode).toBeUndefined();
    expect(upstreamError('oa', 400, {}, '{"error":{"message":"prompt is too long","code":"string_above_max_length"}}').vendorCode).toBe('string_above_max_length');
  });

  it("gives Claude's refusal of a prompt and max_tokens past the window OpenAI's code, as OpenAI codes its own; a cap above the output limit keeps none", () => {
    const joint = 'input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length or `max_tokens` and try again';
    const error = upstreamError('an', 400, {}, JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: joint } }), 'anthropic');
    expect(error).toMatchObject({ vendorCode: 'context_length_exceeded', param: 'messages' });
    expect(error.vendorError).toMatchObject({ message: joint, code: null });
    const cap = 'max_tokens: 70000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5';
    expect(upstreamError('an', 400, {}, JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: cap } }), 'anthropic').vendorCode).toBeUndefined();
    const openaiCap = { error: { message: 'max_tokens is too large: 20000. This model supports at most 16384 completion tokens, whereas you provided 20000.', type: 'invalid_request_error', param: 'max_tokens', code: null } };
    expect(upstreamError('oa', 400, {}, JSON.stringify(openaiCap), 'openai').vendorCode).toBeUndefined();
  });

  it("keeps the gateway's message for a provider's 401 or 403: the gateway's credentials were refused, not the client's key", () => {
    const refused = upstreamError('oa', 401, {}, '{"error":{"message":"Incorrect API key provided: sk-up***","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}', 'openai');
    expect(refused.vendorError).toBeUndefined();
    expect(refused.message).toBe('provider "oa" answered 401: Incorrect API key provided: sk-up***');
    const forbidden = upstreamError('an', 403, {}, '{"type":"error","error":{"type":"permission_error","message":"no access"}}', 'anthropic');
    expect(forbidden.vendorError).toBeUndefined();
    expect(forbidden.message).toContain('provider "an" answered 403');
  });

  it('marks a request timeout (408) and a conflict (409) retryable, a missing model (404) not', () => {
    expect(upstreamError('oa', 408, {}, '{"error":{"message":"timed out"}}').retryable).toBe(true);
    expect(upstreamError('oa', 409, {}, '{"error":{"message":"conflict"}}').retryable).toBe(true);
    expect(upstreamError('oa', 404, {}, '{"error":{"message":"no such model"}}').retryable).toBe(false);
  });

  it('falls back to the raw text when the body is not JSON', () => {
    expect(upstreamError('proxy', 502, {}, '<html>Bad Gateway</html>').message).toBe('provider "proxy" answered 502: <html>Bad Gateway</html>');
    expect(upstreamError('proxy', 503, {}, '').message).toBe('provider "proxy" answered 503: (empty body)');
  });
});

describe('upstreamMessage', () => {
  it('keeps a message of up to 1,000 characters as it is', () => {
    const message = 'm'.repeat(1_000);
    expect(upstreamMessage(message)).toBe(message);
  });

  it('cuts a longer one between words, so a key it holds is not cut to a start too short to scrub', () => {
    const key = 'sk-proj-abcdefghijklmnop';
    const message = `${'word '.repeat(198)}key ${key} and more words after it`;
    // The 1,000th character falls inside the key.
    expect(message.indexOf(key)).toBeLessThan(1_000);
    expect(message.indexOf(key) + key.length).toBeGreaterThan(1_000);
    const cut = upstreamMessage(message);
    expect(cut).toBe(`${'word '.repeat(198)}key …`);
  });

  it('cuts a run of key characters longer than 100 where it must (what is left is long enough to scrub as a token)', () => {
    expect(upstreamMessage('a'.repeat(5_000))).toBe(`${'a'.repeat(1_000)}…`);
  });
});
