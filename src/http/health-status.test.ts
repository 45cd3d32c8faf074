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
});
