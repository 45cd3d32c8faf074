import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../core/errors.js';
import { toVirtualKey } from './keys.js';
import type { LimitStore } from './limit-store.js';

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected a rejection');
}

/**
 * The behaviour every LimitStore must have, run against each implementation. `fresh` returns a
 * store with no history (and the given spend already recorded per key name).
 */
export function limitStoreContract(name: string, fresh: (initialSpend?: Map<string, number>) => Promise<LimitStore>): void {
  describe(`${name} limit store`, () => {
    const unique = () => `k${Math.random().toString(36).slice(2, 10)}`;

    it('admits exactly N requests in any sliding minute and says when to retry', async () => {
      const limits = await fresh();
      const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: unique(), rate_limit: { requests_per_minute: 3 } });
      await limits.admit(key, 0, 1_000);
      await limits.admit(key, 0, 21_000);
      await limits.admit(key, 0, 41_000);
      const error = await rejection(limits.admit(key, 0, 60_999));
      expect(error.status).toBe(429);
      expect(error.message).toBe(`key "${key.name}" is over its rate limit of 3 requests per minute; retry in 1 s`);
      await limits.admit(key, 0, 61_000);
      await expect(limits.admit(key, 0, 61_001)).rejects.toThrow(/3 requests per minute/);
      expect((await limits.usage(key, 61_001)).requestsLastMinute).toBe(3);
    });

    it('counts estimated tokens, then the real ones', async () => {
      const limits = await fresh();
      const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: unique(), rate_limit: { tokens_per_minute: 1000 } });
      await limits.admit(key, 400, 1_000);
      await limits.record(key, 400, 900, 0, 1_001);
      const error = await rejection(limits.admit(key, 200, 1_002));
      expect(error.message).toContain('1000 tokens per minute (900 used)');
      expect((await limits.usage(key, 1_003)).tokensLastMinute).toBe(900);
    });

    it('stops a key at its budget, starting from recorded spend, and resets with the period', async () => {
      const name = unique();
      const limits = await fresh(new Map([[name, 0.75]]));
      const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name, budget: { usd: 1, period: 'daily' } });
      const day = Date.UTC(2026, 10, 25, 12);
      await limits.admit(key, 0, day);
      await limits.record(key, 0, 0, 0.25, day);
      const error = await rejection(limits.admit(key, 0, day + 1));
      expect(error.code).toBe('budget_exceeded');
      expect(error.message).toBe(`key "${name}" has spent $1.0000 of its $1 daily budget`);
      expect((await limits.usage(key, day + 2)).spendUsd).toBeCloseTo(1, 10);
      await limits.admit(key, 0, day + 24 * 3_600_000);
    });

    it('holds the limit exactly under concurrent admissions', async () => {
      const limits = await fresh();
      const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: unique(), rate_limit: { requests_per_minute: 10 } });
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => limits.admit(key, 0, 5_000)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    });
  });
}
