import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Every x-switchyard-* header built from data (document names, model names, guard verdicts) must reach the client when that data is past Latin-1: Node refuses
// to write such a header value, and the answer would be a 500.

let h: Harness;
const post = (model: string, extra: Record<string, unknown> = {}) =>
  fetch(`${h.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-hdr1' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'What is the café return policy? 返品' }], ...extra }),
  });

beforeAll(async () => {
  const docs = mkdtempSync(join(tmpdir(), 'sy-hdr-'));
  writeFileSync(join(docs, 'café-返品-🚀.md'), '# Café returns 返品\n\nThe café return policy: returns within 30 days with a receipt. 返品は30日以内。\n');
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  "模型-é": { provider: sim, model: "standin-日本", price: { input_per_mtok: 1, output_per_mtok: 2 } }
  "gratuit-é": { provider: sim, model: "standin-gratuit-é" }
keys:
  - { key: sk-sy-hdr1, name: h }
routes:
  kb:
    policy: static
    target: "模型-é"
    options: { knowledge: { base: handbook, k: 2 } }
  pick:
    policy: conditional
    rules:
      - { when: { last_user_message: { regex: "café" } }, target: "gratuit-é" }
    default: "模型-é"
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies:
    strict:
      pii: { default_action: redact }
      output: { banned_words: { words: [café interdit, 禁止], action: flag } }
  apply:
    default: strict
retry: { max_attempts: 1 }
`);
  const store = openSqliteKnowledgeStore(knowledgeFileFor(h.gateway.stores.location));
  const kb = await openKnowledgeBase({ store, name: 'handbook', create: true });
  await indexDocuments(kb, walkPaths([docs]));
  await store.close();
});
afterAll(async () => {
  await h.close();
});

describe('x-switchyard-* headers carrying text past Latin-1', () => {
  it('answers a knowledge route whose document name is accented, CJK and emoji; the header is ASCII and decodes to the name', async () => {
    const response = await post('kb');
    expect(response.status).toBe(200);
    const header = response.headers.get('x-switchyard-citations') ?? '';
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect((JSON.parse(header) as { doc_id: string }[])[0]?.doc_id).toMatch(/\/café-返品-🚀\.md$/);
    expect(response.headers.get('x-switchyard-guardrails')).toMatch(/^policy=strict; /);
  });

  it('streams the same headers', async () => {
    const response = await post('kb', { stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-citations')).toMatch(/^\[\{[\x20-\x7e]+$/);
    expect(await response.text()).toContain('[DONE]');
  });

  it('answers a conditional route to a model with a non-ASCII name and no price', async () => {
    const response = await post('pick');
    expect(response.status).toBe(200);
    for (const name of ['x-switchyard-route', 'x-switchyard-cost-unpriced']) expect(response.headers.get(name)).toMatch(/^[\x20-\x7e]+$/);
  });

});
