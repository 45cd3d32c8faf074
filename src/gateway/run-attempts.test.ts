import { describe, expect, it } from 'vitest';
import { breakerSchema } from '../config/cache-schema.js';
import type { RetryPolicy } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { SwitchyardError } from '../core/errors.js';
import type { Attempt } from '../core/trace.js';
import type { ChatProvider } from '../providers/spec.js';
import type { Target } from '../routing/catalog.js';
import { type AttemptResult, TargetHealth } from '../routing/target-health.js';
import { billedFailure } from '../core/billed-failure.js';
import { attemptLines, refusalsOf, refusedModel, runAttempts, skipsOf, takeBillable } from './run-attempts.js';
import { unreadableItem } from '../providers/openai-compatible/responses-upstream/unreadable-items.js';

/** A clock whose sleeps return at once and are written down, so waits are asserted as events. */
function recordingClock(start = 1_000_000): Clock & { sleeps: number[]; time: number } {
  const clock = {
    sleeps: [] as number[],
    time: start,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

const target = (provider: string, model = 'm', contextWindow?: number): Target => ({ provider: { name: provider } as ChatProvider, model, price: undefined, weight: 1, outputLimit: undefined, contextWindow });
const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({ max_attempts: 3, base_delay_ms: 100, max_delay_ms: 1_000, max_retry_after_ms: 5_000, ...over });
const upstream = (status: number, options: { retryAfter?: number } = {}) =>
  new SwitchyardError('upstream_error', `provider answered ${status}`, { status, retryable: status === 408 || status === 409 || status === 429 || status >= 500, ...options });

/**
 * Runs `runAttempts` over `targets` where each send takes the next outcome of `script`
 * (an error to throw, or 'ok'), and returns what happened.
 */
async function run(targets: Target[], script: (SwitchyardError | Error | 'ok')[], options: { policy?: RetryPolicy; health?: TargetHealth; signal?: AbortSignal; clock?: ReturnType<typeof recordingClock>; requestFaults?: ReadonlySet<number> } = {}) {
  const clock = options.clock ?? recordingClock();
  const attempts: Attempt[] = [];
  const sent: string[] = [];
  const signal = options.signal ?? new AbortController().signal;
  const outcome = await runAttempts('chat', targets, options.policy ?? policy(), { clock, random: () => 0.5, health: options.health, requestFaults: options.requestFaults }, signal, attempts, async (t) => {
    sent.push(`${t.provider.name}/${t.model}`);
    const next = script.shift() ?? 'ok';
    if (next !== 'ok') throw next;
    return `answer from ${t.provider.name}`;
  }).then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as SwitchyardError }),
  );
  return { ...outcome, attempts, sent, sleeps: clock.sleeps };
}

/** A provider's 400 for a prompt past the window, as upstream-error.ts reads any vendor's wording. */
const tooLong = (window: number) =>
  new SwitchyardError('upstream_error', `provider answered 400: prompt is too long: 300000 tokens > ${window} maximum`, { status: 400, retryable: false, vendorCode: 'context_length_exceeded', param: 'messages' });

