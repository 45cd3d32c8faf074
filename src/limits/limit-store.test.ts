import { describe, expect, it } from 'vitest';
import type { VirtualKey } from './keys.js';
import { budgetExceeded, budgetScopes, periodStart, rateLimited, rateScopes, seedFrom, WINDOW_MS } from './limit-store.js';

const key = (over: Partial<VirtualKey> = {}): VirtualKey => ({ id: 'ks_k', name: 'k', hash: 'h', team: null, teamBudget: null, models: null, budget: null, rateLimit: null, ...over });
const daily = { usd: 2, period: 'daily' as const };

describe('budgetScopes', () => {
  it('holds a key to its own budget and to its team’s, when each has one', () => {
    expect(budgetScopes(key())).toEqual([]);
    expect(budgetScopes(key({ budget: daily }))).toEqual([{ id: 'key:ks_k', kind: 'key', name: 'k', budget: daily, key: { id: 'ks_k', name: 'k' } }]);
    expect(budgetScopes(key({ team: 'cx', teamBudget: null }))).toEqual([]);
    expect(budgetScopes(key({ team: null, teamBudget: daily }))).toEqual([]);
    expect(budgetScopes(key({ team: 'cx', teamBudget: daily }))).toEqual([{ id: 'team:cx', kind: 'team', name: 'cx', budget: daily }]);
  });
});

describe('periodStart', () => {
  const now = Date.UTC(2026, 10, 30, 17, 45, 12);
  it('starts a total budget at 0, a daily one at UTC midnight, a monthly one on the 1st', () => {
    expect(periodStart('total', now)).toBe(0);
    expect(periodStart('daily', now)).toBe(Date.UTC(2026, 10, 30));
    expect(periodStart('monthly', now)).toBe(Date.UTC(2026, 10, 1));
  });
});

describe('seedFrom', () => {
  it('reads recorded spend by scope id, 0 when none', async () => {
    const seed = seedFrom(new Map([['key:k', 1.5]]));
    expect(await seed({ id: 'key:k', kind: 'key', name: 'k', budget: daily }, 0)).toBe(1.5);
    expect(await seed({ id: 'team:cx', kind: 'team', name: 'cx', budget: daily }, 0)).toBe(0);
  });
});

describe('budgetExceeded', () => {
  const scope = { id: 'key:k', kind: 'key' as const, name: 'k', budget: daily };

  it('says when one request could cost more than the whole budget', () => {
    const error = budgetExceeded(scope, 0, 0, 2.5);
    expect(error).toMatchObject({ code: 'budget_exceeded', status: 429 });
    expect(error.message).toBe('key "k": its $2 daily budget is below the worst-case cost of this request ($2.5000); lower max_tokens or raise the budget');
  });

  it('counts a request that may cost exactly the budget as one that fits it, and names spend, holds and the request', () => {
    const error = budgetExceeded(scope, 0.5, 0.25, 2);
    expect(error).toMatchObject({ code: 'budget_exceeded', status: 429 });
    expect(error.message).toMatch(/^key "k" has spent \$0\.5000 of its \$2 daily budget/);
    expect(error.message).toContain('$0.2500');
    expect(error.message).toContain('this request may cost up to $2.0000');
  });

  it('shows a small model’s sub-cent figures as every dollar amount is shown (usd), never as $0.0000', () => {
    // As refused on two replicas: $0.005 budget, a stream of at most 50 tokens at $0.60/M.
    const error = budgetExceeded({ ...scope, budget: { usd: 0.005, period: 'total' } }, 0.00496155, 0.0000312, 0.0000525);
    expect(error.message).toBe('key "k" has spent $0.004962 of its $0.005 total budget and requests in flight hold $0.0000312; this request may cost up to $0.0000525');
  });

  it('says nothing spent as $0, as every other report does', () => {
    expect(budgetExceeded(scope, 0, 2, 1).message).toBe('key "k" has spent $0 of its $2 daily budget and requests in flight hold $2.0000');
  });

  it('does not quote the request when the budget is spent already', () => {
    const error = budgetExceeded(scope, 2, 0, 0.1);
    expect(error.status).toBe(429);
    expect(error.message).not.toContain('this request may cost');
  });
});

describe('rateScopes', () => {
  it('counts every key in its own window, and in its team’s when the team has a rate limit', () => {
    const rpm = { requestsPerMinute: 5, tokensPerMinute: null };
    expect(rateScopes(key())).toEqual([{ id: 'key:ks_k', kind: 'key', name: 'k', limit: null }]);
    expect(rateScopes(key({ team: 'cx', rateLimit: rpm }))).toEqual([{ id: 'key:ks_k', kind: 'key', name: 'k', limit: rpm }]);
    expect(rateScopes(key({ team: 'cx', teamRateLimit: rpm }))).toEqual([
      { id: 'key:ks_k', kind: 'key', name: 'k', limit: null },
      { id: 'team:cx', kind: 'team', name: 'cx', limit: rpm },
    ]);
    expect(rateScopes(key({ team: null, teamRateLimit: rpm }))).toHaveLength(1);
  });
});

describe('rateLimited', () => {
  const now = 1_000_000;
  const scope = { id: 'key:k', kind: 'key' as const, name: 'k', limit: null };
  it('says to retry when the oldest counted request leaves the window', () => {
    const error = rateLimited(scope, 'requests', '3 requests per minute', now - 45_500, now);
    // Exact (retry-after-ms); the message and retry-after round up to whole seconds.
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 14.5 });
    expect(error.message).toBe('key "k" is over its rate limit of 3 requests per minute; retry in 15 s');
  });

  it('waits at least a millisecond, and a whole window when nothing is counted', () => {
    expect(rateLimited(scope, 'requests', 'x', now - WINDOW_MS, now).retryAfter).toBe(0.001);
    const team = rateLimited({ ...scope, kind: 'team', name: 'cx' }, 'tokens', 'x', undefined, now);
    expect(team.retryAfter).toBe(60);
    expect(team.message).toBe('team "cx" is over its rate limit of x; retry in 60 s');
  });
});

