import { z } from 'zod';

const REDIS_URL_SHAPE = 'redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], rediss://… (TLS) or a Unix socket\'s /path';

/**
 * A Redis URL as ioredis reads it, checked before the gateway starts: ioredis takes any string,
 * so `127.0.0.1:6379` and `http://127.0.0.1:6379` became a connection to a Unix socket named
 * "//127.0.0.1:6379" (`connect ENOENT`), and a database that is not a number was database 0.
 *
 * @example redisUrl().parse('redis://:secret@10.0.0.5:6379/2')
 */
export function redisUrl() {
  return z.string().superRefine((value, ctx) => {
    // A Unix socket's path, which ioredis takes as it is.
    if (value.startsWith('/')) return;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected ${REDIS_URL_SHAPE}` });
      return;
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') ctx.addIssue({ code: 'custom', message: `expected ${REDIS_URL_SHAPE}, not a ${parsed.protocol.replace(/:$/, '')}:// URL` });
    else if (!parsed.hostname) ctx.addIssue({ code: 'custom', message: `expected ${REDIS_URL_SHAPE}: the URL names no host` });
    // "/2/" is database 2 to ioredis, 0 to redisDatabase: the start's database check and the prefix check read another one.
    else if (!/^(\/\d{1,5}|\/)?$/.test(parsed.pathname)) ctx.addIssue({ code: 'custom', message: `the database after the host must be a number (redis://HOST:PORT/3), got "${decodeURIComponent(parsed.pathname.slice(1)).slice(0, 40)}"` });
    // ioredis reads each query parameter as an option of its own: ?db=3 selected database 3 behind
    // the /DB the gateway checks, and ?keyPrefix= moved every key from under the prefix checks.
    else if (parsed.search !== '') ctx.addIssue({ code: 'custom', message: `takes no query parameters (ioredis would read them as options, ?db= and ?keyPrefix= past the checks on the database and prefix), got "${parsed.search.slice(0, 40)}": name the database as /DB and the prefix as redis_prefix` });
  });
}

/** The database a Redis URL selects (its path, else 0). */
export function redisDatabase(url: string): number {
  try {
    return Number(new URL(url).pathname.slice(1) || 0) || 0;
  } catch {
    return 0;
  }
}

/** Host, port and database: two URLs with the same are one keyspace (credentials aside). */
export function redisKeyspace(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}, database ${redisDatabase(url)}`;
  } catch {
    return url;
  }
}
