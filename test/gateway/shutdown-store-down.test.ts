import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { eventually } from '../../src/test-support/eventually.js';
import { Relay } from '../../src/test-support/redis-relay.js';
import { type ServeProcess, serveProcess } from '../../src/test-support/serve-process.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';

/**
 * A replica sent SIGTERM while its PostgreSQL is away: it cannot write the traces it holds, and
 * it must neither retry them until the supervisor's SIGKILL nor leave without saying what it lost.
 */
const schema = uniqueSchema();
let dir: string;
let sim: Simulator;
let gateway: ServeProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-shutdown-store-down-'));
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  if (gateway?.child.exitCode === null) gateway.child.kill('SIGKILL');
  await sim.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGTERM while the trace store is down', () => {
  it('stops after server.shutdown_timeout_ms more for the store, exit status 1, naming the traces lost and the error', { timeout: 120_000 }, async () => {
    const relay = new Relay(Number(new URL(TEST_POSTGRES_URL).port || 5432));
    await relay.open();
    const url = new URL(TEST_POSTGRES_URL);
    url.port = String(relay.port);
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s } }
server: { shutdown_timeout_ms: 500 }
traces: { flush_interval_ms: 20 }
store: { postgres: "${url.toString()}?schema=${schema}" }
`,
    );
    try {
      gateway = await serveProcess(file);
      const client = openaiTo(gateway, 'x');
      await relay.cut();
      for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: 'small', max_tokens: 5, messages: [{ role: 'user', content: `hi ${i}` }] });
      const base = gateway.url;
      await eventually('/health saying degraded', async () => ((await (await fetch(`${base}/health`)).json()) as { status: string }).status === 'degraded');
      gateway.child.kill('SIGTERM');
      // Before: it retried the traces until SIGKILL, saying nothing. Now it stops by itself after
      // ~2 s (the requests' 500 ms, the cut-off's second, 500 ms more for the store); at load ~30
      // that took over 12 s, so the race only tells stopping from never stopping, and the
      // configured 500 ms is checked in what it says.
      const exit = await Promise.race([gateway.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 45_000))]);
      expect(exit).toEqual({ code: 1, signal: null });
      expect(gateway.output()).toMatch(/shutdown: 3 traces could not be written and are lost: the trace store has refused every batch for \d+ s \(last error: store\.postgres: cannot connect to postgres:\/\/[^)]*ECONNREFUSED[^)]*\); stopping anyway, after server\.shutdown_timeout_ms \(500 ms\) more for it/);
    } finally {
      await relay.cut();
    }
  });
});
