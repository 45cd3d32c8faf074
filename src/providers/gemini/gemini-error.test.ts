import { describe, expect, it } from 'vitest';
import { fixtureText } from './__fixtures__/replay.js';
import { geminiStatusName, parseGeminiError, retryDelaySeconds, streamErrorToSwitchyard, toGeminiErrorBody } from './gemini-error.js';

describe('streamErrorToSwitchyard', () => {
  it('keeps the status and name of an error Google sends mid-stream, as the other providers’ in-band errors are kept, and says it came mid-stream', () => {
    const quota = streamErrorToSwitchyard({ error: { code: 429, message: 'Resource exhausted.', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }] } }, 'gem');
    expect(quota).toMatchObject({ code: 'upstream_error', status: 429, retryable: true, retryAfter: 7, message: 'provider "gem" sent an error mid-stream: Resource exhausted. (RESOURCE_EXHAUSTED)' });
    // No vendor error unless the client speaks Gemini; then Google's words and status name.
    expect(quota.vendorError).toBeUndefined();
    expect(streamErrorToSwitchyard({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }, 'gem', 'gemini').vendorError).toEqual({ format: 'gemini', message: 'The model is overloaded.', type: 'UNAVAILABLE', code: null, param: null });
  });

  it('reads the status from the canonical name when the code is missing, and says 502 when nothing says more', () => {
    expect(streamErrorToSwitchyard({ error: { message: 'busy', status: 'UNAVAILABLE' } } as never, 'gem')).toMatchObject({ status: 503, retryable: true });
    expect(streamErrorToSwitchyard({ error: { code: 0, message: 'slow down', status: 'RESOURCE_EXHAUSTED' } }, 'gem').status).toBe(429);
    expect(streamErrorToSwitchyard({ error: { code: 0, message: 'bad', status: 'FAILED_PRECONDITION' } }, 'gem')).toMatchObject({ status: 400, retryable: false });
    expect(streamErrorToSwitchyard({ error: { note: 'no message' } } as never, 'gem')).toMatchObject({ status: 502, message: 'provider "gem" sent an error mid-stream: {"error":{"note":"no message"}} (UNKNOWN)' });
  });
});

describe('parseGeminiError', () => {
  it('makes a quota 429 retryable after the RetryInfo delay', () => {
    const error = parseGeminiError(429, {}, fixtureText('gemini-error-429.json'), 'gemini');
    expect(error).toMatchObject({ code: 'upstream_error', status: 429, retryable: true, retryAfter: 37 });
    expect(error.message).toMatch(/^provider "gemini" answered 429: You exceeded your current quota.* \(RESOURCE_EXHAUSTED\)$/);
  });

  it('lets a retry-after header win over the body', () => {
    expect(parseGeminiError(429, { 'retry-after': '3' }, fixtureText('gemini-error-429.json'), 'gemini').retryAfter).toBe(3);
  });

  it('does not retry a bad key, counts it as the target’s 401 and quotes Google’s 400', () => {
    const error = parseGeminiError(400, {}, fixtureText('gemini-error-key-invalid.json'), 'google');
    expect(error).toMatchObject({ code: 'upstream_error', status: 401, retryable: false, message: 'provider "google" answered 400: API key not valid. Please pass a valid API key. (INVALID_ARGUMENT)' });
    // Any other 400 is the request's own fault and stays a 400.
    expect(parseGeminiError(400, {}, '{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}', 'google')).toMatchObject({ code: 'upstream_error', status: 400 });
  });

  it('retries overload and server errors, and survives bodies that are not Google JSON', () => {
    expect(parseGeminiError(503, {}, '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}', 'g').retryable).toBe(true);
    const html = parseGeminiError(502, {}, '<html>Bad Gateway</html>', 'g');
    expect(html).toMatchObject({ status: 502, retryable: true, message: 'provider "g" answered 502: <html>Bad Gateway</html>' });
    expect(parseGeminiError(500, {}, '', 'g').message).toBe('provider "g" answered 500 with no error body');
    expect(parseGeminiError(400, {}, 'x'.repeat(100_000), 'g').message.length).toBeLessThan(600);
  });

  it("gives Google's input-token-count 400 OpenAI's context_length_exceeded, and no other 400", () => {
    const body = '{"error":{"code":400,"message":"The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}';
    expect(parseGeminiError(400, {}, body, 'gemini')).toMatchObject({ status: 400, vendorCode: 'context_length_exceeded', param: 'messages' });
    const other = '{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}';
    expect(parseGeminiError(400, {}, other, 'gemini').vendorCode).toBeUndefined();
  });

  it('names the chat field a translated request’s generation setting came from, in either spelling of Google’s path', () => {
    for (const path of ['generation_config.candidate_count', 'generationConfig.candidateCount']) {
      const body = JSON.stringify({ error: { code: 400, message: `* GenerateContentRequest.${path}: must be an integer between 1 and 8, got 10\n`, status: 'INVALID_ARGUMENT' } });
      const error = parseGeminiError(400, {}, body, 'gem');
      expect(error.param).toBe('n');
      expect(error.message).toMatch(/got 10\n? \(INVALID_ARGUMENT\) \(the request's "n"\)$/);
      // A Gemini client sent Google's own field: its error stays Google's.
      expect(parseGeminiError(400, {}, body, 'gem', 'gemini').param).toBeUndefined();
    }
    const unknown = JSON.stringify({ error: { code: 400, message: 'generation_config.media_resolution: bad', status: 'INVALID_ARGUMENT' } });
    expect(parseGeminiError(400, {}, unknown, 'gem').param).toBeUndefined();
  });

  it('reads RetryInfo durations and ignores junk', () => {
    expect(retryDelaySeconds([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }])).toBe(1.5);
    expect(retryDelaySeconds([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'soon' }])).toBeUndefined();
    expect(retryDelaySeconds(undefined)).toBeUndefined();
  });
});

describe('toGeminiErrorBody', () => {
  it('writes the canonical status name for the code', () => {
    expect(toGeminiErrorBody(404, 'models/x is not found')).toEqual({ error: { code: 404, message: 'models/x is not found', status: 'NOT_FOUND' } });
    expect([400, 403, 429, 500, 503, 504, 418, 599].map(geminiStatusName)).toEqual([
      'INVALID_ARGUMENT', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'INVALID_ARGUMENT', 'INTERNAL',
    ]);
  });
});
