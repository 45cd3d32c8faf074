import { describe, expect, it } from 'vitest';
import type { VirtualKey } from './keys.js';
import type { BudgetScope } from './limit-store.js';
import { MemoryLimitStore } from './memory-limit-store.js';

const key = (over: Partial<VirtualKey> = {}): VirtualKey => ({ id: 'ks_k', name: 'k', hash: 'h', team: null, teamBudget: null, models: null, budget: null, rateLimit: null, ...over });
const tpm = (tokensPerMinute: number) => key({ rateLimit: { requestsPerMinute: null, tokensPerMinute } });

describe('MemoryLimitStore specifics', () => {
  it('reads a budget\'s spend again after a failed read: a trace store that was down once is not down forever', async () => {
    let down = true;
    const store = new MemoryLimitStore(async () => {
      if (down) throw new Error('store.postgres: cannot connect to postgres://postgres@127.0.0.1:1/test: connect ECONNREFUSED');
      return 0.4;
    });
    const budgeted = key({ budget: { usd: 1, period: 'total' } });
    await expect(store.admit(budgeted, { estimatedTokens: 1, reserveUsd: 0.1 }, 1_000)).rejects.toThrow('cannot connect');
    down = false;
    // Before, the failed read was kept and every call of the key refused until the process restarted.
    await store.admit(budgeted, { estimatedTokens: 1, reserveUsd: 0.1 }, 1_001);
    expect(await store.usage(budgeted, 1_002)).toMatchObject({ spendUsd: 0.4, reservedUsd: 0.1 });
  });

  it('admits a request up to exactly the token limit, and a first request larger than it', async () => {
    const store = new MemoryLimitStore();
    await store.admit(tpm(100), { estimatedTokens: 60, reserveUsd: 0 }, 1_000);
    await store.admit(tpm(100), { estimatedTokens: 40, reserveUsd: 0 }, 1_001);
    await expect(store.admit(tpm(100), { estimatedTokens: 1, reserveUsd: 0 }, 1_002)).rejects.toThrow('100 tokens per minute (100 used)');
    const other = new MemoryLimitStore();
    await other.admit(tpm(100), { estimatedTokens: 500, reserveUsd: 0 }, 1_000);
    expect((await other.usage(tpm(100), 1_000)).tokensLastMinute).toBe(500);
  });

  it('counts no token entry for a request estimated (or settled) at zero tokens', async () => {
    const store = new MemoryLimitStore();
    const admission = await store.admit(tpm(100), { estimatedTokens: 0, reserveUsd: 0 }, 1_000);
    await store.settle(tpm(100), admission, 0, 0, 1_001);
    // Nothing counted yet, so a first large request still gets in.
    await store.admit(tpm(100), { estimatedTokens: 500, reserveUsd: 0 }, 1_002);
  });

  it('settles a key without a budget at once, with no promise to wait for, and one with a budget after its spend is read', async () => {
    const store = new MemoryLimitStore();
    const k = tpm(1_000);
    const admission = await store.admit(k, { estimatedTokens: 10, reserveUsd: 0 }, 1_000);
    expect(store.settle(k, admission, 25, 0, 1_001)).toBeUndefined();
    expect((await store.usage(k, 1_002)).tokensLastMinute).toBe(25);
    const budgeted = key({ id: 'ks_b', name: 'b', budget: { usd: 1, period: 'total' }, rateLimit: { requestsPerMinute: null, tokensPerMinute: 1_000 } });
    const held = await store.admit(budgeted, { estimatedTokens: 10, reserveUsd: 0.5 }, 1_000);
    const settling = store.settle(budgeted, held, 30, 0.25, 1_001);
    expect(settling).toBeInstanceOf(Promise);
    await settling;
    expect(await store.usage(budgeted, 1_002)).toMatchObject({ tokensLastMinute: 30, spendUsd: 0.25, reservedUsd: 0 });
  });

  it('keeps a key without limits to about a minute of requests, counting them all', async () => {
    const store = new MemoryLimitStore();
    // 10 requests a second for ten minutes, never checked against a limit.
    for (let i = 0; i < 6_000; i++) await store.admit(key(), { estimatedTokens: 3, reserveUsd: 0 }, i * 100);
    const windows = (store as unknown as { windows: Map<string, { requests: { held: number }; tokens: { held: number } }> }).windows;
    const held = windows.get('key:ks_k');
    // A minute is 600 requests; entries are dropped at most 1024 additions late.
    expect(held?.requests.held).toBeLessThanOrEqual(600 + 1_024 + 1_024);
    expect(held?.tokens.held).toBeLessThanOrEqual(600 + 1_024 + 1_024);
    expect(await store.usage(key(), 5_999 * 100)).toMatchObject({ requestsLastMinute: 600, tokensLastMinute: 1_800 });
  });

  it('reserves nothing for a key without a budget', async () => {
    const store = new MemoryLimitStore();
    const admission = await store.admit(key(), { estimatedTokens: 1, reserveUsd: 5 }, 1_000);
    expect(admission.reservedUsd).toBe(0);
    expect(admission.expiresAt).toBe(1_000 + 15 * 60_000);
  });

  it('reports a key’s own spend and period, not its team’s', async () => {
    const store = new MemoryLimitStore();
    const teamOnly = key({ team: 'cx', teamBudget: { usd: 10, period: 'monthly' } });
    const admission = await store.admit(teamOnly, { estimatedTokens: 1, reserveUsd: 1 }, Date.UTC(2026, 5, 15));
    await store.settle(teamOnly, admission, 1, 0.5, Date.UTC(2026, 5, 15));
    expect(await store.usage(teamOnly, Date.UTC(2026, 5, 15))).toMatchObject({ spendUsd: 0, reservedUsd: 0, periodStart: 0 });
    const dailyKey = key({ budget: { usd: 1, period: 'daily' } });
    expect((await store.usage(dailyKey, Date.UTC(2026, 5, 15, 13))).periodStart).toBe(Date.UTC(2026, 5, 15));
  });

  it('reads a scope’s recorded spend once per period, however many requests ask at once', async () => {
    const reads: string[] = [];
    const store = new MemoryLimitStore(async (scope: BudgetScope, since: number) => {
      reads.push(`${scope.id}@${since}`);
      return 0.25;
    });
    const budgeted = key({ budget: { usd: 1, period: 'daily' } });
    const day = Date.UTC(2026, 5, 15);
    await Promise.all([store.admit(budgeted, { estimatedTokens: 1, reserveUsd: 0.1 }, day), store.admit(budgeted, { estimatedTokens: 1, reserveUsd: 0.1 }, day + 1)]);
    await store.admit(budgeted, { estimatedTokens: 1, reserveUsd: 0.1 }, day + 2);
    expect(reads).toEqual([`key:ks_k@${day}`]);
    expect((await store.usage(budgeted, day + 3)).spendUsd).toBe(0.25);
    await store.admit(budgeted, { estimatedTokens: 1, reserveUsd: 0.1 }, day + 86_400_000);
    expect(reads).toEqual([`key:ks_k@${day}`, `key:ks_k@${day + 86_400_000}`]);
  });

  it('forgets requests that left the window, also after thousands of them', async () => {
    const store = new MemoryLimitStore();
    const limited = key({ rateLimit: { requestsPerMinute: 5_000, tokensPerMinute: null } });
    for (let i = 0; i < 3_000; i++) await store.admit(limited, { estimatedTokens: 1, reserveUsd: 0 }, 1_000 + i);
    expect((await store.usage(limited, 1_000 + 60_000 + 1_499)).requestsLastMinute).toBe(1_500);
    for (let i = 0; i < 10; i++) await store.admit(limited, { estimatedTokens: 1, reserveUsd: 0 }, 100_000 + i);
    expect(await store.usage(limited, 100_010)).toMatchObject({ requestsLastMinute: 10, tokensLastMinute: 10 });
  });
});
