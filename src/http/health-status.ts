import type { SpendSourceHealth } from '../limits/spend-source.js';

/** Where limits live, whether the store answered the last ping, and what a call does when it does not. */
export interface LimitHealth {
  store: 'memory' | 'redis';
  reachable: boolean;
  on_error: 'open' | 'closed';
  /** The trace store budgets' spend is read from, shown once a read of it failed and until one succeeds. */
  spend_source?: SpendSourceHealth;
}

export interface HealthStatus {
  /** `ok`, or `degraded` while the replica answers but cannot do all of its job. */
  status: 'ok' | 'degraded';
  /** Why it is degraded, in words an operator can act on; absent when `ok`. */
  degraded?: string[];
}

/**
 * The `status` of `/health` (answered with HTTP 200 either way). A replica whose limit store is
 * unreachable is `degraded` (as is one whose trace store refuses every batch: its calls are still
 * answered, their traces held in memory): under `on_error: closed` it refuses every call of a key with limits,
 * under `open` it serves them with no budget or rate limit. It stays 200 because a Redis outage
 * hits every replica at once, and a load balancer that drops them all serves nobody; one that
 * should drain a degraded replica can read `status`.
 *
 * @example healthStatus({ store: 'redis', reachable: false, on_error: 'closed' }).status // 'degraded'
 */
export function healthStatus(limits: LimitHealth, traces?: TraceStoreHealth): HealthStatus {
  const degraded: string[] = [];
  if (!limits.reachable) {
    const effect =
      limits.on_error === 'closed'
        ? 'calls of keys with limits are refused with 503 (limits.on_error: closed)'
        : 'calls of keys with limits are served without budgets or rate limits (limits.on_error: open)';
    degraded.push(`limit store unreachable: ${effect}`);
  }
  const source = limits.spend_source;
  if (source && !source.reachable) {
    const effect =
      limits.on_error === 'closed'
        ? 'refused with 503 (limits.on_error: closed)'
        : 'served without budgets or rate limits (limits.on_error: open)';
    degraded.push(
      `budget spend unreadable: the trace store (${source.store}) did not answer when a budget's spend had to be read from it, so calls of keys whose budget is read again (a new period, a replica's first call, Redis lost it) are ${effect}; the limit store (${limits.store}) is not the cause; last error: ${source.last_error ?? 'none given'}`,
    );
  }
  if (traces?.failing) {
    const seconds = Math.max(0, Math.round((traces.now - traces.failing.since) / 1000));
    degraded.push(
      `trace store failing for ${seconds} s: calls are answered and ${traces.pending} traces wait in memory until it takes them (past 10,000 without their bodies); last error: ${traces.failing.error}`,
    );
  }
  return degraded.length === 0 ? { status: 'ok' } : { status: 'degraded', degraded };
}

/** The trace writer's side of `/health`: a store refusing every batch is not seen by clients. */
export interface TraceStoreHealth {
  failing: { since: number; error: string } | undefined;
  pending: number;
  now: number;
}
