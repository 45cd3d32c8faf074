import { describe, expect, it } from 'vitest';
import { breakerSchema } from '../config/cache-schema.js';
import type { Clock } from '../core/clock.js';
import { TargetHealth } from './target-health.js';

function manualClock(): Clock & { at: number } {
  const clock = { at: 1_000_000, now: () => clock.at, sleep: async () => undefined };
  return clock;
}

const config = breakerSchema.parse({ consecutive_failures: 3, failure_rate: 0.5, min_attempts: 10, window_ms: 10_000, open_ms: 1_000, max_open_ms: 4_000 });

function attempt(health: TargetHealth, result: 'success' | 'failure' | 'neutral', latency = 100): boolean {
  if (!health.admit('p/m')) return false;
  health.record('p/m', result, latency);
  return true;
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures and refuses until its wait is over', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    attempt(health, 'failure');
    attempt(health, 'failure');
    expect(health.state('p/m')).toBe('closed');
    attempt(health, 'failure');
    expect(health.state('p/m')).toBe('open');
    expect(health.admit('p/m')).toBe(false);
    clock.at += 999;
    expect(health.admit('p/m')).toBe(false);
    expect(health.snapshot()[0]).toMatchObject({ target: 'p/m', state: 'open', retryAt: clock.at + 1, opened: 1 });
  });

  it('lets exactly one probe through when half open; its success closes the circuit', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    for (let i = 0; i < 3; i++) attempt(health, 'failure');
    clock.at += 1_000;
    expect(health.state('p/m')).toBe('half_open');
    expect(health.admit('p/m')).toBe(true);
    expect(health.admit('p/m')).toBe(false);
    health.record('p/m', 'success', 50);
    expect(health.state('p/m')).toBe('closed');
    expect(health.admit('p/m')).toBe(true);
    expect(health.admit('p/m')).toBe(true);
  });

  it('reopens for twice as long when the probe fails, up to the maximum', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    for (let i = 0; i < 3; i++) attempt(health, 'failure');
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const opened = clock.at;
      while (!health.admit('p/m')) clock.at += 100;
      waits.push(clock.at - opened);
      health.record('p/m', 'failure', 10);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 4_000]);
  });

  it('a neutral result (rate limit, client error) neither trips nor closes it, and frees the probe', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    for (let i = 0; i < 10; i++) attempt(health, 'neutral');
    expect(health.state('p/m')).toBe('closed');
    for (let i = 0; i < 3; i++) attempt(health, 'failure');
    clock.at += 1_000;
    expect(attempt(health, 'neutral')).toBe(true);
    expect(health.state('p/m')).toBe('half_open');
    expect(health.admit('p/m')).toBe(true);
  });

  it('opens on the failure rate over the window once it has enough attempts', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    // Alternating: never 3 in a row, but half of all attempts fail.
    for (let i = 0; i < 9; i++) {
      attempt(health, i % 2 === 0 ? 'failure' : 'success');
      clock.at += 10;
    }
    expect(health.state('p/m')).toBe('closed');
    attempt(health, 'failure');
    expect(health.snapshot()[0]).toMatchObject({ windowAttempts: 10, windowFailures: 6, windowMs: 10_000 });
    expect(health.state('p/m')).toBe('open');
  });

  it('forgets failures older than the window', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    for (let i = 0; i < 9; i++) attempt(health, i % 3 === 2 ? 'success' : 'failure');
    clock.at += 10_001;
    attempt(health, 'failure');
    expect(health.snapshot()[0]).toMatchObject({ windowAttempts: 1, state: 'closed' });
  });

  it('keeps recent latency (forgotten after the window) and requests in flight per target, and never opens when disabled', () => {
    const clock = manualClock();
    const health = new TargetHealth(breakerSchema.parse({ enabled: false }), clock);
    health.admit('a/x');
    health.record('a/x', 'success', 100);
    health.admit('a/x');
    health.record('a/x', 'success', 200);
    expect(health.latencyOf('a/x')).toBeCloseTo(130);
    clock.at += 30_001;
    expect(health.latencyOf('a/x')).toBe(null);
    health.admit('a/x');
    expect(health.inFlightOf('a/x')).toBe(1);
    for (let i = 0; i < 50; i++) attempt(health, 'failure');
    expect(health.state('p/m')).toBe('closed');
  });
});

describe('rate-limit headroom', () => {
  it('reads OpenAI and Anthropic rate-limit headers as the smaller share left, and forgets it after the window', () => {
    const clock = manualClock();
    const health = new TargetHealth(config, clock);
    health.observeHeaders('openai/x', { 'x-ratelimit-limit-requests': '1000', 'x-ratelimit-remaining-requests': '900', 'x-ratelimit-limit-tokens': '10000', 'x-ratelimit-remaining-tokens': '2500' });
    health.observeHeaders('anthropic/y', { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '5', 'anthropic-ratelimit-tokens-limit': '8000', 'anthropic-ratelimit-tokens-remaining': '8000' });
    health.observeHeaders('other/z', { 'x-request-id': 'abc' });
    expect(health.headroomOf('openai/x')).toBe(0.25);
    expect(health.headroomOf('anthropic/y')).toBe(0.1);
    expect(health.headroomOf('other/z')).toBe(null);
    clock.at += 10_001;
    expect(health.headroomOf('openai/x')).toBe(null);
  });
});
