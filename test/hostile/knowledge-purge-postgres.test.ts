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

// A purge on PostgreSQL through one replica while another serves grounded calls from the same
// store: it and a concurrent purge on the other replica erase the answers grounded in the
// document (those the serving replica had still queued are reached by running it again, as the
// docs say), and none grounded only in the other document.
const ADMIN = 'sk-sy-admin-pg-purge';
const schema = uniqueSchema();
const RETURNS = 'examples/grounding/handbook/returns-policy.md';
let sim: Simulator;
const replicas: RunningServer[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
  const store = await openKnowledgeStore({ postgres: url });
  await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths(['examples/grounding/handbook']));
  await store.close();
  for (const name of ['a', 'b']) {
    replicas.push(
      await startServer(
        parseConfig(`
server: { admin_key: ${ADMIN} }
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: standin-small } }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 1 } } }
traces: { flush_interval_ms: 20 }
store: { postgres: "${url}" }
`, `pg-purge-${name}`),
        { port: 0, host: '127.0.0.1' },
      ),
    );
  }
}, 60_000);
afterAll(async () => {
  for (const r of replicas) await r.close();
  await sim?.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
});

const purge = async (replica: RunningServer, body: unknown) => {
  const res = await fetch(`${replica.url}/api/knowledge/handbook/purge`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { purged?: { traces: number }; error?: { param?: string } } };
};

describe('a purge on PostgreSQL while a replica serves', () => {
  it('erases the answers grounded in the document and no others, with a concurrent purge on the other replica', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const client = openaiTo(b, 'any');
    const ask = (content: string) => client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content }] }).withResponse();
    const questions = ['How many business days do refunds take?', 'How should the product be cleaned and cared for?'];
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(questions[i % 2] as string)));
    // Traffic on b while a purges and b purges the same document (an id given twice, a hostile one beside it).
    const [racing, fromA, fromB] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, (_, i) => ask(questions[i % 2] as string))),
      purge(a, { documents: [RETURNS, `\u202e${RETURNS}`] }),
      purge(b, { documents: [RETURNS, RETURNS] }),
    ]);
    expect(fromA.status).toBe(200);
    expect(fromB.status).toBe(200);
    await b.traces.flush();
    const again = await purge(a, { documents: [RETURNS] });
    expect(again.status).toBe(200);
    const ids = [...first, ...racing].map((c) => c.response.headers.get('x-switchyard-trace-id') as string);
    const traces = await a.stores.traces.getTraces(ids);
    expect(traces).toHaveLength(20);
    let blanked = 0;
    for (const trace of traces) {
      const grounded = ((trace.decisions?.knowledge as { chunks?: { docId: string }[] } | undefined)?.chunks ?? []).some((c) => c.docId === RETURNS);
      expect(trace.response === null, `${trace.id} grounded in ${RETURNS}: ${grounded}`).toBe(grounded);
      if (grounded) blanked++;
    }
    expect(blanked).toBeGreaterThan(0);
    expect(blanked).toBeLessThan(20);
    expect((await purge(b, { documents: [RETURNS] })).body.purged?.traces).toBe(0);
    expect((await purge(b, { documents: [RETURNS], all: true })).body.error?.param).toBe('all');
  }, 60_000);
});
