import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { GatewayClient } from '../../src/evals/client/gateway-client.js';
import { provideInProcessGateway } from '../../src/evals/client/in-process-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openGatewayCore } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

let dir: string;
let sim: Simulator;
let stores: SqliteStores;

beforeAll(async () => {
  provideInProcessGateway((config) => openGatewayCore(config));
  dir = mkdtempSync(join(tmpdir(), 'sy-rag-suite-'));
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  const kbStore = openSqliteKnowledgeStore(knowledgeFileFor(join(dir, 'sy.db')));
  await indexDocuments(await openKnowledgeBase({ store: kbStore, name: 'handbook', create: true }), walkPaths(['examples/grounding/handbook']));
  await kbStore.close();
  stores = openSqliteStores(join(dir, 'sy.db'));
});
afterAll(async () => {
  await stores.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RAG variants in an eval suite', () => {
  it('compares a knowledge route without retrieval, with k = 1 and as configured, scoring answers and groundedness', async () => {
    const config = parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: gpt-4o-mini } }
routes:
  handbook-qa: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3 } } }
store: { sqlite: "${join(dir, 'sy.db')}" }
`, 'test');
    const suite = join(dir, 'suite.yaml');
    writeFileSync(suite, `
dataset: ${join(process.cwd(), 'examples/grounding/questions.jsonl')}
variants:
  no-rag: { route: handbook-qa, prompt: "{{input}}", knowledge: null }
  k1:     { route: handbook-qa, prompt: "{{input}}", knowledge: { base: handbook, k: 1 } }
  k3:     { route: handbook-qa, prompt: "{{input}}" }
scorers:
  - { type: contains, value: "{{expected}}" }
  - { type: groundedness }
cache: false
`);
    const outcome = await evaluate({ suitePath: suite, config, stores, store: config.store });
    const variant = (name: string) => outcome.summary.variants.find((v) => v.variant === name);
    const contains = (name: string) => variant(name)?.scorers.find((s) => s.scorer === 'contains');
    const grounded = (name: string) => variant(name)?.scorers.find((s) => s.scorer === 'groundedness');
    expect(contains('no-rag')?.mean).toBe(0);
    expect(contains('k3')?.mean).toBeGreaterThanOrEqual(0.75);
    expect(contains('k1')?.mean).toBeGreaterThan(0);
    // Without retrieval there is no verdict to score; with it, every answer has one.
    expect(grounded('no-rag')?.n ?? 0).toBe(0);
    expect(grounded('k3')?.n).toBe(8);
    expect(grounded('k3')?.mean).toBeGreaterThan(0.5);
    // More chunks, more input tokens.
    expect((variant('k3')?.inputTokens ?? 0)).toBeGreaterThan(variant('k1')?.inputTokens ?? 0);
    expect((variant('k1')?.inputTokens ?? 0)).toBeGreaterThan(variant('no-rag')?.inputTokens ?? 0);
    const results = [];
    for await (const r of stores.runs.results(outcome.run.id, 'k1')) results.push(r);
    const trace = await stores.traces.getTrace(results[0]?.traceId as string);
    expect(trace?.decisions?.knowledge).toMatchObject({ base: 'handbook', k: 1 });
  });

  it('a running gateway cannot be told to ground differently: the variant is refused by name', async () => {
    const client = new GatewayClient('http://127.0.0.1:9');
    await expect(client.chat({ model: 'x', messages: [{ role: 'user', content: 'hi' }], tags: { eval_run: 'r', case: 'c', variant: 'k1' }, overrides: { knowledge: 'handbook' } })).rejects.toThrow(/variant "k1": knowledge settings per variant need an in-process gateway/);
    await client.close();
  });
});
