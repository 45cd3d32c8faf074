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
  dir = mkdtempSync(join(tmpdir(), 'switchyard-sigkill-'));
  sim = await startSimulator({ port: 0, latencyMs: 20 });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL under load with traces: { durability: sync }', () => {
  it('loses no trace of any answered request: the next start restores them from the journal', async () => {
    const db = join(dir, 'sy.db');
    const config = join(dir, 'gateway.yaml');
    // A minute-long flush window: without the journal nearly every trace would still be queued.
    writeFileSync(
      config,
      `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s } }
store: { sqlite: "${db}" }
traces: { flush_interval_ms: 60000, batch_size: 10000, durability: sync }
`,
    );
    const first = await serveProcess(config);

    const agent = new Agent({ connections: 64, pipelining: 1 });
    const answered: string[] = [];
    let stop = false;
    const loops = Array.from({ length: 64 }, async (_, i) => {
      const body = JSON.stringify({ model: 'small', stream: i % 2 === 1, messages: [{ role: 'user', content: `hi ${i}` }] });
      while (!stop) {
        try {
          const res = await request(`${first.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
          const text = await res.body.text();
          // Answered: a 200 whose whole body arrived (a stream up to its [DONE]).
          if (res.statusCode === 200 && (i % 2 === 0 || text.includes('[DONE]'))) answered.push(res.headers['x-switchyard-trace-id'] as string);
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    while (answered.length < 300) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(loops);
    await agent.close();

    const before = openSqliteStores(db, { writer: false });
    const storedBeforeRestart = (await before.traces.getTraces(answered)).length;
    await before.close();

    const second = await serveProcess(config);
    // Sent the moment the banner is read, as CI's loaded machine ended up doing: serve must have
    // its handlers in place by then (it once printed first, and a SIGTERM in between killed it).
    second.child.kill('SIGTERM');
    // On a failure the signal and the server's own lines say why (a bare `null` said nothing).
    const { code, signal } = await second.exited;
    expect({ code, signal, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, signal: null, output: '' });
    expect(second.output()).toMatch(/trace journal: restored \d+ trace/);

    const after = openSqliteStores(db, { writer: false });
    const stored = new Set((await after.traces.getTraces(answered)).map((t) => t.id));
    await after.close();
    expect(answered.length).toBeGreaterThanOrEqual(300);
    // The store alone had lost most of them; the journal had every one.
    expect(storedBeforeRestart).toBeLessThan(answered.length);
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);
});
