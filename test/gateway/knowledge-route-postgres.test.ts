import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { openKnowledgeStore } from '../../src/store/open-knowledge-store.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';

// A knowledge route on `store: { postgres: … }`: the knowledge bases live in the same schema,
// written by what `switchyard kb add --db postgres://…` uses, and searched with BM25 in SQL.
const schema = uniqueSchema();
let sim: Simulator;
let gateway: RunningServer;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
  const store = await openKnowledgeStore({ postgres: url });
  await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths(['examples/grounding/handbook']));
  await store.close();
  gateway = await startServer(
    parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: standin-small } }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 2 } } }
traces: { flush_interval_ms: 5 }
store: { postgres: "${url}" }
`, 'pg-knowledge'),
    { port: 0, host: '127.0.0.1' },
  );
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  await sim?.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
});

describe('a knowledge route on PostgreSQL', () => {
  it('grounds the answer in chunks retrieved from PostgreSQL and cites them', async () => {
    const client = openaiTo(gateway, 'any');
    const { data, response } = await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'How many business days do refunds take to reach the original payment method?' }] }).withResponse();
    expect(data.choices[0]?.message.content).toMatch(/5 business days.*\[1\]/);
    const citations = (data as unknown as { switchyard: { citations: { doc_id: string }[] } }).switchyard.citations;
    expect(citations[0]?.doc_id).toBe('examples/grounding/handbook/returns-policy.md');
    expect(JSON.parse(response.headers.get('x-switchyard-citations') ?? '[]')).toHaveLength(citations.length);
  });
});
