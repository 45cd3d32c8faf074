import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../core/errors.js';
import { parseTeam } from './key-input.js';

describe('team bodies', () => {
  it('take a budget and a rate limit, each optional', () => {
    expect(parseTeam({ budget: { usd: 100, period: 'monthly' }, rate_limit: { requests_per_minute: 600 } })).toEqual({
      budget: { usd: 100, period: 'monthly' },
      rateLimit: { requestsPerMinute: 600, tokensPerMinute: null },
    });
    expect(parseTeam({})).toEqual({ budget: null, rateLimit: null });
    expect(parseTeam({ rate_limit: {} })).toEqual({ budget: null, rateLimit: null });
  });

  it('name a wrong rate limit field and what was expected', () => {
    let error: SwitchyardError | undefined;
    try {
      parseTeam({ rate_limit: { requests_per_minute: -5 } });
    } catch (caught) {
      error = caught as SwitchyardError;
    }
    expect(error?.status).toBe(400);
    expect(error?.message).toContain('rate_limit.requests_per_minute');
    expect(() => parseTeam({ rate_limit: { rpm: 5 } })).toThrow(/rpm/);
  });
});
