// What `npm test` needs besides the checkout: PostgreSQL with a `test` database, Redis and
// Debian's Chromium. CI's machine has them (.ci/run starts the servers); a newcomer's fresh
// machine may not, and the suite then ran 10 minutes to end in hundreds of failures, each
// naming a refused connection. Asked first, each missing one is one line saying what fails
// and how to start it.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';

/** The servers and browser the tests use, where they look for them (the same defaults). */
export function testServices(env = process.env) {
  return {
    postgres: env.SWITCHYARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
    redis: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    chromium: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  };
}

/**
 * A line saying why PostgreSQL at `url` cannot serve the tests, or null when it can.
 *
 * @example await postgresProblem('postgres://postgres@127.0.0.1:5499/test')
 * // 'PostgreSQL does not answer at postgres://postgres@127.0.0.1:5499/test (connect ECONNREFUSED …): …'
 */
export async function postgresProblem(url, timeoutMs = 3000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const { hostname, port, pathname, username } = new URL(url);
    const user = decodeURIComponent(username) || 'postgres';
    const database = decodeURIComponent(pathname.slice(1)) || 'postgres';
    const fails = 'the tests that use PostgreSQL fail (the store contract suites, replicas, migrate --from)';
    if (error?.code === '3D000') {
      return `PostgreSQL at ${hostname}:${port || 5432} has no database "${database}": ${fails}; create it: createdb -h ${hostname} -p ${port || 5432} -U ${user} ${database}`;
    }
    return `PostgreSQL does not answer at ${url} (${reason(error)}): ${fails}; start it (Debian: pg_ctlcluster $(ls /etc/postgresql | head -n1) main start, as .ci/run does) and create the database (createdb -h ${hostname} -p ${port || 5432} -U ${user} ${database}), or point SWITCHYARD_TEST_POSTGRES at one`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A line saying why Redis at `url` cannot serve the tests, or null when it answers PING.
 *
 * @example await redisProblem('redis://127.0.0.1:6399')
 * // 'Redis does not answer at redis://127.0.0.1:6399 (connect ECONNREFUSED 127.0.0.1:6399): …'
 */
export function redisProblem(url, timeoutMs = 3000) {
  const { hostname, port } = new URL(url);
  const fails = 'the tests that use Redis fail (shared limits and budgets, the Redis cache, replicas)';
  const start = `start it (redis-server --daemonize yes --port ${port || 6379} --save "", as .ci/run does), or point REDIS_URL at one`;
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let reply = '';
    const done = (problem) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => done(`Redis does not answer at ${url} (no reply to PING within ${timeoutMs / 1000} s: is it Redis's port?): ${fails}; ${start}`), timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (!reply.includes('\r\n')) return;
      const line = reply.slice(0, reply.indexOf('\r\n'));
      done(line === '+PONG' ? null : `Redis at ${url} answered PING with ${JSON.stringify(line.slice(0, 80))}, not PONG: ${fails}; ${start}`);
    });
    socket.on('error', (error) => done(`Redis does not answer at ${url} (${reason(error)}): ${fails}; ${start}`));
  });
}

/**
 * A line saying the browser tests have no Chromium, or null when `path` is there.
 *
 * @example chromiumProblem('/nowhere/chromium', () => false)
 * // 'no Chromium at /nowhere/chromium: the browser tests (test/e2e) fail; apt-get install chromium, or set CHROMIUM_PATH'
 */
export function chromiumProblem(path, exists = existsSync) {
  return exists(path) ? null : `no Chromium at ${path}: the browser tests (test/e2e) fail; apt-get install chromium, or set CHROMIUM_PATH`;
}

/** Every missing service, each one line, asked at once. */
export async function testServiceProblems(env = process.env) {
  const where = testServices(env);
  const found = await Promise.all([postgresProblem(where.postgres), redisProblem(where.redis), chromiumProblem(where.chromium)]);
  return found.filter((problem) => problem !== null);
}

function reason(error) {
  if (error?.code === 'ECONNREFUSED') return `connect ECONNREFUSED ${error.address ?? ''}${error.port ? `:${error.port}` : ''}: nothing listens there`;
  return String(error?.message ?? error).split('\n')[0].slice(0, 200);
}
