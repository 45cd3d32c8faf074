import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// What a client gets when every one of the gateway's attempts failed: the upstream's own status
// when every attempt got the same one a client can act on (429, 503, 408, 409, 529), in the client's
// API shape, with the upstream's advice on when to come back; otherwise one error naming each failure.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  oa:   { type: openai,    base_url: ${sim}/v1, api_key: sk-upstream }
  anth: { type: anthropic, base_url: ${sim},    api_key: sk-ant-upstream }
models:
  small:  { provider: oa, model: standin-small }
  claude: { provider: anth, model: claude-standin }
  mixed:
    fallbacks: [ { provider: oa, model: limited }, { provider: oa, model: broken } ]
  spread:
    fallbacks: [ { provider: oa, model: limited }, { provider: oa, model: standin-small } ]
keys:
  - { key: sk-sy-test, name: test }
retry: { max_attempts: 2, base_delay_ms: 5, max_delay_ms: 20 }
`);
  // maxRetries 2: an SDK that retried when told not to would show in the simulator's count.
  openai = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 2 });
  anthropic = new Anthropic({ apiKey: 'sk-sy-test', baseURL: h.gateway.url, maxRetries: 2 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetStats();
});

/** The error a call ends with; a call that answered fails the test. */
async function failure<E>(call: Promise<unknown>, model: string): Promise<E> {
  return call.then(
    () => {
      throw new Error(`model "${model}" answered; expected an error`);
    },
    (error: unknown) => error as E,
  );
}
const chat = (model: string) => failure<InstanceType<typeof OpenAI.APIError>>(openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }), model);
const message = (model: string) => failure<InstanceType<typeof Anthropic.APIError>>(anthropic.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), model);

describe('an upstream rate limit that outlasts the gateway’s retries', () => {
  it('reaches an OpenAI client as OpenAI’s 429, with the upstream’s type, retry-after-ms and x-ratelimit-* headers', async () => {
    h.sim.addFault({ kind: 'status', status: 429, type: 'tokens', retryAfterMs: 40, model: 'standin-small' });
    const error = await chat('small');
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    // `tokens`, as the upstream said: which limit was hit is what application code branches on.
    expect(error).toMatchObject({ status: 429, type: 'tokens', code: 'rate_limit_exceeded' });
    expect(error.message).toContain('every target for model "small" failed after 2 attempts');
    const headers = error.headers;
    expect(headers?.get('retry-after-ms')).toBe('40');
    expect(headers?.get('retry-after')).toBe('1');
    expect(headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(headers?.get('x-ratelimit-limit-requests')).toMatch(/^\d+$/);
    expect(headers?.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
    // The gateway retried (twice, waiting what the upstream asked): the SDK is told not to add its own.
    expect(headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(2);
    const trace = await h.traceOf(headers?.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 429, errorCode: 'all_targets_failed' });
    expect(trace.attempts.map((a) => a.status)).toEqual([429, 429]);
  });

  it('reaches an Anthropic client as Claude’s 429 rate_limit_error with the anthropic-ratelimit-* headers', async () => {
    h.sim.addFault({ kind: 'status', status: 429, retryAfter: 1, model: 'claude-standin' });
    const error = await message('claude');
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(error.headers?.get('retry-after')).toBe('1');
    expect(error.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(error.headers?.get('anthropic-ratelimit-tokens-reset')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(2);
  });

  it('tells no client to retry a spent quota (insufficient_quota), which waiting does not fix, and the gateway does not retry it either', async () => {
    h.sim.addFault({ kind: 'status', status: 429, type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.', model: 'standin-small' });
    const error = await chat('small');
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(1);
    h.sim.resetStats();
    const claudeSide = await message('small');
    expect(claudeSide).toBeInstanceOf(Anthropic.RateLimitError);
    expect(claudeSide.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(1);
  });
});

describe('a spent quota on a target with fallbacks', () => {
  it('moves on to the next target (another account may have quota left) and answers from it', async () => {
    h.sim.addFault({ kind: 'status', status: 429, type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.', model: 'limited' });
    const { response } = await openai.chat.completions.create({ model: 'spread', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.status).toBe(200);
    const trace = await h.traceOf(response);
    // Once on the spent target (not retried), then the fallback.
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['limited:429', 'standin-small:200']);
  });

  it('ends as the spent quota when every target is spent, and no client is told to retry', async () => {
    h.sim.addFault({ kind: 'status', status: 429, type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.', model: 'limited' });
    h.sim.addFault({ kind: 'status', status: 429, type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.', model: 'standin-small' });
    const error = await chat('spread');
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(2);
  });
});

describe('a request timeout or conflict on every attempt', () => {
  it.each([408, 409])('reaches the client as the upstream’s %i, not as a 502', async (status) => {
    h.sim.addFault({ kind: 'status', status, model: 'standin-small' });
    const error = await chat('small');
    expect(error.status).toBe(status);
    expect(error.type).toBe('invalid_request_error');
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(2);
    h.sim.resetStats();
    h.sim.addFault({ kind: 'status', status, model: 'claude-standin' });
    const claudeSide = await message('claude');
    expect(claudeSide.status).toBe(status);
    expect(claudeSide.error).toMatchObject({ error: { type: status === 409 ? 'conflict_error' : 'invalid_request_error' } });
    expect(h.sim.stats().requests).toBe(2);
  });
});

describe('an upstream unavailable (503) on every attempt', () => {
  it('reaches an OpenAI client as a 503 with the upstream’s retry-after, the last target’s word on when to come back', async () => {
    h.sim.addFault({ kind: 'status', status: 503, retryAfter: 1, retryAfterMs: 40, model: 'standin-small' });
    const error = await chat('small');
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    // OpenAI's own overload's type and code (the gateway's retries are in the message and x-should-retry).
    expect(error).toMatchObject({ status: 503, type: 'service_unavailable_error', code: 'server_is_overloaded' });
    expect(error.message).toContain('#1–#2 oa/standin-small: provider "oa" answered 503');
    expect(error.headers?.get('retry-after')).toBe('1');
    expect(error.headers?.get('retry-after-ms')).toBe('40');
    // The gateway already retried: the SDK (maxRetries 2) is told not to add its own.
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(2);
    const trace = await h.traceOf(error.headers?.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 503, errorCode: 'all_targets_failed' });
  });

  it('reaches an Anthropic client as a 503 overloaded_error with the retry-after', async () => {
    h.sim.addFault({ kind: 'status', status: 503, retryAfter: 1, model: 'claude-standin' });
    const error = await message('claude');
    expect(error.status).toBe(503);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(error.headers?.get('retry-after')).toBe('1');
    expect(h.sim.stats().requests).toBe(2);
  });

  it('stays a 502 naming each failure when the attempts got different server errors', async () => {
    h.sim.addFault({ kind: 'status', status: 503, retryAfterMs: 40, model: 'limited' });
    h.sim.addFault({ kind: 'status', status: 500, model: 'broken' });
    const error = await chat('mixed');
    expect(error).toMatchObject({ status: 502, code: 'all_targets_failed' });
    expect(error.headers?.get('retry-after')).toBeNull();
  });
});

describe('targets that failed in different ways', () => {
  it('keep the error that names each failure (502 all_targets_failed), and pass on no target’s rate-limit headers', async () => {
    h.sim.addFault({ kind: 'status', status: 429, retryAfter: 1, model: 'limited' });
    h.sim.addFault({ kind: 'status', status: 503, model: 'broken' });
    const error = await chat('mixed');
    expect(error).toMatchObject({ status: 502, type: 'server_error', code: 'all_targets_failed' });
    expect(error.message).toContain('#1–#2 oa/limited: provider "oa" answered 429');
    expect(error.message).toContain('#3–#4 oa/broken: provider "oa" answered 503');
    expect(error.headers?.get('retry-after')).toBeNull();
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBeNull();
    const trace = await h.traceOf(error.headers?.get('x-switchyard-trace-id'));
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['limited:429', 'limited:429', 'broken:503', 'broken:503']);
  });

  it('answer from a fallback when the first target is rate limited, and trace both', async () => {
    h.sim.addFault({ kind: 'status', status: 429, retryAfter: 1, model: 'limited' });
    const { response } = await openai.chat.completions.create({ model: 'spread', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBeNull();
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['limited:429', 'limited:429', 'standin-small:200']);
  });
});
