import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../core/errors.js';
import type { StoredKey } from './key-store.js';
import { storedVirtualKey, toVirtualKey, type VirtualKey } from './keys.js';
import type { LimitStore, SeedSpend } from './limit-store.js';

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected a rejection');
}

const tokens = (estimatedTokens: number) => ({ estimatedTokens, reserveUsd: 0 });
const usd = (reserveUsd: number) => ({ estimatedTokens: 0, reserveUsd });

/**
 * The behaviour every LimitStore must have, run against each implementation. `fresh` returns
 * the stores of one shared state, as replicas see it: one for a single process (memory), two
 * clients of one server for Redis; assertions alternate between them.
 */
export function limitStoreContract(name: string, fresh: (seed?: SeedSpend) => Promise<LimitStore[]>): void {
  describe(`${name} limit store`, () => {
    const unique = () => `k${Math.random().toString(36).slice(2, 10)}`;
    // A secret of its own per key: a key's limits are counted by its identity, which a config key
    // takes from its secret (two keys of one secret are one key).
    const named = () => {
      const name = unique();
      return { key: `sk-sy-${name}`, name };
    };
    const budgeted = (usdBudget: number, period: 'total' | 'daily' | 'monthly' = 'total', team?: string): VirtualKey => ({
      ...toVirtualKey({ ...named(), budget: { usd: usdBudget, period }, team }),
    });

    it('admits exactly N requests in any sliding minute and says when to retry', async () => {
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const key = toVirtualKey({ ...named(), rate_limit: { requests_per_minute: 3 } });
      await a.admit(key, tokens(0), 1_000);
      await b.admit(key, tokens(0), 21_000);
      await a.admit(key, tokens(0), 41_000);
      const error = await rejection(b.admit(key, tokens(0), 60_999));
      expect(error.status).toBe(429);
      expect(error.message).toBe(`key "${key.name}" is over its rate limit of 3 requests per minute; retry in 1 s`);
      await b.admit(key, tokens(0), 61_000);
      await expect(a.admit(key, tokens(0), 61_001)).rejects.toThrow(/3 requests per minute/);
      expect((await b.usage(key, 61_001)).requestsLastMinute).toBe(3);
    });

    it('names a limit of one request in the singular', async () => {
      const [a] = (await fresh()) as [LimitStore];
      const key = toVirtualKey({ ...named(), rate_limit: { requests_per_minute: 1 } });
      await a.admit(key, tokens(0), 1_000);
      expect((await rejection(a.admit(key, tokens(0), 2_000))).message).toBe(`key "${key.name}" is over its rate limit of 1 request per minute; retry in 59 s`);
    });

    it('counts estimated tokens, then the real ones', async () => {
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const key = toVirtualKey({ ...named(), rate_limit: { tokens_per_minute: 1000 } });
      const admission = await a.admit(key, tokens(400), 1_000);
      await b.settle(key, admission, 900, 0, 1_001);
      const error = await rejection(a.admit(key, tokens(200), 1_002));
      expect(error.message).toContain('1000 tokens per minute (900 used)');
      expect((await b.usage(key, 1_003)).tokensLastMinute).toBe(900);
      // Entries leave the window one by one: the total follows them exactly.
      await a.admit(key, tokens(50), 30_000);
      expect((await b.usage(key, 61_000)).tokensLastMinute).toBe(500 + 50);
      expect((await b.usage(key, 61_001)).tokensLastMinute).toBe(50);
      expect((await a.usage(key, 90_000)).tokensLastMinute).toBe(0);
      await b.admit(key, tokens(1000), 90_001);
    });

    it('stops a key at its budget, starting from recorded spend, and resets with the period', async () => {
      const key = budgeted(1, 'daily');
      const day = Date.UTC(2026, 10, 25, 12);
      // The traces say 0.75 was spent today (and nothing the day after).
      const seed: SeedSpend = async (scope, since) => (scope.id === `key:${key.id}` && scope.key?.name === key.name && since === Date.UTC(2026, 10, 25) ? 0.75 : 0);
      const [a, b = a] = (await fresh(seed)) as [LimitStore, LimitStore?];
      const admission = await a.admit(key, usd(0.25), day);
      await b.settle(key, admission, 0, 0.25, day);
      const error = await rejection(a.admit(key, usd(0), day + 1));
      expect(error.code).toBe('budget_exceeded');
      expect(error.message).toBe(`key "${key.name}" has spent $1.0000 of its $1 daily budget`);
      expect((await b.usage(key, day + 2)).spendUsd).toBeCloseTo(1, 10);
      await a.admit(key, usd(0.5), day + 24 * 3_600_000);
    });

    it('holds a monthly budget through the month and resets it on the first of the next (UTC)', async () => {
      const key = budgeted(1, 'monthly');
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const early = Date.UTC(2026, 10, 2, 9);
      const admission = await a.admit(key, usd(1), early);
      await b.settle(key, admission, 0, 1, early);
      // Four weeks later, still November: a daily period would have reset long ago.
      const error = await rejection(b.admit(key, usd(0), Date.UTC(2026, 10, 30, 23, 59)));
      expect(error.code).toBe('budget_exceeded');
      expect(error.message).toBe(`key "${key.name}" has spent $1.0000 of its $1 monthly budget`);
      expect((await a.usage(key, Date.UTC(2026, 10, 30))).periodStart).toBe(Date.UTC(2026, 10, 1));
      await a.admit(key, usd(0.5), Date.UTC(2026, 11, 1));
    });

    it('counts a call settled at $0 with no reservation (an unpriced model under limits.unpriced: allow) in its rate window, not its budget', async () => {
      const key = toVirtualKey({ ...named(), budget: { usd: 1, period: 'total' }, rate_limit: { tokens_per_minute: 100 } });
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const first = await a.admit(key, tokens(10), 1_000);
      await b.settle(key, first, 95, 0, 1_001);
      expect(await b.usage(key, 1_002)).toMatchObject({ requestsLastMinute: 1, tokensLastMinute: 95, spendUsd: 0, reservedUsd: 0 });
      const error = await rejection(a.admit(key, tokens(10), 1_003));
      expect(error.code).toBe('rate_limited');
    });

    it('charges a call served without an admission (the store was unreachable) to its budget', async () => {
      const key = budgeted(1);
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      await a.chargeUnadmitted(key, 0.75, 1_000);
      await a.chargeUnadmitted(key, 0, 1_001);
      await expect(b.admit(key, usd(0.5), 1_002)).rejects.toThrow(/has spent \$0\.7500 of its \$1 total budget/);
      expect((await b.usage(key, 1_003)).spendUsd).toBeCloseTo(0.75, 10);
    });

    it('holds each request’s worst case until it settles, and frees the difference then', async () => {
      const key = budgeted(1);
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const first = await a.admit(key, usd(0.375), 1_000);
      const second = await b.admit(key, usd(0.375), 1_000);
      const refused = await rejection(a.admit(key, usd(0.375), 1_001));
      expect(refused.message).toBe(`key "${key.name}" has spent $0 of its $1 total budget and requests in flight hold $0.7500; this request may cost up to $0.3750`);
      expect(await b.usage(key, 1_001)).toMatchObject({ spendUsd: 0, reservedUsd: 0.75 });
      await b.settle(key, first, 10, 0.125, 1_002);
      // 0.125 spent + 0.375 held + 0.375 asked ≤ 1
      const third = await a.admit(key, usd(0.375), 1_003);
      expect(await a.usage(key, 1_003)).toMatchObject({ spendUsd: 0.125, reservedUsd: 0.75 });
      // A failed call settles at no cost: its whole hold comes back.
      await a.settle(key, second, 0, 0, 1_004);
      await b.settle(key, third, 0, 0, 1_004);
      expect(await b.usage(key, 1_005)).toMatchObject({ spendUsd: 0.125, reservedUsd: 0 });
    });

    it('charges a reservation whose request never settled (its replica died) at its worst case when it lapses', async () => {
      const key = budgeted(1);
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const lost = await a.admit(key, usd(0.75), 1_000);
      await expect(b.admit(key, usd(0.5), 1_001)).rejects.toThrow(/in flight hold \$0\.7500/);
      expect(await b.usage(key, lost.expiresAt - 1)).toMatchObject({ spendUsd: 0, reservedUsd: 0.75 });
      // What the provider billed for the lost call is unknown: its hold becomes spend, so the budget still holds.
      await expect(b.admit(key, usd(0.5), lost.expiresAt)).rejects.toThrow(/has spent \$0\.7500 of its \$1/);
      expect(await a.usage(key, lost.expiresAt)).toMatchObject({ spendUsd: 0.75, reservedUsd: 0 });
      await b.admit(key, usd(0.25), lost.expiresAt);
      expect(await a.usage(key, lost.expiresAt + 1)).toMatchObject({ spendUsd: 0.75, reservedUsd: 0.25 });
    });

    it('says when a budget is below the worst case of a single request', async () => {
      const key = budgeted(0.01);
      const [a] = (await fresh()) as [LimitStore];
      const error = await rejection(a.admit(key, usd(0.02), 1_000));
      expect(error.status).toBe(429);
      expect(error.message).toBe(`key "${key.name}": its $0.01 total budget is below the worst-case cost of this request ($0.0200); lower max_tokens or raise the budget`);
    });

    it('holds a team budget across the team’s keys', async () => {
      const team = unique();
      const one = { ...toVirtualKey({ ...named(), team }), teamBudget: { usd: 1, period: 'total' as const } };
      const two = { ...toVirtualKey({ ...named(), team }), teamBudget: { usd: 1, period: 'total' as const } };
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const admission = await a.admit(one, usd(0.5), 1_000);
      await b.admit(two, usd(0.5), 1_000);
      const error = await rejection(a.admit(two, usd(0.25), 1_001));
      expect(error.message).toBe(`team "${team}" has spent $0 of its $1 total budget and requests in flight hold $1.0000`);
      await a.settle(one, admission, 0, 0.25, 1_002);
      await b.admit(two, usd(0.25), 1_003);
      const scope = { id: `team:${team}`, kind: 'team' as const, name: team, budget: { usd: 1, period: 'total' as const } };
      expect(await a.budgetUsage(scope, 1_004)).toEqual({ spendUsd: 0.25, reservedUsd: 0.75, periodStart: 0 });
    });

    it('holds a team rate limit across the team’s keys, on top of each key’s own', async () => {
      const team = unique();
      const teamRateLimit = { requestsPerMinute: 3, tokensPerMinute: 100 };
      const one = { ...toVirtualKey({ ...named(), team, rate_limit: { requests_per_minute: 2 } }), teamRateLimit };
      const two = { ...toVirtualKey({ ...named(), team }), teamRateLimit };
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      await a.admit(one, tokens(10), 1_000);
      await b.admit(one, tokens(10), 1_001);
      expect((await rejection(a.admit(one, tokens(10), 1_002))).message).toBe(`key "${one.name}" is over its rate limit of 2 requests per minute; retry in 60 s`);
      const third = await b.admit(two, tokens(10), 1_003);
      const error = await rejection(a.admit(two, tokens(10), 1_004));
      expect(error.status).toBe(429);
      expect(error.message).toBe(`team "${team}" is over its rate limit of 3 requests per minute; retry in 60 s`);
      // Tokens too, corrected when a call settles: the third used 75, not 10. A minute after the
      // first call, the team's window holds 10 + 10 + 75 = 95 tokens minus the first call's 10.
      await b.settle(two, third, 75, 0, 1_005);
      expect((await rejection(a.admit(two, tokens(20), 61_000))).message).toBe(`team "${team}" is over its rate limit of 100 tokens per minute (85 used); retry in 1 s`);
      await b.admit(two, tokens(15), 61_000);
      // A key of another team, or of none, is not held by this team's limit.
      await a.admit(toVirtualKey({ ...named(), team: unique() }), tokens(10), 61_004);
      // What the dashboard shows beside the team's limit, whichever replica is asked: at 61,002 the
      // window holds the third call (75 tokens) and the one at 61,000 (15); the first two have left.
      const window = { id: `team:${team}`, kind: 'team' as const, name: team, limit: teamRateLimit };
      expect(await b.rateUsage(window, 61_002)).toEqual({ requestsLastMinute: 2, tokensLastMinute: 75 + 15 });
    });

    it('counts a key by its identity: a key made under a removed key’s name, or a config key given a new secret, starts anew; a rotation keeps the count; the team’s stays the team’s', async () => {
      const [a, b = a] = (await fresh()) as [LimitStore, LimitStore?];
      const name = unique();
      const team = unique();
      const limits = { budget: { usd: 1, period: 'total' as const }, rateLimit: { requestsPerMinute: 2, tokensPerMinute: null }, team, models: null };
      const stored = (hash: string, createdAt: number): StoredKey => ({ name, hash, prefix: 'sk-sy-', ...limits, createdAt, previousHash: null, previousValidUntil: null, olderSecrets: [], rotatedAt: null, revokedAt: null });
      const teamBudget = { usd: 10, period: 'total' as const };
      const first = storedVirtualKey(stored('h1', 1_000), teamBudget);
      await b.settle(first, await a.admit(first, usd(1), 2_000), 0, 1, 2_001);
      expect((await rejection(a.admit(first, usd(0), 2_002))).code).toBe('budget_exceeded');
      // The same key rotated (a new secret, the same row): the same spend and window.
      const rotated = storedVirtualKey(stored('h2', 1_000), teamBudget);
      expect((await rejection(b.admit(rotated, usd(0), 2_003))).message).toBe(`key "${name}" has spent $1.0000 of its $1 total budget`);
      expect(await a.usage(rotated, 2_004)).toMatchObject({ spendUsd: 1, requestsLastMinute: 1 });
      // Revoked, then another key made under its name: its own budget and its own minute.
      const next = storedVirtualKey(stored('h3', 3_000), teamBudget);
      expect(await b.usage(next, 3_001)).toMatchObject({ spendUsd: 0, requestsLastMinute: 0 });
      await b.settle(next, await a.admit(next, usd(0.5), 3_002), 0, 0.5, 3_003);
      // Config keys: a new secret under the same name is a new key.
      const config = (secret: string) => toVirtualKey({ key: secret, name: `${name}-config`, rate_limit: { requests_per_minute: 1 } });
      await a.admit(config('sk-sy-one-secret'), tokens(0), 3_004);
      await b.admit(config('sk-sy-another'), tokens(0), 3_005);
      expect((await rejection(a.admit(config('sk-sy-one-secret'), tokens(0), 3_006))).code).toBe('rate_limited');
      // The team counts every key it had, whatever their names: 1 + 0.5.
      const scope = { id: `team:${team}`, kind: 'team' as const, name: team, budget: teamBudget };
      expect(await b.budgetUsage(scope, 3_007)).toEqual({ spendUsd: 1.5, reservedUsd: 0, periodStart: 0 });
    });

    it('holds the rate limit exactly under concurrent admissions', async () => {
      const stores = await fresh();
      const key = toVirtualKey({ ...named(), rate_limit: { requests_per_minute: 10 } });
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (stores[i % stores.length] as LimitStore).admit(key, tokens(0), 5_000)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    });

    it('never overspends when concurrent requests admit and settle against one budget', async () => {
      const stores = await fresh();
      const key = budgeted(1);
      const reserve = 1 / 16;
      let now = 10_000;
      let admitted = 0;
      // 32 workers, alternating replicas, each spending a random part of its reservation until refused.
      const worker = async (i: number) => {
        const store = stores[i % stores.length] as LimitStore;
        for (;;) {
          let admission;
          try {
            admission = await store.admit(key, usd(reserve), now++);
          } catch (error) {
            if ((error as SwitchyardError).code === 'budget_exceeded') return;
            throw error;
          }
          admitted++;
          await store.settle(key, admission, 0, reserve * ((admitted * 7919) % 100) / 100, now++);
        }
      };
      await Promise.all(Array.from({ length: 32 }, (_, i) => worker(i)));
      const usage = await (stores[0] as LimitStore).usage(key, now);
      expect(usage.reservedUsd).toBe(0);
      expect(usage.spendUsd).toBeLessThanOrEqual(1);
      // Refusals start only once the next worst case no longer fits.
      expect(usage.spendUsd).toBeGreaterThan(1 - reserve);
      expect(admitted).toBeGreaterThan(16);
    });
  });
}
