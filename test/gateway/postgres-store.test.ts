import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';

// The gateway on `store: { postgres: … }`: the same SDK traffic as on SQLite, traced, rolled up,
// reviewable, and budgets restored from the shared store after a restart.
const schema = uniqueSchema();
const ADMIN = 'admin-key-postgres-1';
let sim: Simulator;

function config(simUrl: string) {
  return parseConfig(
    `
providers:
  sim: { type: openai, base_url: "${simUrl}/v1", api_key: sk-up }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
keys:
  - { key: sk-sy-pg-team-01, name: team, budget: { usd: 100, period: monthly } }
server: { admin_key: ${ADMIN} }
traces: { flush_interval_ms: 5 }
store: { postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }
`,
    'postgres-gateway',
  );
}

async function admin(gateway: RunningServer, path: string, body?: unknown, key = ADMIN) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
});
afterAll(async () => {
  await sim.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
});

describe('the gateway on PostgreSQL', () => {
  it('serves SDK traffic, traces it, rolls it up, takes feedback and restores spend after a restart', async () => {
    const gateway = await startServer(config(sim.url), { port: 0, host: '127.0.0.1' });
    let spent = 0;
    try {
      expect(gateway.stores.backend).toBe('postgres');
      const client = openaiTo(gateway, 'sk-sy-pg-team-01');
      const { data, response } = await client.chat.completions
        .create({ model: 'small', messages: [{ role: 'user', content: 'Hello from PostgreSQL' }] }, { headers: { 'x-switchyard-metadata': '{"feature":"pg"}' } })
        .withResponse();
      const stream = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Stream please' }], stream: true });
      let streamed = '';
      for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
      expect(streamed.length).toBeGreaterThan(0);
      await gateway.traces.flush();

      const traceId = response.headers.get('x-switchyard-trace-id') as string;
      const trace = await gateway.stores.traces.getTrace(traceId);
      expect(trace).toMatchObject({ keyName: 'team', requestedModel: 'small', upstreamModel: 'standin-small', status: 200, metadata: { feature: 'pg' }, inputTokens: data.usage?.prompt_tokens });
      expect(trace?.request).toMatchObject({ messages: [{ role: 'user', content: 'Hello from PostgreSQL' }] });
      const listed = await admin(gateway, '/api/traces?meta.feature=pg');
      expect((listed.json.traces as { id: string }[]).map((t) => t.id)).toEqual([traceId]);
      const overview = await admin(gateway, '/api/overview?range=1h');
      expect((overview.json.totals as { requests: number }).requests).toBe(2);

      const feedback = await admin(gateway, '/api/feedback', { trace_id: traceId, thumbs: 'down', comment: 'wrong' }, 'sk-sy-pg-team-01');
      expect(feedback.status).toBe(201);
      const queue = await admin(gateway, '/api/review/queue');
      expect(queue.json.items).toMatchObject([{ traceId, source: 'feedback', preview: 'Hello from PostgreSQL' }]);
      spent = await gateway.stores.spend.spendOfKey(gateway.keys.find('sk-sy-pg-team-01')!, 0);
      expect(spent).toBeGreaterThan(0);
    } finally {
      await gateway.close();
    }
    // A new process (or another replica) on the same store starts from what the key has spent.
    const restarted = await startServer(config(sim.url), { port: 0, host: '127.0.0.1' });
    try {
      expect(restarted.stores.migrated).toEqual([]);
      const keys = await admin(restarted, '/api/keys');
      expect((keys.json.keys as { usage: { spendUsd: number } }[])[0]?.usage.spendUsd).toBeCloseTo(spent, 10);
    } finally {
      await restarted.close();
    }
  });
});