describe('runAttempts: context windows', () => {
  it('moves on after context_length_exceeded to the next target with a larger window, passing over smaller and equal ones', async () => {
    const targets = [target('oa', 'gpt-4o-mini', 128_000), target('az', 'gpt-4o-mini', 128_000), target('an', 'claude-haiku-4-5', 200_000), target('oa', 'gpt-4.1', 1_047_576)];
    const r = await run(targets, [tooLong(128_000), tooLong(200_000)]);
    expect(r.value?.value).toBe('answer from oa');
    expect(r.sent).toEqual(['oa/gpt-4o-mini', 'an/claude-haiku-4-5', 'oa/gpt-4.1']);
    // The same model elsewhere has the same window: passed over, and said so.
    expect(r.value?.refused).toEqual([{ target: 'az/gpt-4o-mini', param: 'messages', vendorCode: 'context_length_exceeded', reason: 'its context window is no larger than that of oa/gpt-4o-mini, which refused the prompt as too long' }]);
    expect(r.attempts.map((a) => a.status)).toEqual([400, 400, 200]);
    expect(r.sleeps).toEqual([]);
  });

  it('gives the client the provider\'s 400 (the largest window tried), not a 502, when every window is too small', async () => {
    const r = await run([target('oa', 'gpt-4o-mini', 128_000), target('an', 'claude-haiku-4-5', 200_000)], [tooLong(128_000), tooLong(200_000)]);
    expect(r.error?.status).toBe(400);
    expect(r.error?.vendorCode).toBe('context_length_exceeded');
    expect(r.error?.message).toContain('> 200000 maximum');
    expect(r.sent).toEqual(['oa/gpt-4o-mini', 'an/claude-haiku-4-5']);
  });

  it('returns the 400 at once when no later target has a larger window, as for any client error', async () => {
    const r = await run([target('an', 'claude-haiku-4-5', 200_000), target('oa', 'gpt-4o-mini', 128_000)], [tooLong(200_000)]);
    expect(r.error?.status).toBe(400);
    expect(r.sent).toEqual(['an/claude-haiku-4-5']);
  });

  it('tries another model whose window is unknown (it may be larger), but not another 400', async () => {
    const r = await run([target('oa', 'gpt-4o-mini', 128_000), target('local', 'llama')], [tooLong(128_000)]);
    expect(r.value?.target.model).toBe('llama');
    const plain = await run([target('a', 'x', 128_000), target('b', 'y', 1_000_000)], [upstream(400)]);
    expect(plain.error?.status).toBe(400);
    expect(plain.sent).toEqual(['a/x']);
  });
});

