/**
 * A cached answer is served only while what made it still holds. Two things decide an answer
 * besides the request and the upstream (the answer source already keyed): the guardrail policy
 * that checked it, and, on a grounded route, the knowledge base version it was grounded in.
 * Before, a policy was keyed by its name only (a banned word added to it, a persistent or
 * shared cache kept serving answers the old policy let through, unchecked), a grounded route's
 * answers were keyed without the base's version (a new `kb add` was not seen until the TTL ran
 * out), an answer made while the base could not be searched was stored and served ungrounded after
 * it was back, and a hit lost the `x-switchyard-citations` header a streaming client reads the sources from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-cache-changed-'));
const harnesses: Harness[] = [];

afterAll(async () => {
  for (const h of harnesses) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(configure: (simUrl: string) => string): Promise<Harness> {
  const h = await startHarness('', configure);
  harnesses.push(h);
  return h;
}

/** Asks until the answer says `status` (a cache write is queued after delivery), at most ~5 s. */
async function askUntil(h: Harness, body: object, status: string, headers: Record<string, string> = {}): Promise<Response> {
  let response: Response | undefined;
  for (let i = 0; i < 100; i++) {
    response = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (response.headers.get('x-switchyard-cache') === status) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return response as Response;
}

describe('a guardrail policy changed under a persistent cache', () => {
  it('does not serve answers the policy checked before it said otherwise', async () => {
    const cachePath = join(dir, 'cache.db');
    const gateway = (sim: string, output: string) => `
${simProviders(sim)}
models:
  chat: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
guardrails:
  policies:
    support: { pii: { default_action: redact }${output} }
  apply: { default: support }
cache: { store: sqlite, sqlite_path: ${cachePath}, shared_by: all, routes: { chat: {} } }
`;
    const before = await start((sim) => gateway(sim, ''));
    await fetch(`${before.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify({ match: 'codename', reply: 'The codename is project bluebird.' }) });
    const body = { model: 'chat', temperature: 0, messages: [{ role: 'user', content: 'What is the codename of the launch?' }] };
    expect((await askUntil(before, body, 'hit')).headers.get('x-switchyard-cache')).toBe('hit');
    // Another gateway on the same cache file, pointed at the same upstream: the same policy shares the entry…
    const same = await start(() => gateway(before.sim.url, ''));
    const shared = await fetch(`${same.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(shared.headers.get('x-switchyard-cache')).toBe('hit');
    expect(await shared.json()).toMatchObject({ choices: [{ message: { content: 'The codename is project bluebird.' } }] });
    // …the policy that now bans the word does not: its own check runs, on a fresh answer.
    const stricter = await start(() => gateway(before.sim.url, ', output: { banned_words: { words: [ "project bluebird" ] } }'));
    const checked = await fetch(`${stricter.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(checked.headers.get('x-switchyard-cache')).toBe('miss');
    expect(checked.status).toBe(422);
    expect(((await checked.json()) as { error: { code: string } }).error.code).toBe('guardrail_blocked');
  }, 60_000);
});

describe('a grounded route’s cached answers', () => {
  it('are never made while the base cannot be searched, carry their citations, and end with the base’s version', async () => {
    const h = await start((sim) => `
${simProviders(sim)}
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
routes:
  faq: { policy: static, target: small, options: { knowledge: { base: handbook, k: 2 } } }
cache: { shared_by: all, routes: { faq: {} } }
`);
    const body = { model: 'faq', temperature: 0, messages: [{ role: 'user', content: 'How long do refunds take?' }] };
    const ask = (stream = false) => fetch(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, stream }) });
    // No base yet: answered without context (flagged), and not stored.
    const ungrounded = await ask();
    await ungrounded.arrayBuffer();
    const trace = await h.traceOf(ungrounded.headers.get('x-switchyard-trace-id'));
    expect(trace.decisions?.knowledge).toMatchObject({ action: 'flag', reason: expect.stringMatching(/^retrieval failed/) });
    expect(trace.decisions?.cache).toMatchObject({ status: 'miss', stored: 'knowledge base "handbook" could not be searched, so the answer has no context' });
    // The base is published: the next call is grounded, not the stored ungrounded answer.
    writeFileSync(join(dir, 'refunds.md'), '# Refunds\n\nRefunds take five working days to reach the original payment method.\n');
    const store = openSqliteKnowledgeStore(knowledgeFileFor(h.gateway.stores.location));
    const kb = await openKnowledgeBase({ store, name: 'handbook', create: true });
    await indexDocuments(kb, walkPaths([join(dir, 'refunds.md')]));
    const grounded = await ask();
    expect(grounded.headers.get('x-switchyard-cache')).toBe('miss');
    const citations = grounded.headers.get('x-switchyard-citations');
    expect(JSON.parse(citations ?? '[]')).toEqual([expect.objectContaining({ index: 1, doc_id: expect.stringMatching(/refunds\.md$/) })]);
    await grounded.arrayBuffer();
    // Its hits, whole and streamed, carry the sources the answer was grounded in.
    const hit = await askUntil(h, body, 'hit');
    expect(hit.headers.get('x-switchyard-citations')).toBe(citations);
    expect(((await hit.json()) as { switchyard: { version: number } }).switchyard.version).toBe(1);
    const streamed = await ask(true);
    expect(streamed.headers.get('x-switchyard-cache')).toBe('hit');
    expect(streamed.headers.get('x-switchyard-citations')).toBe(citations);
    await streamed.arrayBuffer();
    // A new version (another document): once the gateway has read it (at most every 2 s), the old answer is not served.
    writeFileSync(join(dir, 'shipping.md'), '# Shipping\n\nOrders ship within two days; refunds are covered in the returns policy.\n');
    await indexDocuments(kb, walkPaths([join(dir, 'refunds.md'), join(dir, 'shipping.md')]));
    await store.close();
    const fresh = await askUntil(h, body, 'miss');
    expect(fresh.headers.get('x-switchyard-cache')).toBe('miss');
    expect(((await fresh.json()) as { switchyard: { version: number } }).switchyard.version).toBe(2);
  }, 60_000);
});
