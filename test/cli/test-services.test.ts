import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../../src/store/contract/backends.js';
// @ts-expect-error: a plain .mjs script without type declarations
import * as services from '../../scripts/test-services.mjs';

const { chromiumProblem, postgresProblem, redisProblem, testServices } = services as {
  chromiumProblem(path: string, exists?: (path: string) => boolean): string | null;
  postgresProblem(url: string, timeoutMs?: number): Promise<string | null>;
  redisProblem(url: string, timeoutMs?: number): Promise<string | null>;
  testServices(env: Record<string, string | undefined>): { postgres: string; redis: string; chromium: string };
};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A TCP server on a port the OS picks that answers each line with `reply` (null: never answers). */
async function tcpServer(reply: string | null): Promise<number> {
  const server = createServer((socket) => {
    socket.on('data', () => {
      if (reply !== null) socket.write(reply);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on: one the OS gave and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm test's check of the services the tests use", () => {
  it('looks where the tests look: the same variables and defaults', () => {
    expect(testServices({})).toEqual({ postgres: 'postgres://postgres@127.0.0.1:5432/test', redis: 'redis://127.0.0.1:6379', chromium: '/usr/bin/chromium' });
    expect(testServices({ SWITCHYARD_TEST_POSTGRES: 'postgres://u@h:1/d', REDIS_URL: 'redis://h:2', CHROMIUM_PATH: '/opt/c' })).toEqual({ postgres: 'postgres://u@h:1/d', redis: 'redis://h:2', chromium: '/opt/c' });
  });

  it('says nothing of a Redis that answers PING, and names one that is not there, a silent port and a wrong reply', async () => {
    expect(await redisProblem(`redis://127.0.0.1:${await tcpServer('+PONG\r\n')}`)).toBeNull();
    const closed = await closedPort();
    expect(await redisProblem(`redis://127.0.0.1:${closed}`)).toBe(
      `Redis does not answer at redis://127.0.0.1:${closed} (connect ECONNREFUSED 127.0.0.1:${closed}: nothing listens there): the tests that use Redis fail (shared limits and budgets, the Redis cache, replicas); start it (redis-server --daemonize yes --port ${closed} --save "", as .ci/run does), or point REDIS_URL at one`,
    );
    const silent = await tcpServer(null);
    expect(await redisProblem(`redis://127.0.0.1:${silent}`, 200)).toMatch(/^Redis does not answer at redis:\/\/127\.0\.0\.1:\d+ \(no reply to PING within 0\.2 s: is it Redis's port\?\)/);
    const auth = await tcpServer('-NOAUTH Authentication required.\r\n');
    expect(await redisProblem(`redis://127.0.0.1:${auth}`)).toMatch(/answered PING with "-NOAUTH Authentication required\.", not PONG/);
  });

  it('says nothing of the PostgreSQL the tests use, and names a refused port and a missing database with the command that fixes each', async () => {
    expect(await postgresProblem(TEST_POSTGRES_URL)).toBeNull();
    const closed = await closedPort();
    const refused = await postgresProblem(`postgres://postgres@127.0.0.1:${closed}/test`);
    expect(refused).toContain(`PostgreSQL does not answer at postgres://postgres@127.0.0.1:${closed}/test (connect ECONNREFUSED 127.0.0.1:${closed}: nothing listens there)`);
    expect(refused).toContain(`createdb -h 127.0.0.1 -p ${closed} -U postgres test`);
    const server = new URL(TEST_POSTGRES_URL);
    server.pathname = `/switchyard_absent_${process.pid}`;
    expect(await postgresProblem(server.toString())).toBe(
      `PostgreSQL at ${server.hostname}:${server.port || 5432} has no database "switchyard_absent_${process.pid}": the tests that use PostgreSQL fail (the store contract suites, replicas, migrate --from); create it: createdb -h ${server.hostname} -p ${server.port || 5432} -U ${server.username || 'postgres'} switchyard_absent_${process.pid}`,
    );
  });

  it('names a missing Chromium and the package that brings it', () => {
    expect(chromiumProblem('/usr/bin/chromium', () => true)).toBeNull();
    expect(chromiumProblem('/nowhere/chromium', () => false)).toBe('no Chromium at /nowhere/chromium: the browser tests (test/e2e) fail; apt-get install chromium, or set CHROMIUM_PATH');
  });
});
