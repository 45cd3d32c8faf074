/**
 * The Redis connection behind shared rate limits and budgets. Its own module because the start-up
 * rules are subtle: an unreachable Redis is an outage the gateway starts through, a database the
 * server lacks is a mistake it refuses.
 */
import type { Config } from '../config/schema.js';
import { redisDatabase } from '../config/redis-url.js';
import { type Log, withFields } from '../core/log.js';
import { redactUrl } from '../core/redact-url.js';
import { selectNamedDatabase } from '../store/redis-database.js';

/** The client `connectRedis` opens (ioredis, loaded only when limits are in Redis). */
export type LimitsRedis = Awaited<ReturnType<typeof connectRedis>>;

/** Connects to `limits.redis_url` when limits are kept in Redis; undefined for memory limits. */
export async function connectLimitsRedis(limits: Config['limits'], log: Log): Promise<LimitsRedis | undefined> {
  return limits.store === 'redis' ? await connectRedis(limits.redis_url, limits.on_error, withFields(log, { component: 'limits' })) : undefined;
}

/**
 * Connects to Redis for shared limits. Redis being away at startup is an outage like any other:
 * the gateway starts, says so, applies `limits.on_error` to calls until the client's own
 * reconnection (every ≤ 2 s) reaches it, and /health shows it meanwhile.
 */
export async function connectRedis(url: string, onError: 'open' | 'closed', log: Log) {
  const { Redis } = await import('ioredis');
  // Commands fail fast while Redis is away (no offline queue, a command timeout), so the
  // configured policy (limits.on_error) decides at once instead of requests piling up.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2_000 });
  // connect() rejects with "Connection is closed."; the socket's own error says why (refused, no such host).
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => {
    socketError ??= error;
  });
  try {
    await redis.connect();
  } catch (error) {
    const policy = onError === 'open' ? 'served without limits' : 'refused (503)';
    log(`limits.redis_url: cannot reach ${redactUrl(url)} (${redisConnectProblem(socketError ?? (error as Error), url)}); calls of keys with limits are ${policy} (limits.on_error: ${onError}) until it answers, retrying`, { level: 'error' });
    // Reached later, a server without the URL's database fails only ioredis's own SELECT, which it
    // reports as an event before going on in database 0: stop there, as a start would have.
    redis.on('error', (later: Error) => {
      if (!/DB index is out of range/i.test(later.message)) return;
      log(`limits.redis_url: database ${redisDatabase(url)} does not exist on ${redactUrl(url)} (${later.message}); calls of keys with limits stay ${policy} (limits.on_error: ${onError}): name a database the server has and restart`, { level: 'error' });
      redis.disconnect();
    });
    return redis;
  }
  // A database the server lacks is a mistake in the file, not an outage: ioredis would go on in database 0.
  await selectNamedDatabase(redis, url, 'limits.redis_url').catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  return redis;
}

/**
 * Why a first connection to Redis failed, with what to check when nothing listens there.
 *
 * @example redisConnectProblem(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' }), 'redis://127.0.0.1:6390')
 * // 'connect ECONNREFUSED 127.0.0.1:6390: is Redis running and listening on 127.0.0.1:6390?'
 */
export function redisConnectProblem(error: Error, url: string): string {
  if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') return error.message;
  let where = 'that address';
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    // A URL ioredis took but URL does not: the hint names no address.
  }
  return `${error.message}: is Redis running and listening on ${where}?`;
}
