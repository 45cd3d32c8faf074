import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';

// A restart must not hand out a fresh budget: the new process starts from what the traces in
// the (default SQLite) store say the key spent this period.
let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-budget-restart-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = () =>
  parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } }
keys: [ { key: sk-sy-restart-01, name: app, budget: { usd: 0.5, period: monthly } } ]
store: { sqlite: "${join(dir, 'sy.db')}" }
traces: { flush_interval_ms: 5 }
`);

describe('budgets across a restart', () => {
  it('refuses after a restart a key that had spent its budget before it', async () => {
    const ask = (url: string) => new OpenAI({ apiKey: 'sk-sy-restart-01', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'small', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    const first = await startServer(config(), { port: 0, host: '127.0.0.1' });
    let answered = 0;
    try {
      // Spend until the budget refuses (each call may cost up to ~$0.1 at $1000/M tokens).
      while ((await ask(first.url).then(() => true, () => false)) && answered < 50) answered++;
      expect(answered).toBeGreaterThan(1);
      await first.traces.flush();
    } finally {
      await first.close();
    }
    const second = await startServer(config(), { port: 0, host: '127.0.0.1' });
    try {
      const refused = (await ask(second.url).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(refused).toBeInstanceOf(OpenAI.APIError);
      expect(refused.status).toBe(429);
      expect(refused.message).toMatch(/key "app" has spent \$0\.\d+ of its \$0\.5 monthly budget/);
    } finally {
      await second.close();
    }
  });
});
