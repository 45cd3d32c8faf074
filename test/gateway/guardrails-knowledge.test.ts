import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let dir: string;
let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-guard-kb-'));
  const db = join(dir, 'sy.db');
  const kbStore = openSqliteKnowledgeStore(knowledgeFileFor(db));
  await indexDocuments(await openKnowledgeBase({ store: kbStore, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
  await kbStore.close();
  h = await startHarness(
    '',
    (simUrl) => `
providers: { sim: { type: openai, base_url: "${simUrl}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small } }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3, groundedness: { check: off } } } }
  checked: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3, groundedness: { check: flag, judge: small } } } }
  strict: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3, groundedness: { check: block, refusal: "Not in the handbook." } } } }
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies: { private: { pii: { default_action: redact }, injection: { action: block } } }
  apply: { default: private }
`,
    { sqlite: db },
  );
  // First: the judge's prompt mentions a claim too. The judge (an internal call, redacted by the same policy and restored for the gateway) names the address it read.
  h.sim.addScript({ match: 'grounded in retrieved passages', reply: '{"sentences": [{"id": 1, "supported": false, "reason": "the passages give <EMAIL_1> for claims, and no reply time"}, {"id": 2, "supported": false, "reason": "not stated"}]}' });
  h.sim.addScript({ match: 'claim', reply: 'Write to <EMAIL_2>, and we will answer <EMAIL_1>.' });
  // An answer copied from the source, with the placeholder the source's address went upstream as.
  h.sim.addScript({ match: 'photo', reply: 'Send a photo of the defect and the order number to <EMAIL_1>.' });
  client = h.openai('any');
}, 60_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('guardrails with a knowledge route', () => {
  it('PII in retrieved context is redacted too, with the same vault, and restored in the answer', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'support', messages: [{ role: 'user', content: 'I am bo@client.example: how do I make a warranty claim for a defect?' }] })
      .withResponse();
    const upstream = JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body);
    expect(upstream).toContain('Sources:');
    expect(upstream).not.toContain('care@harbor.example');
    expect(upstream).not.toContain('bo@client.example');
    expect(upstream).toContain('<EMAIL_1>: how do I make a warranty claim');
    expect(upstream).toContain('<EMAIL_2>');
    expect(data.choices[0]?.message.content).toBe('Write to care@harbor.example, and we will answer bo@client.example.');
    expect(response.headers.get('x-switchyard-guardrails')).toMatch(/pii=redact; context-injection=pass; context-pii=redact/);
  });

  it('a redacted trace keeps the retrieved chunks and the groundedness verdict with placeholders, not the values', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'checked', messages: [{ role: 'user', content: 'I am bo@client.example: how do I make a warranty claim for a defect?' }] })
      .withResponse();
    const trace = await h.traceOf(response);
    const decisions = trace.decisions as { knowledge: { chunks: { text?: string }[] }; groundedness: { action: string; by: string; unsupported: { text?: string; reason: string }[] } };
    expect(decisions.groundedness).toMatchObject({ action: 'flag', by: 'judge' });
    // The request went upstream with the document's address as <EMAIL_2>: so do the chunk and the judge's reason.
    expect(decisions.knowledge.chunks[0]?.text).toContain('order number to\n<EMAIL_2>. Repairs are done in our');
    expect(decisions.groundedness.unsupported[0]).toMatchObject({ text: 'Write to <EMAIL_2>, and we will answer <EMAIL_1>.', reason: 'the passages give <EMAIL_2> for claims, and no reply time' });
    // Before, both held care@harbor.example.
    expect(JSON.stringify(trace.decisions)).not.toMatch(/care@harbor\.example|bo@client\.example|Leeds/);
  });
});

describe('the groundedness check under PII redaction', () => {
  for (const model of ['checked', 'strict']) {
    it(`reads the answer as the client does, so one that copies a source's redacted address is supported, not flagged or refused (${model})`, async () => {
      const { data, response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Where do I send the photo of a defect?' }] }).withResponse();
      // Before, the check held "<EMAIL_1>" against the chunk's care@harbor.example: "not in the context", and block mode refused it.
      expect(data.choices[0]?.message.content).toBe('Send a photo of the defect and the order number to care@harbor.example.');
      const trace = await h.traceOf(response);
      expect(trace.decisions?.groundedness).toMatchObject({ pass: true, action: 'pass', unsupported: [] });
    });
  }
});
