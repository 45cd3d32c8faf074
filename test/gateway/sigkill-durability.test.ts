import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { closedPort } from '../../src/test-support/gateway-harness.js';

const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
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

async function serve(config: string, port: number): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  while (!/listening on/.test(output)) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited, output: () => output };
}

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
    const port = await closedPort();
    const first = await serve(config, port);

    const agent = new Agent({ connections: 64, pipelining: 1 });
    const answered: string[] = [];
    let stop = false;
    const loops = Array.from({ length: 64 }, async (_, i) => {
      const body = JSON.stringify({ model: 'small', stream: i % 2 === 1, messages: [{ role: 'user', content: `hi ${i}` }] });
      while (!stop) {
        try {
          const res = await request(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
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

    const second = await serve(config, port);
    second.child.kill('SIGTERM');
    // On a failure the signal and the server's own lines say why (a bare `null` said nothing).
    const code = await second.exited;
    expect({ code, signal: second.child.signalCode, output: code === 0 ? '' : second.output() }).toEqual({ code: 0, signal: null, output: '' });
    expect(second.output()).toMatch(/trace journal: restored \d+ trace/);

    const after = openSqliteStores(db, { writer: false });
    const stored = new Set((await after.traces.getTraces(answered)).map((t) => t.id));
    await after.close();
    expect(answered.length).toBeGreaterThanOrEqual(300);
    // The store alone had lost most of them; the journal had every one.
    expect(storedBeforeRestart).toBeLessThan(answered.length);
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
  }, 60_000);
});
