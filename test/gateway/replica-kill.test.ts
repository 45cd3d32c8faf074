import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';
import { type ServeProcess, serveProcess } from '../../src/test-support/serve-process.js';

/**
 * Two gateway processes on one PostgreSQL and one Redis; one is SIGKILLed under load. Clients
 * retry a failed call on the other replica (what a load balancer does), and the traces of
 * everything the killed replica answered are in the store except, at most, those of its last
 * flush window (`traces.flush_interval_ms`, 100 ms here).
 */
const FLUSH_MS = 100;
const schema = uniqueSchema();
const prefix = `switchyard-test:kill:${process.pid}:${Date.now()}`;
let dir: string;
let sim: Simulator;
const replicas: ServeProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-replica-kill-'));
  sim = await startSimulator({ port: 0, latencyMs: 20 });
});
afterAll(async () => {
  for (const { child } of replicas) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
  await deleteRedisKeys(`${prefix}:*`);
  rmSync(dir, { recursive: true, force: true });
});

describe('a replica SIGKILLed under load', () => {
  it('clients’ retries succeed on the other, and only its last flush window of traces can be lost', { timeout: 60_000 }, async () => {
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 0.5, output_per_mtok: 1.5 } } }
keys: [ { key: sk-sy-kill-test, name: kill-test, budget: { usd: 100 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:6379", redis_prefix: "${prefix}" }
traces: { flush_interval_ms: ${FLUSH_MS} }
store: { postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }
`,
    );
    // Started together: migrations run once, under the store's lock.
    const started = await Promise.allSettled([serveProcess(config), serveProcess(config)]);
    for (const s of started) if (s.status === 'fulfilled') replicas.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [a, b] = replicas as [ServeProcess, ServeProcess];
    const ports = [a.port, b.port];

    const agent = new Agent({ connections: 64 });
    const answered: { traceId: string; replica: number; at: number }[] = [];
    let retried = 0;
    let failed = 0;
    let stop = false;
    const call = async (replica: number, body: string) => {
      const res = await request(`http://127.0.0.1:${ports[replica]}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-kill-test' },
        body,
        dispatcher: agent,
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${text}`);
      answered.push({ traceId: res.headers['x-switchyard-trace-id'] as string, replica, at: Date.now() });
    };
    const loops = Array.from({ length: 32 }, async (_, w) => {
      for (let n = 0; !stop; n++) {
        const body = JSON.stringify({ model: 'small', max_tokens: 16, messages: [{ role: 'user', content: `worker ${w} call ${n}` }] });
        const first = (w + n) % 2;
        try {
          await call(first, body);
        } catch {
          // The replica is gone (refused, reset): the same call goes to the other one.
          retried++;
          await call(1 - first, body).catch(() => failed++);
        }
      }
    });
    while (answered.length < 100) await new Promise((r) => setTimeout(r, 10));
    // The window is measured on a writer past its cold start: the replica to be killed has committed
    // a batch already (its first connection, COPY and statements are ready), as in steady traffic.
    const probe = new pg.Pool({ connectionString: TEST_POSTGRES_URL });
    const firstOfA = answered.find((x) => x.replica === 0)?.traceId ?? '';
    for (let i = 0; i < 500; i++) {
      const found = await probe.query(`SELECT 1 FROM "${schema}".traces WHERE id = $1`, [firstOfA]);
      if (found.rowCount) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await probe.end();
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    await a.exited;
    const afterKill = answered.length;
    while (answered.length < afterKill + 100) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await Promise.all(loops);
    await agent.close();
    b.child.kill('SIGTERM');
    await b.exited;

    expect(failed).toBe(0);
    expect(retried).toBeGreaterThan(0);
    const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL });
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM "${schema}".traces`);
    const spent = await pool.query<{ spent: number }>(`SELECT COALESCE(SUM(cost_usd), 0) AS spent FROM "${schema}".traces`);
    await pool.end();
    const stored = new Set(rows.map((r) => r.id));
    expect(answered.filter((x) => x.replica === 1 && !stored.has(x.traceId))).toEqual([]);
    const lost = answered.filter((x) => x.replica === 0 && !stored.has(x.traceId));
    // Lost only from the end of the killed replica's life: its last flush window (plus the time
    // a batch takes to commit and a loaded scheduler's delay, bounded generously here).
    for (const trace of lost) expect(killedAt - trace.at).toBeLessThan(FLUSH_MS + 1_000);
    expect(stored.size).toBeGreaterThanOrEqual(answered.length - lost.length);
    expect(spent.rows[0]?.spent).toBeGreaterThan(0);
    // `at` is when the client had read the answer, which can follow the kill by a scheduler's delay.
    const oldest = lost.length ? Math.max(...lost.map((x) => killedAt - x.at)) : 0;
    const when = oldest >= 0 ? `the oldest read by its client ${oldest} ms before the kill` : `all read by their clients after the kill (the first ${-oldest} ms after)`;
    console.log(
      `SIGKILL of 1 of 2 replicas: ${answered.length} answered (${answered.filter((x) => x.replica === 0).length} by the killed one), ${retried} retried on the other, ${failed} failed; ${lost.length} traces lost${lost.length ? ` (${when})` : ''}`,
    );
  });
});
