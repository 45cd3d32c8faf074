import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { documentSet } from '../../src/knowledge/ingest/source-item.js';
import { paragraphBlocks } from '../../src/knowledge/ingest/paragraph-blocks.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

const DOCS = 'src/knowledge/__fixtures__/docs';
const cacheDir = mkdtempSync(join(tmpdir(), 'sy-kb-purge-cache-'));
const cacheFile = join(cacheDir, 'cache.db');
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  small: { provider: sim, model: standin-small }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3 } } }
cache:
  store: sqlite
  sqlite_path: ${cacheFile}
  routes: { support: {} }
`);
  const store = openSqliteKnowledgeStore(knowledgeFileFor(h.gateway.stores.location));
  await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths([DOCS]));
  await store.close();
});
afterAll(async () => {
  await h.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown) => {
  // The open loopback gateway's session, as a script signs its changes (the csrf of GET /api/session).
  const session = await fetch(`${h.gateway.url}/api/session`);
  const csrf = ((await session.json()) as { csrf: string }).csrf;
  const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
};
const cited = async () => {
  const res = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'support', messages: [{ role: 'user', content: 'How many business days do refunds take?' }] }) });
  const answer = (await res.json()) as { switchyard: { version: number; citations: { doc_id: string }[] } };
  return { version: answer.switchyard.version, docs: answer.switchyard.citations.map((c) => c.doc_id) };
};

describe('POST /api/knowledge/NAME/remove', () => {
  it('takes documents out of what the gateway retrieves from the next request, and refuses typos naming close ids', async () => {
    expect(await cited()).toEqual({ version: 1, docs: expect.arrayContaining([`${DOCS}/returns-policy.md`]) });
    const typo = await post('/api/knowledge/handbook/remove', { documents: [`${DOCS}/returns-polcy.md`] });
    expect(typo.status).toBe(404);
    expect(typo.body.error?.message).toBe(`no document "${DOCS}/returns-polcy.md" (did you mean "${DOCS}/returns-policy.md"?) in knowledge base "handbook" (version 1, 4 documents); nothing was removed. switchyard kb show handbook lists its document ids`);
    expect((await post('/api/knowledge/handbook/remove', { documents: 'x' })).body.error?.message).toMatch(/^"documents" must be a list of 1–10,000 document ids/);
    expect((await post('/api/knowledge/handbook/remove', { docs: ['x'] })).body.error?.message).toMatch(/unknown field "docs"/);
    const removed = await post('/api/knowledge/handbook/remove', { documents: [`${DOCS}/returns-policy.md`] });
    expect(removed).toEqual({ status: 200, body: { name: 'handbook', version: 2, removed: [`${DOCS}/returns-policy.md`], documents: 3, chunks: expect.any(Number) } });
    // At once, not within the 2 s a kb add in another process takes to be seen.
    const after = await cited();
    expect(after.version).toBe(2);
    expect(after.docs).not.toContain(`${DOCS}/returns-policy.md`);
  });

  it('serialises removals and an indexing that arrive together (two API requests, a kb add in another process): each lands in its own version', async () => {
    const store = openSqliteKnowledgeStore(knowledgeFileFor(h.gateway.stores.location));
    try {
      const kb = await openKnowledgeBase({ store, name: 'handbook' });
      const before = kb.record;
      const notes = Array.from({ length: 30 }, (_, i) => ({ id: `notes/${i}`, title: `Note ${i}`, text: `Canteen dish ${i}.`, blocks: paragraphBlocks(`Canteen dish ${i}.`), metadata: {} }));
      const [first, second, indexed] = await Promise.all([
        post('/api/knowledge/handbook/remove', { documents: [`${DOCS}/care-guide.html`] }),
        post('/api/knowledge/handbook/remove', { documents: [`${DOCS}/notes.txt`] }),
        indexDocuments(kb, documentSet('notes', notes), { batchDocuments: 3 }),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect([first.body.version, second.body.version, indexed.version].sort()).toEqual([before.version + 1, before.version + 2, before.version + 3]);
      const versions = await store.versions(kb.record.id);
      for (const v of versions) expect((await store.listDocuments(kb.record.id, v.version, 100)).length).toBe(v.documents);
      expect(await kb.refresh()).toMatchObject({ version: before.version + 3, documents: before.documents - 2 + 30 });
    } finally {
      await store.close();
    }
  });

  it('purges with "purge": true, a document only earlier versions hold included, and refuses a purge that is not a boolean', async () => {
    expect((await post('/api/knowledge/handbook/remove', { documents: [`${DOCS}/warranty.pdf`], purge: 'yes' })).body.error?.message).toBe('"purge" must be true or false, got "\\"yes\\""');
    // returns-policy.md was removed (kept by version 1) by the first test: forgotten now, without a new version.
    const purged = await post('/api/knowledge/handbook/remove', { documents: [`${DOCS}/returns-policy.md`], purge: true });
    expect(purged.status).toBe(200);
    expect(purged.body).toMatchObject({ removed: [`${DOCS}/returns-policy.md`], purged: { versions: [1], rows: 1 } });
    const store = openSqliteKnowledgeStore(knowledgeFileFor(h.gateway.stores.location));
    try {
      const kb = await openKnowledgeBase({ store, name: 'handbook' });
      expect(kb.record.version).toBe(purged.body.version);
      expect(await store.getDocument(kb.record.id, `${DOCS}/returns-policy.md`, 1)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe('a purge through the admin API reaches the gateway\'s cached answers and traces', () => {
  /** The cache file's entries, and those whose answer cited `docId`. */
  const stored = (docId: string) => {
    const db = new Database(cacheFile, { readonly: true });
    try {
      const values = (db.prepare('SELECT value FROM response_cache').all() as { value: string }[]).map((row) => row.value);
      return { all: values.length, citing: values.filter((value) => value.includes(JSON.stringify(JSON.stringify(docId)).slice(1, -1))).length };
    } finally {
      db.close();
    }
  };

  it('deletes the cached answers that cited the purged document and its text from the traces, keeps the others, and says how many', async () => {
    const openai = h.openai('any');
    const ask = (content: string) => openai.chat.completions.create({ model: 'support', temperature: 0, messages: [{ role: 'user', content }] }).withResponse();
    const warranty = `${DOCS}/warranty.pdf`;
    const claim = await ask('How do I make a warranty claim for a defect?');
    expect((claim.data as unknown as { switchyard: { citations: { doc_id: string }[] } }).switchyard.citations.map((c) => c.doc_id)).toContain(warranty);
    expect((await ask('How do I make a warranty claim for a defect?')).response.headers.get('x-switchyard-cache')).toBe('hit');
    await ask('How often should a waxed jacket be re-waxed?');
    await ask('What does the canteen serve?');
    const before = stored(warranty);
    expect(before.citing).toBeGreaterThanOrEqual(1);
    expect(before.all).toBeGreaterThan(before.citing);
    // The trace of the call kept the retrieved chunk's text (traces.bodies: full is the default).
    const traced = await h.traceOf(claim.response);
    expect(JSON.stringify(traced.decisions)).toContain('care@harbor.example');
    const purged = await post('/api/knowledge/handbook/remove', { documents: [warranty], purge: true });
    expect(purged.status).toBe(200);
    // Before, the answers stayed in the cache (unreachable under the new version's key) until they
    // expired, and the traces kept the document's text.
    expect(purged.body).toMatchObject({ removed: [warranty], purged: { cachedAnswers: before.citing, traces: expect.any(Number) } });
    expect((purged.body.purged as { traces: number }).traces).toBeGreaterThanOrEqual(1);
    const scrubbed = await h.traceOf(claim.response);
    expect(JSON.stringify(scrubbed.decisions)).not.toContain('care@harbor.example');
    expect((scrubbed.decisions?.knowledge as { chunks: { docId: string }[] }).chunks.map((c) => c.docId)).toContain(warranty);
    expect(stored(warranty)).toEqual({ all: before.all - before.citing, citing: 0 });
    const again = await ask('How do I make a warranty claim for a defect?');
    expect(again.response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((again.data as unknown as { switchyard: { citations: { doc_id: string }[] } }).switchyard.citations.map((c) => c.doc_id)).not.toContain(warranty);
  });
});
