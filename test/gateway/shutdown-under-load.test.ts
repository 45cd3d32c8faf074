import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { serveProcess } from '../../src/test-support/serve-process.js';

let dir: string;
let sim: Simulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-drain-load-'));
  sim = await startSimulator({ port: 0, latencyMs: 150 });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function countTraces(db: string, status: number): Promise<number> {
  const stores = openSqliteStores(db, { writer: false });
  let count = 0;
  let before: string | undefined;
  for (;;) {
    const page = await stores.traces.listTraces({ limit: 500, before, status });
    count += page.traces.length;
    if (!page.next) break;
    before = page.next;
  }
  await stores.close();
  return count;
}

describe('SIGTERM under load', () => {
  it('stops accepting, drains within its deadline, and loses no trace of an answered request', async () => {
    const db = join(dir, 'sy.db');
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s } }
store: { sqlite: "${db}" }
server: { shutdown_timeout_ms: 5000 }
traces: { flush_interval_ms: 60000 }
`,
    );
    const { child, url, exited, output } = await serveProcess(file);

    // 32 keep-alive clients loop until the gateway stops answering.
    const agent = new Agent({ connections: 32, pipelining: 1 });
    let answered = 0;
    let refused = 0;
    let stop = false;
    const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    const loops = Array.from({ length: 32 }, async () => {
      while (!stop) {
        try {
          const res = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
          await res.body.text();
          if (res.statusCode === 200) answered++;
          else refused++;
        } catch {
          refused++;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    // Under load until a good number were answered (however slow the machine), then the signal.
    const loadUntil = Date.now() + 20_000;
    while (answered < 60 && Date.now() < loadUntil) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    // Clients keep sending on their keep-alive connections: a gateway that kept answering them
    // would never exit, and the test would time out instead of reaching here.
    const { code } = await exited;
    stop = true;
    await Promise.all(loops);
    await agent.close();

    expect(code).toBe(0);
    expect(output()).toContain('SIGTERM: finishing in-flight requests and writing traces');
    expect(Number(/stopped; (\d+) traces written/.exec(output())?.[1])).toBeGreaterThanOrEqual(answered);
    expect(answered).toBeGreaterThan(50);
    // Every request a client saw answered has its trace, although the flush interval was a minute.
    expect(await countTraces(db, 200)).toBe(answered);
    expect(refused).toBeGreaterThan(0);
    // Up to 20 s of load (its own deadline, for a slow machine), then the drain: more than the default 20 s.
  }, 60_000);
});
