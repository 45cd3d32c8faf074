import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';

let sim: Simulator;
let dir: string;
const replicas: RunningServer[] = [];
const keyName = `replica-test-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-replicas-'));
  for (const i of [1, 2]) {
    const config = parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s } }
keys: [ { key: sk-sy-shared, name: ${keyName}, rate_limit: { requests_per_minute: 7 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:6379" }
store: { sqlite: "${join(dir, `replica-${i}.db`)}" }`);
    replicas.push(await startServer(config, { port: 0 }));
  }
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await sim.close();
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`switchyard:limits:${keyName}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('two gateway replicas on Redis', () => {
  it('hold one rate limit exactly between them', async () => {
    const clients = replicas.map((r) => openaiTo(r, 'sk-sy-shared'));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => clients[i % 2]?.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: `hi ${i}` }] })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 429);
    expect(ok).toHaveLength(7);
    expect(limited).toHaveLength(13);
  });
});
