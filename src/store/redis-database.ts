import type { Redis } from 'ioredis';
import { redisDatabase } from '../config/redis-url.js';
import { SwitchyardError } from '../core/errors.js';
import { redactUrl } from '../core/redact-url.js';

/**
 * Selects the database a Redis URL names (`redis://HOST:6379/3`) on a connected client and throws
 * a config error naming it when the server has no such database: ioredis reports that only as an
 * `error` event and goes on in database 0, so `/99` on a 16-database server shared database 0
 * with everything else, without a word.
 *
 * @example await selectNamedDatabase(redis, 'redis://127.0.0.1:6379/3', 'limits.redis_url');
 */
export async function selectNamedDatabase(redis: Redis, url: string, field: string): Promise<void> {
  const database = redisDatabase(url);
  if (database === 0) return;
  try {
    await redis.select(database);
  } catch (error) {
    throw new SwitchyardError('config_invalid', `${field}: database ${database} does not exist on ${redactUrl(url)} (${(error as Error).message})${await databaseCount(redis)}`);
  }
}

/** How many databases the server has, when it lets a client ask (managed Redis may refuse CONFIG). */
async function databaseCount(redis: Redis): Promise<string> {
  try {
    const [, count] = (await redis.config('GET', 'databases')) as [string, string];
    const n = Number(count);
    return Number.isInteger(n) && n > 0 ? `: this server has ${n}, 0 to ${n - 1} (redis.conf's "databases" sets how many)` : '';
  } catch {
    return '';
  }
}
