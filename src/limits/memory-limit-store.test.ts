import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { KeyRegistry, presentedSecret, toVirtualKey } from './keys.js';
import { MemoryLimitStore } from './memory-limit-store.js';

const key = toVirtualKey({ key: 'sk-sy-limited', name: 'limited', rate_limit: { requests_per_minute: 3, tokens_per_minute: 1000 } });

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected a rejection');
}

describe('MemoryLimitStore', () => {
  it('admits exactly N requests in any sliding minute', async () => {
    const limits = new MemoryLimitStore();
    await limits.admit(key, 0, 0);
    await limits.admit(key, 0, 20_000);
    await limits.admit(key, 0, 40_000);
    const error = await rejection(limits.admit(key, 0, 59_999));
    expect(error.status).toBe(429);
    expect(error.message).toBe('key "limited" is over its rate limit of 3 requests per minute; retry in 1 s');
    expect(error.retryAfter).toBe(1);
    await limits.admit(key, 0, 60_000); // the first request left the window
    await expect(limits.admit(key, 0, 60_001)).rejects.toThrow(/3 requests per minute/);
  });

  it('counts estimated tokens, then the real ones', async () => {
    const limits = new MemoryLimitStore();
    await limits.admit(key, 400, 0);
    await limits.record(key, 400, 900, 0, 1);
    const error = await rejection(limits.admit(key, 200, 2));
    expect(error.message).toContain('1000 tokens per minute (900 used)');
    expect((await limits.usage(key, 3)).tokensLastMinute).toBe(900);
  });

  it('stops a key at its budget and resets it with the period', async () => {
    const budgeted = toVirtualKey({ key: 'sk-sy-budget', name: 'team-a', budget: { usd: 1, period: 'daily' } });
    const day = Date.UTC(2026, 10, 25, 12);
    const limits = new MemoryLimitStore(new Map([['team-a', 0.75]]));
    await limits.admit(budgeted, 0, day);
    await limits.record(budgeted, 0, 0, 0.25, day);
    const error = await rejection(limits.admit(budgeted, 0, day + 1));
    expect(error.code).toBe('budget_exceeded');
    expect(error.message).toBe('key "team-a" has spent $1.0000 of its $1 daily budget');
    await limits.admit(budgeted, 0, day + 24 * 3_600_000);
  });
});

describe('KeyRegistry', () => {
  it('finds keys by the hash of their secret and reads both header styles', () => {
    const registry = new KeyRegistry([key]);
    expect(registry.find('sk-sy-limited')?.name).toBe('limited');
    expect(registry.find('sk-sy-other')).toBeUndefined();
    expect(key.hash).not.toContain('limited');
    expect(presentedSecret({ authorization: 'Bearer sk-a' })).toBe('sk-a');
    expect(presentedSecret({ 'x-api-key': 'sk-b' })).toBe('sk-b');
    expect(presentedSecret({})).toBeUndefined();
  });
});
