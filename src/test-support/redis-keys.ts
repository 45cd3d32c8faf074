import { Redis } from 'ioredis';

/**
 * Deletes the keys matching `pattern` on a Redis server (the shared test one by default): what
 * a test file's gateways wrote under their own prefix, so runs on the shared server leave
 * nothing behind.
 *
 * @example afterAll(() => deleteRedisKeys(`${prefix}:*`));
 */
export async function deleteRedisKeys(pattern: string, url = 'redis://127.0.0.1:6379'): Promise<void> {
  const redis = new Redis(url);
  const keys = await redis.keys(pattern);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
