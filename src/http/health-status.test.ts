import { describe, expect, it } from 'vitest';
import { healthStatus } from './health-status.js';

describe('healthStatus', () => {
  it('is ok while the limit store answers, whatever the policy', () => {
    expect(healthStatus({ store: 'redis', reachable: true, on_error: 'closed' })).toEqual({ status: 'ok' });
    expect(healthStatus({ store: 'memory', reachable: true, on_error: 'open' })).toEqual({ status: 'ok' });
  });

  it('is degraded while Redis is unreachable, saying what that does under each policy', () => {
    expect(healthStatus({ store: 'redis', reachable: false, on_error: 'closed' })).toEqual({
      status: 'degraded',
      degraded: ['limit store unreachable: calls of keys with limits are refused with 503 (limits.on_error: closed)'],
    });
    expect(healthStatus({ store: 'redis', reachable: false, on_error: 'open' })).toEqual({
      status: 'degraded',
      degraded: ['limit store unreachable: calls of keys with limits are served without budgets or rate limits (limits.on_error: open)'],
    });
  });

  it('is degraded while the trace store refuses every batch, saying how long and what waits', () => {
    // Before, "ok" while 323 traces piled up in memory behind an unreachable PostgreSQL.
    const failing = { since: 1_000, error: 'store.postgres: cannot connect to postgres://postgres@127.0.0.1:5341/sy: connect ECONNREFUSED 127.0.0.1:5341' };
    expect(healthStatus({ store: 'redis', reachable: true, on_error: 'closed' }, { failing, pending: 323, now: 13_400 })).toEqual({
      status: 'degraded',
      degraded: [
        'trace store failing for 12 s: calls are answered and 323 traces wait in memory until it takes them (past 10,000 without their bodies); last error: store.postgres: cannot connect to postgres://postgres@127.0.0.1:5341/sy: connect ECONNREFUSED 127.0.0.1:5341',
      ],
    });
    expect(healthStatus({ store: 'redis', reachable: false, on_error: 'open' }, { failing, pending: 1, now: 1_000 }).degraded).toHaveLength(2);
    expect(healthStatus({ store: 'memory', reachable: true, on_error: 'closed' }, { failing: undefined, pending: 5, now: 0 })).toEqual({ status: 'ok' });
  });
});
