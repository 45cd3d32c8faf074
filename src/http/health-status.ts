/** Where limits live, whether the store answered the last ping, and what a call does when it does not. */
export interface LimitHealth {
  store: 'memory' | 'redis';
  reachable: boolean;
  on_error: 'open' | 'closed';
}

export interface HealthStatus {
  /** `ok`, or `degraded` while the replica answers but cannot do all of its job. */
  status: 'ok' | 'degraded';
  /** Why it is degraded, in words an operator can act on; absent when `ok`. */
  degraded?: string[];
}

/**
 * The `status` of `/health` (answered with HTTP 200 either way). A replica whose limit store is
 * unreachable is `degraded`: under `on_error: closed` it refuses every call of a key with limits,
 * under `open` it serves them with no budget or rate limit. It stays 200 because a Redis outage
 * hits every replica at once, and a load balancer that drops them all serves nobody; one that
 * should drain a degraded replica can read `status`.
 *
 * @example healthStatus({ store: 'redis', reachable: false, on_error: 'closed' }).status // 'degraded'
 */
export function healthStatus(limits: LimitHealth): HealthStatus {
  if (limits.reachable) return { status: 'ok' };
  const effect =
    limits.on_error === 'closed'
      ? 'calls of keys with limits are refused with 503 (limits.on_error: closed)'
      : 'calls of keys with limits are served without budgets or rate limits (limits.on_error: open)';
  return { status: 'degraded', degraded: [`limit store unreachable: ${effect}`] };
}
