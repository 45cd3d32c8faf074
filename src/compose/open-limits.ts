/**
 * Rate limits and budgets: in memory, or in Redis shared by every replica. Budgets are seeded
 * from the spend the trace store recorded, so a restart does not hand out a period's budget again.
 */
import type { Config } from '../config/schema.js';
import type { LimitHealth } from '../http/health-status.js';
import { seedFromTraces } from '../limits/key-spend-usage.js';
import type { LimitStore } from '../limits/limit-store.js';
import { MemoryLimitStore } from '../limits/memory-limit-store.js';
import { RedisLimitStore } from '../limits/redis-limit-store.js';
import { SpendSource } from '../limits/spend-source.js';
import type { Stores } from '../store/stores.js';
import type { LimitsRedis } from './connect-redis.js';

export interface OpenedLimits {
  limits: LimitStore;
  /** `memory` or `redis`, and whether the last check of the limit store succeeded (for /health). */
  limitHealth: () => Promise<LimitHealth>;
  /** Stops a Redis limit store's sweep of owed spend (the Redis client itself is closed by its opener). */
  close(): Promise<void>;
}

/** The limit store for `limits.store`: Redis when `redis` is connected, memory otherwise. */
export function openLimits(config: Config, stores: Stores, redis: LimitsRedis | undefined): OpenedLimits {
  // Budgets are seeded from the trace store: a failed read names that store, not the limit store.
  const spendSource = new SpendSource(seedFromTraces(stores.spend), 'postgres' in config.store ? 'postgres' : 'sqlite');
  const seed = spendSource.seed;
  // A hold outlives the longest a call may take (timeouts.total_ms) by a minute: then it can only
  // belong to a call whose replica died, and it lapses.
  const holdMs = config.timeouts.total_ms + 60_000;
  // What calls served during a Redis outage owe is kept in the store every replica shares, so it
  // is paid once Redis is back even when the replica that served them is gone by then.
  const limits = redis ? new RedisLimitStore(redis, seed, config.limits.redis_prefix, holdMs, stores.owed) : new MemoryLimitStore(seed, holdMs);
  return {
    limits,
    limitHealth: async () => {
      const [reachable, source] = await Promise.all([redis ? redis.ping().then(() => true, () => false) : true, spendSource.health()]);
      return { store: config.limits.store, reachable, on_error: config.limits.on_error, ...(source ? { spend_source: source } : {}) };
    },
    close: async () => {
      if (limits instanceof RedisLimitStore) await limits.close();
    },
  };
}
