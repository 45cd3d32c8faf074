import { createServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { Relay } from '../../src/test-support/redis-relay.js';

// A gateway started while its PostgreSQL is not up yet (docker compose, a pod beside its database):
// it waits for the server instead of exiting at the first refused connection.
const schema = uniqueSchema();
afterAll(() => dropSchemas(TEST_POSTGRES_URL, [schema]));

function configOn(url: string) {
  return parseConfig(`providers: { sim: { type: openai, base_url: "http://127.0.0.1:1/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { postgres: "${url}" }`);
}

/** A PostgreSQL URL through a relay that is closed for now: its port refuses connections until `relay.open()`. */
async function closedRelay(): Promise<{ relay: Relay; url: string }> {
  const relay = new Relay(Number(new URL(TEST_POSTGRES_URL).port || 5432));
  await relay.open();
  await relay.cut();
  const url = new URL(TEST_POSTGRES_URL);
  url.port = String(relay.port);
  return { relay, url: `${url.toString()}?schema=${schema}` };
}

describe('a gateway started before its PostgreSQL', () => {
  it('waits for the server to come up, says so once, then serves', async () => {
    const { relay, url } = await closedRelay();
    const lines: string[] = [];
    let saidItWaits = () => undefined as void;
    const waiting = new Promise<void>((resolve) => (saidItWaits = resolve));
    const log = (line: string) => {
      lines.push(line);
      if (line.includes('waiting up to')) saidItWaits();
    };
    // Before, the first refused connection ended the start: `store.postgres: cannot connect to …`.
    const starting = startServer(configOn(url), { port: 0, log, storeWait: { waitMs: 20_000, retryEveryMs: 50 } });
    let server: RunningServer | undefined;
    try {
      // The server comes up once the gateway was refused and said it waits (or the start failed).
      // After a fixed 600 ms instead, a loaded machine had not always made its first attempt (its
      // modules still loading: over 10 s at load 35), so no wait was said.
      await Promise.race([waiting, starting]);
      await relay.open();
      server = await starting;
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      const waits = lines.filter((line) => line.includes('waiting up to'));
      expect(waits).toEqual([expect.stringMatching(new RegExp(`^store\\.postgres: cannot connect to postgres://postgres@127\\.0\\.0\\.1:${relay.port}/test\\?schema=${schema}: connect ECONNREFUSED .*; is PostgreSQL running and listening on 127\\.0\\.0\\.1:${relay.port}\\?; waiting up to 20 s for it to start$`))]);
    } finally {
      await server?.close();
      await relay.cut();
    }
  });

  it('gives up after the wait with the error naming the server and what to check', async () => {
    const { url, relay } = await closedRelay();
    const started = Date.now();
    await expect(startServer(configOn(url), { port: 0, storeWait: { waitMs: 400, retryEveryMs: 50 } })).rejects.toThrow(
      new RegExp(`^store\\.postgres: cannot connect to postgres://postgres@127\\.0\\.0\\.1:${relay.port}/.*; is PostgreSQL running and listening on 127\\.0\\.0\\.1:${relay.port}\\?$`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('keeps to its wait when the host never answers: each attempt gets at most what is left of it', async () => {
    // A listener that accepts and never says a word: a black-holed host, a wrong port behind a
    // firewall. Each attempt took the driver's full 10 s, so a 30 s wait could end after ~40 s.
    // Timed from the first attempt reaching the host, so the start's lazy imports before it (over
    // 10 s at load 35) do not count.
    const held = new Set<Socket>();
    let firstAttemptAt: number | undefined;
    const silent = createServer((socket) => {
      firstAttemptAt ??= Date.now();
      held.add(socket.on('error', () => undefined));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const url = new URL(TEST_POSTGRES_URL);
    url.port = String(port);
    const lines: string[] = [];
    try {
      await expect(startServer(configOn(`${url.toString()}?schema=${schema}`), { port: 0, log: (line: string) => void lines.push(line), storeWait: { waitMs: 1_000, retryEveryMs: 50, noticeAfterMs: 300 } })).rejects.toThrow(
        new RegExp(`^store\\.postgres: cannot connect to postgres://postgres@127\\.0\\.0\\.1:${port}/test\\?schema=${schema}: no answer to a connection attempt \\(Connection terminated due to connection timeout\\); is 127\\.0\\.0\\.1:${port} the PostgreSQL server, and does a firewall let connections to it through\\?$`),
      );
      const gaveUpAfter = Date.now() - (firstAttemptAt ?? Number.NaN);
      // The first attempt was given what was left of the wait (1 s); before, it took the driver's
      // full 10 s. The bound sits between the two, 5 s past the right one: only a timer of 1 s
      // firing 5 s late could cross it.
      expect(gaveUpAfter).toBeLessThan(6_000);
      // The operator heard of it while it ran, not at its end only.
      expect(lines.filter((line) => line.includes('waiting up to'))).toEqual([
        expect.stringContaining(`store.postgres: cannot connect to postgres://postgres@127.0.0.1:${port}/test?schema=${schema}: no answer after 0.3 s; waiting up to 1 s for it`),
      ]);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('does not wait out what the server coming up would not change: a database that does not exist', async () => {
    const absent = `switchyard_absent_${process.pid}`;
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${absent}`;
    const lines: string[] = [];
    // A wait of an hour: had the start waited it out, the test would time out.
    await expect(startServer(configOn(url.toString()), { port: 0, log: (line: string) => void lines.push(line), storeWait: { waitMs: 3_600_000 } })).rejects.toThrow(`database "${absent}" does not exist; create it first`);
    // A failure worth waiting out says so at once ("waiting up to …"), before its first retry.
    expect(lines.filter((line) => line.includes('waiting up to'))).toEqual([]);
  });
});