describe('runAttempts: fallbacks', () => {
  it.each([401, 402, 403, 404])('moves to the next target after a %i (the target is misconfigured), without retrying it', async (status) => {
    const r = await run([target('a'), target('b')], [upstream(status)]);
    expect(r.value?.value).toBe('answer from b');
    expect(r.value?.target.provider.name).toBe('b');
    expect(r.sent).toEqual(['a/m', 'b/m']);
    expect(r.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual([`a:${status}`, 'b:200']);
    expect(r.sleeps).toEqual([]);
  });

  it('returns a client error (400) at once: another target would reject it too', async () => {
    const bad = upstream(400);
    const r = await run([target('a'), target('b')], [bad]);
    expect(r.error).toBe(bad);
    expect(r.sent).toEqual(['a/m']);
    expect(r.attempts.map((a) => a.status)).toEqual([400]);
  });

  it('returns a non-upstream refusal at once, recording status 0 for it', async () => {
    const guard = new SwitchyardError('invalid_request', 'no');
    const r = await run([target('a'), target('b')], [guard]);
    expect(r.error).toBe(guard);
    expect(r.sent).toEqual(['a/m']);
    expect(r.attempts).toMatchObject([{ provider: 'a', model: 'm', status: 0, error: 'no' }]);
  });

  it('passes over a target that cannot honour the request and lets the next one answer, recording why', async () => {
    const refusal = new SwitchyardError('unsupported', 'n=2 is not supported by Anthropic models', { param: 'n' });
    const r = await run([target('claude'), target('gpt')], [refusal]);
    expect(r.value?.value).toBe('answer from gpt');
    expect(r.value?.refused).toEqual([{ target: 'claude/m', param: 'n', reason: 'n=2 is not supported by Anthropic models' }]);
    expect(r.sent).toEqual(['claude/m', 'gpt/m']);
    // Nothing reached Claude: the skip is not an attempt.
    expect(r.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['gpt:200']);
  });

  it('returns the first refusal when no target can honour the request', async () => {
    const first = new SwitchyardError('unsupported', 'n=2 is not supported by Anthropic models', { param: 'n' });
    const second = new SwitchyardError('unsupported', 'n=2 is not supported here either', { param: 'n' });
    const r = await run([target('a'), target('b')], [first, second]);
    expect(r.error).toBe(first);
    expect(r.attempts).toEqual([]);
  });

  it('names a refused target in the aggregate error when the target that could answer failed', async () => {
    const refusal = new SwitchyardError('unsupported', 'logprobs is not supported by Anthropic models', { param: 'logprobs' });
    const r = await run([target('a'), target('b')], [refusal, upstream(500), upstream(500), upstream(500)]);
    expect(r.error?.code).toBe('all_targets_failed');
    expect(r.error?.message).toContain('skipped a/m, which cannot honour the request: logprobs is not supported');
  });

  it('keeps what it passed over beside the error it throws, for the failure trace, and nothing when it passed nothing over', async () => {
    const refusal = new SwitchyardError('unsupported', 'logprobs is not supported by Anthropic models', { param: 'logprobs' });
    const failed = await run([target('a'), target('b')], [refusal, upstream(500), upstream(500), upstream(500)]);
    expect(skipsOf(failed.error)).toEqual({ skipped: [], refused: [{ target: 'a/m', param: 'logprobs', reason: 'logprobs is not supported by Anthropic models' }], refusal: false });
    // b was tried: the error is b's failure, not a refusal of the request.
    expect(refusalsOf(failed.error)).toBeUndefined();
    const second = new SwitchyardError('unsupported', 'logprobs is not supported here either');
    const refused = await run([target('a'), target('b')], [refusal, second]);
    expect(refusalsOf(refused.error)?.map((r) => r.target)).toEqual(['a/m', 'b/m']);
    expect(refusalsOf(refused.error)?.[1]).not.toHaveProperty('param');
    // The route planner keeps the first refusal of the model, without its target.
    expect(refusedModel(refusalsOf(refused.error) ?? [])).toEqual({ param: 'logprobs', reason: 'logprobs is not supported by Anthropic models' });
    expect(refusedModel([{ target: 'b/m', reason: 'no n' }])).toEqual({ reason: 'no n' });
    const plain = await run([target('a')], [upstream(500), upstream(500), upstream(500)]);
    expect(plain.error?.code).toBe('all_targets_failed');
    expect(plain.error?.attemptsMade).toBe(3);
    expect(skipsOf(plain.error)).toBeUndefined();
    expect(refusalsOf(plain.error)).toBeUndefined();
    expect(skipsOf('not an error')).toBeUndefined();
    expect(skipsOf(null)).toBeUndefined();
  });

  it('returns the gateway’s own 404 at once: only an upstream’s 401–404 says the target is misconfigured', async () => {
    const missing = new SwitchyardError('not_found', 'no such thing');
    const r = await run([target('a'), target('b')], [missing]);
    expect(r.error).toBe(missing);
    expect(r.sent).toEqual(['a/m']);
  });

  it('records each attempt’s latency as a duration, not a timestamp', async () => {
    const started = performance.now();
    const r = await run([target('a'), target('b')], [upstream(401)]);
    const elapsed = performance.now() - started;
    for (const attempt of r.attempts) {
      expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
      expect(attempt.latencyMs).toBeLessThanOrEqual(elapsed);
    }
  });

  it('retries a retryable failure on the same target, then falls back once its attempts are spent', async () => {
    const r = await run([target('a'), target('b')], [upstream(503), upstream(502), upstream(500)], { policy: policy({ max_attempts: 3 }) });
    expect(r.sent).toEqual(['a/m', 'a/m', 'a/m', 'b/m']);
    // Backoff with full jitter (random 0.5): half of 100·2^(n-1), and no wait after the last try on a target.
    expect(r.sleeps).toEqual([50, 100]);
    expect(r.attempts.map((a) => a.status)).toEqual([503, 502, 500, 200]);
  });

  it.each([408, 409, 429])('retries a %i', async (status) => {
    const r = await run([target('a')], [upstream(status)]);
    expect(r.value?.value).toBe('answer from a');
    expect(r.sent).toEqual(['a/m', 'a/m']);
  });

  it('records an unreachable upstream with status 0 and its message, and retries it', async () => {
    const down = new SwitchyardError('upstream_unreachable', 'cannot connect', { retryable: true });
    const r = await run([target('a')], [down]);
    expect(r.attempts[0]).toMatchObject({ provider: 'a', model: 'm', status: 0, error: 'cannot connect' });
    expect(r.attempts[1]).toMatchObject({ status: 200 });
    expect(r.attempts[1]?.error).toBeUndefined();
  });

  it('turns anything thrown into a SwitchyardError', async () => {
    const r = await run([target('a')], [new TypeError('boom')]);
    expect(r.error).toBeInstanceOf(SwitchyardError);
    expect(r.error?.code).toBe('internal');
    expect(r.attempts[0]?.error).toBe('internal error: boom');
  });
});

describe('runAttempts: waits', () => {
  it('waits at least as long as retry-after says', async () => {
    const r = await run([target('a')], [upstream(429, { retryAfter: 1 })]);
    expect(r.sleeps).toEqual([1_000]);
    expect(r.sent).toEqual(['a/m', 'a/m']);
  });

  it('does not wait for a retry-after past the cap: the next target is tried at once', async () => {
    const r = await run([target('a'), target('b')], [upstream(429, { retryAfter: 30 })], { policy: policy({ max_retry_after_ms: 500 }) });
    expect(r.sleeps).toEqual([]);
    expect(r.sent).toEqual(['a/m', 'b/m']);
  });

  it('says every attempt when all fail, as a 502', async () => {
    const r = await run([target('a', 'x'), target('b', 'y')], [upstream(503), upstream(503), upstream(401)], { policy: policy({ max_attempts: 2 }) });
    expect(r.error?.code).toBe('all_targets_failed');
    expect(r.error?.status).toBe(502);
    // Attempts that failed the same way on the same target share a line (before: the sentence once per retry).
    expect(r.error?.message).toBe('every target for model "chat" failed after 3 attempts: #1–#2 a/x: provider answered 503; #3 b/y: provider answered 401');
    expect(r.error?.detail).toHaveLength(3);
  });

  it("hands on the provider's own refusal when every target refused what the request asks of its model (embeddings from chat models)", async () => {
    const faults = new Set([403, 404]);
    const r = await run([target('a', 'x'), target('b', 'y')], [upstream(403), upstream(404)], { requestFaults: faults });
    expect(r.error?.code).toBe('upstream_error');
    expect(r.error?.status).toBe(404);
    expect(r.error?.message).toBe('provider answered 404');
    expect(r.attempts.map((a) => a.status)).toEqual([403, 404]);
    // One target that failed otherwise (unreachable, 503) keeps the 502 that names every attempt.
    const mixed = await run([target('a', 'x'), target('b', 'y')], [upstream(403), upstream(503), upstream(503), upstream(503)], { requestFaults: faults });
    expect(mixed.error?.code).toBe('all_targets_failed');
    expect(mixed.error?.status).toBe(502);
    // Without request faults for the call (chat), a 403 is the target's setup: still the 502.
    expect((await run([target('a')], [upstream(403)])).error?.status).toBe(502);
  });

  it('answers 429 when every attempt was rate limited, and counts one attempt in the singular', async () => {
    const r = await run([target('a')], [upstream(429, { retryAfter: 30 })], { policy: policy({ max_retry_after_ms: 500 }) });
    expect(r.error?.status).toBe(429);
    expect(r.error?.message).toBe('every target for model "chat" failed after 1 attempt: #1 a/m: provider answered 429');
    // The upstream's retry-after goes to the client, whose SDK or backoff reads the header.
    expect(r.error?.retryAfter).toBe(30);
  });

  it('answers 502, not the upstream’s own 500, when every attempt failed with the same server error', async () => {
    const r = await run([target('a')], [upstream(500), upstream(500), upstream(500)]);
    expect(r.error?.status).toBe(502);
    expect(r.error?.message).toBe('every target for model "chat" failed after 3 attempts: #1–#3 a/m: provider answered 500');
  });

  it.each([500, 502, 504])('answers 502 when every attempt got the same %i: a failure, not word on when to come back', async (status) => {
    const r = await run([target('a')], [upstream(status, { retryAfter: 2 }), upstream(status, { retryAfter: 2 }), upstream(status, { retryAfter: 2 })]);
    expect(r.error).toMatchObject({ code: 'all_targets_failed', status: 502, retryAfter: undefined });
  });

  it('answers 503 with the last retry-after and rate-limit headers when every attempt found the upstream unavailable', async () => {
    const unavailable = (retryAfter: number) => new SwitchyardError('upstream_error', 'provider answered 503', { status: 503, retryable: true, retryAfter, passOnHeaders: { 'retry-after-ms': String(retryAfter * 1000) } });
    const r = await run([target('a'), target('b')], [unavailable(1), unavailable(1), unavailable(1), unavailable(2)], { policy: policy({ max_attempts: 2 }) });
    expect(r.error).toMatchObject({ code: 'all_targets_failed', status: 503, attemptsMade: 4, retryAfter: 2, passOnHeaders: { 'retry-after-ms': '2000' } });
    expect(r.error?.message).toBe('every target for model "chat" failed after 4 attempts: #1–#2 a/m: provider answered 503; #3–#4 b/m: provider answered 503');
    // One 503 among other failures is one failure among others: the 502 that names each.
    const mixed = await run([target('a')], [unavailable(1), upstream(500), unavailable(1)]);
    expect(mixed.error).toMatchObject({ status: 502, retryAfter: undefined, passOnHeaders: undefined });
  });

  it('answers 502 when only some attempts were rate limited, with no retry-after', async () => {
    const r = await run([target('a')], [upstream(429, { retryAfter: 1 }), upstream(503), upstream(429, { retryAfter: 1 })]);
    expect(r.error?.status).toBe(502);
    expect(r.error?.retryAfter).toBeUndefined();
  });

  it.each([408, 409])('answers %i when every attempt got it', async (status) => {
    const r = await run([target('a')], [upstream(status), upstream(status), upstream(status)]);
    expect(r.error).toMatchObject({ code: 'all_targets_failed', status, attemptsMade: 3 });
  });

  it('hands on the last attempt’s rate-limit headers, and the upstream’s type and code when every attempt named the limit alike', async () => {
    const limited = (type: string, remaining: string) =>
      new SwitchyardError('upstream_error', 'provider answered 429', { status: 429, retryable: true, vendorType: type, vendorCode: 'rate_limit_exceeded', retryAfter: 0.04, passOnHeaders: { 'retry-after-ms': '40', 'x-ratelimit-remaining-tokens': remaining } });
    const alike = await run([target('a'), target('b')], [limited('tokens', '5'), limited('tokens', '4'), limited('tokens', '3'), limited('tokens', '0')], { policy: policy({ max_attempts: 2 }) });
    expect(alike.error).toMatchObject({ status: 429, vendorType: 'tokens', vendorCode: 'rate_limit_exceeded', retryAfter: 0.04, passOnHeaders: { 'x-ratelimit-remaining-tokens': '0' } });
    // One target out of tokens, the other out of requests: neither name is the whole story.
    const mixed = await run([target('a'), target('b')], [limited('tokens', '0'), limited('requests', '0')], { policy: policy({ max_attempts: 1 }) });
    expect(mixed.error).toMatchObject({ status: 429, vendorType: undefined, vendorCode: undefined });
    const failed = await run([target('a')], [limited('tokens', '0'), upstream(503), upstream(503)]);
    expect(failed.error).toMatchObject({ status: 502, passOnHeaders: undefined, vendorType: undefined });
  });
});

describe('runAttempts: the client leaving', () => {
  it('stops at once when the signal is aborted during an attempt, with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new SwitchyardError('client_closed', 'client went away');
    const clock = recordingClock();
    const attempts: Attempt[] = [];
    let sends = 0;
    const error = await runAttempts('chat', [target('a'), target('b')], policy(), { clock, random: () => 0.5 }, controller.signal, attempts, async () => {
      sends++;
      controller.abort(reason);
      throw upstream(503);
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(sends).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('throws the attempt error when the abort reason is not ours', async () => {
    const controller = new AbortController();
    const failure = upstream(503);
    const error = await runAttempts('chat', [target('a')], policy(), { clock: recordingClock(), random: () => 0.5 }, controller.signal, [], async () => {
      controller.abort(new Error('plain'));
      throw failure;
    }).catch((e: unknown) => e);
    expect(error).toBe(failure);
  });

  it('stops after a backoff wait the client left during', async () => {
    const controller = new AbortController();
    const reason = new SwitchyardError('client_closed', 'client went away');
    const clock: Clock = {
      now: () => 0,
      sleep: async () => {
        controller.abort(reason);
        throw reason;
      },
    };
    let sends = 0;
    const error = await runAttempts('chat', [target('a')], policy(), { clock, random: () => 0.5 }, controller.signal, [], async () => {
      sends++;
      throw upstream(503);
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(sends).toBe(1);
  });
});

describe('runAttempts: failed attempts a provider bills', () => {
  const timedOut = () => billedFailure(new SwitchyardError('upstream_timeout', 'did not answer within 300 ms', { retryable: true }), 'attempt_timeout');

  it('remembers the target and why of each, once, for the cost stage to book', async () => {
    const cut = billedFailure(new SwitchyardError('upstream_unreachable', 'broke the connection', { retryable: true }), 'body_cut');
    const r = await run([target('a', 'x'), target('b', 'y')], [timedOut(), upstream(503), cut], { policy: policy({ max_attempts: 2 }) });
    expect(r.value?.target.provider.name).toBe('b');
    expect(r.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['a:0', 'a:503', 'b:0', 'b:200']);
    const taken = r.attempts.map((a) => takeBillable(a));
    expect(taken.map((b) => b && `${b.target.provider.name}/${b.target.model} ${b.why}`)).toEqual(['a/x attempt_timeout', undefined, 'b/y body_cut', undefined]);
    // Taken once: a second look finds nothing, so nothing is booked twice.
    expect(r.attempts.map((a) => takeBillable(a))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('leaves an attempt the client abandoned to the abandoned-call booking', async () => {
    const controller = new AbortController();
    const attempts: Attempt[] = [];
    await runAttempts('chat', [target('a')], policy(), { clock: recordingClock(), random: () => 0.5 }, controller.signal, attempts, async () => {
      controller.abort(new SwitchyardError('client_closed', 'client went away'));
      throw timedOut();
    }).catch(() => undefined);
    expect(attempts).toHaveLength(1);
    expect(takeBillable(attempts[0] as Attempt)).toBeUndefined();
  });
});

describe('runAttempts: circuit breakers', () => {
  const breaker = (over: Partial<ReturnType<typeof breakerSchema.parse>> = {}) => breakerSchema.parse({ consecutive_failures: 1, open_ms: 10_000, ...over });

  it('tells the breaker what each attempt says about its target', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker({ consecutive_failures: 100 }), clock);
    const results: string[] = [];
    const record = health.record.bind(health);
    health.record = (id: string, result: AttemptResult, latency: number) => {
      results.push(`${id}:${result}`);
      record(id, result, latency);
    };
    await run([target('a'), target('b'), target('c'), target('d')], [upstream(429, { retryAfter: 30 }), upstream(401), upstream(500), upstream(400)], { health, clock, policy: policy({ max_attempts: 1, max_retry_after_ms: 10 }) });
    expect(results).toEqual(['a/m:neutral', 'b/m:failure', 'c/m:failure', 'd/m:neutral']);
    const timeout = new SwitchyardError('upstream_timeout', 'slow', { retryable: true });
    const unreachable = new SwitchyardError('upstream_unreachable', 'down', { retryable: true });
    const guard = new SwitchyardError('invalid_request', 'no');
    results.length = 0;
    await run([target('e'), target('f'), target('g')], [timeout, unreachable, guard], { health, clock, policy: policy({ max_attempts: 1 }) });
    expect(results).toEqual(['e/m:failure', 'f/m:failure', 'g/m:neutral']);
    results.length = 0;
    await run([target('h')], [], { health, clock });
    expect(results).toEqual(['h/m:success']);
    // A fault of the gateway's own code (a 500 of its own) says nothing about the target.
    results.length = 0;
    await run([target('i')], [new Error('a bug in a translation')], { health, clock });
    expect(results).toEqual(['i/m:neutral']);
    // A target that cannot honour the request was never called: neutral, and the next one answers.
    results.length = 0;
    await run([target('j'), target('k')], [new SwitchyardError('unsupported', 'n=2 is not supported')], { health, clock });
    expect(results).toEqual(['j/m:neutral', 'k/m:success']);
    // An answer the client's format has no place for (a computer_call to a chat client): the
    // target answered, so its circuit is left alone; the 502 ends the call, its attempt booked.
    results.length = 0;
    const attempts: Attempt[] = [];
    const computer = unreadableItem('openai', 'computer-use-preview', 'computer_call') as SwitchyardError;
    await expect(runAttempts('chat', [target('l'), target('n')], policy(), { clock, random: () => 0.5, health }, new AbortController().signal, attempts, async () => {
      throw computer;
    })).rejects.toBe(computer);
    expect(results).toEqual(['l/m:neutral']);
    expect(attempts.map((a) => a.status)).toEqual([502]);
    expect(takeBillable(attempts[0] as Attempt)?.why).toBe('unreadable_item');
  });

  it('says nothing about a target’s health when the client left during its attempt, and records durations', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker({ consecutive_failures: 100 }), clock);
    const seen: { result: AttemptResult; latency: number }[] = [];
    const record = health.record.bind(health);
    health.record = (id: string, result: AttemptResult, latency: number) => {
      seen.push({ result, latency });
      record(id, result, latency);
    };
    const controller = new AbortController();
    const started = performance.now();
    await runAttempts('chat', [target('a')], policy(), { clock, random: () => 0.5, health }, controller.signal, [], async () => {
      controller.abort(new SwitchyardError('client_closed', 'gone'));
      throw upstream(503);
    }).catch(() => undefined);
    await run([target('b')], [], { health, clock });
    const elapsed = performance.now() - started;
    expect(seen.map((s) => s.result)).toEqual(['neutral', 'success']);
    for (const s of seen) expect(s.latency).toBeLessThanOrEqual(elapsed);
  });

  it('skips a target whose circuit is open and says so when the rest fail', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker(), clock);
    health.admit('a/m');
    health.record('a/m', 'failure', 1);
    const r = await run([target('a'), target('b')], [upstream(503)], { health, clock, policy: policy({ max_attempts: 1 }) });
    expect(r.sent).toEqual(['b/m']);
    expect(r.error?.code).toBe('all_targets_failed');
    expect(r.error?.message).toBe('every target for model "chat" failed after 1 attempt: #1 b/m: provider answered 503; skipped with an open circuit: a/m');
    const ok = await run([target('a'), target('c')], [], { health, clock });
    expect(ok.value?.skipped).toEqual(['a/m']);
    health.admit('e/m');
    health.record('e/m', 'failure', 1);
    const two = await run([target('a'), target('e'), target('d')], [upstream(503)], { health, clock, policy: policy({ max_attempts: 1 }) });
    expect(two.error?.message).toBe('every target for model "chat" failed after 1 attempt: #1 d/m: provider answered 503; skipped with an open circuit: a/m, e/m');
    expect(skipsOf(two.error)?.skipped).toEqual(['a/m', 'e/m']);
  });

  it('refuses at once when every circuit is open, saying when the first will be probed', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker({ open_ms: 10_000 }), clock);
    health.admit('a/m');
    health.record('a/m', 'failure', 1);
    clock.time += 2_500;
    health.admit('b/m');
    health.record('b/m', 'failure', 1);
    clock.time += 1_000;
    const r = await run([target('a'), target('b')], [], { health, clock });
    expect(r.sent).toEqual([]);
    expect(r.error?.code).toBe('unavailable');
    // a opened 3.5 s ago for 10 s: 6.5 s left, rounded up.
    expect(r.error?.retryAfter).toBe(7);
    expect(r.error?.message).toBe('every target for model "chat" has an open circuit after repeated failures (a/m; b/m); retry in 7 s');
  });

  it('says why each circuit opened when every one is open: the last failure of each target', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker({ open_ms: 10_000 }), clock);
    const failed = await run([target('a')], [upstream(503)], { health, clock, policy: policy({ max_attempts: 1 }) });
    expect(failed.error?.message).toMatch(/provider answered 503/);
    const r = await run([target('a')], [], { health, clock });
    expect(r.sent).toEqual([]);
    // Before, "(a/m)" alone: the refused connection or 401 that opened it was not said.
    expect(r.error?.message).toBe('every target for model "chat" has an open circuit after repeated failures (a/m, last: provider answered 503); retry in 10 s');
    expect(health.snapshot()[0]?.lastFailure).toBe('provider answered 503');
  });

  it('reads when to probe from this model’s own open targets, not from other models’ or closed ones', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker({ open_ms: 10_000 }), clock);
    // Another model's target opened first (its probe is due first) and a closed one is known too.
    health.admit('other/m');
    health.record('other/m', 'failure', 1);
    health.admit('closed/m');
    health.record('closed/m', 'success', 1);
    clock.time += 4_000;
    health.admit('a/m');
    health.record('a/m', 'failure', 1);
    clock.time += 3_000;
    const r = await run([target('a')], [], { health, clock });
    expect(r.error?.code).toBe('unavailable');
    // a opened 3 s ago for 10 s: 7 s left (other/m's probe is 3 s away, closed/m has none).
    expect(r.error?.retryAfter).toBe(7);
    expect(skipsOf(r.error)?.skipped).toEqual(['a/m']);
  });

  it('asks for at least a second when the first probe is due now', async () => {
    const clock = recordingClock();
    const health = new TargetHealth(breaker({ open_ms: 1_000 }), clock);
    health.admit('a/m');
    health.record('a/m', 'failure', 1);
    clock.time += 999.9;
    const r = await run([target('a')], [], { health, clock });
    expect(r.error?.retryAfter).toBe(1);
  });
});

describe('attemptLines', () => {
  const refused = { provider: 'sim', model: 'm', status: 0, error: 'cannot connect' };
  it('collapses runs of the same failure on the same target, and keeps different ones apart', () => {
    expect(attemptLines([refused, refused, refused])).toEqual(['#1–#3 sim/m: cannot connect']);
    expect(attemptLines([refused, { ...refused, error: 'timed out' }, refused])).toEqual(['#1 sim/m: cannot connect', '#2 sim/m: timed out', '#3 sim/m: cannot connect']);
    expect(attemptLines([refused, { ...refused, provider: 'other' }])).toEqual(['#1 sim/m: cannot connect', '#2 other/m: cannot connect']);
    expect(attemptLines([])).toEqual([]);
  });
});
