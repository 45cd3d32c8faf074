import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const get = async (path: string) => {
  const res = await fetch(`${h.gateway.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
};

describe('the admin API over the knowledge bases routes ground in', () => {
  it('answers "none" without creating a knowledge store, then lists, shows and searches what kb add wrote', async () => {
    const file = knowledgeFileFor(h.gateway.stores.location);
    expect(await get('/api/knowledge')).toEqual({ status: 200, body: { bases: [] } });
    // The message names the file the gateway read and gives kb add that file: kb add's --db is the
    // knowledge file, local train's the gateway's store, and a base indexed elsewhere read as "none".
    expect((await get('/api/knowledge/handbook')).body.error?.message).toBe(
      `knowledge base "handbook" does not exist in ${resolve(file)} (known: none): index documents with switchyard kb add NAME docs/ --db ${resolve(file)}`,
    );
    // Looking must not leave an empty knowledge.db beside a gateway that grounds in nothing.
    expect(existsSync(file)).toBe(false);

    const store = openSqliteKnowledgeStore(file);
    await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
    await store.close();
    // A base indexed into another file reads as missing here: the answer says where the gateway looked.
    const other = await get('/api/knowledge/manual');
    expect(other.status).toBe(404);
    expect(other.body.error?.message).toMatch(/^knowledge base "manual" does not exist \(known: handbook\)/);
    expect(other.body.error?.message).toContain(`(the gateway reads knowledge bases from ${resolve(file)}; kb add takes it as --db ${resolve(file)})`);
    const list = await get('/api/knowledge');
    expect(list.body.bases).toEqual([expect.objectContaining({ name: 'handbook', version: 1, documents: 4 })]);
    const shown = await get('/api/knowledge/handbook');
    expect(shown.body).toMatchObject({ base: { name: 'handbook' }, versions: [{ version: 1, added: 4 }], more: 0 });
    expect((shown.body.documents as { docId: string; chars: number; text?: string }[]).map((d) => [d.docId, d.text, d.chars > 0])).toContainEqual(['src/knowledge/__fixtures__/docs/returns-policy.md', undefined, true]);
    const found = await get('/api/knowledge/handbook/search?query=how%20many%20business%20days%20do%20refunds%20take&k=2');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ version: 1, results: [{ docId: 'src/knowledge/__fixtures__/docs/returns-policy.md', headingPath: ['Returns policy', 'Refunds'] }, expect.anything()] });
    // The names the rest of the admin API and kb search use; the search was added in the same release, so no old names.
    expect(Object.keys((found.body.results as object[])[0] ?? {})).toEqual(['docId', 'chunkId', 'score', 'title', 'headingPath', 'start', 'end', 'text']);
  });

  it("cuts a document's 20,000-character title and 100 kB metadata field where they are shown", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-huge-'));
    writeFileSync(join(dir, 'huge.md'), `---\ntitle: ${'T'.repeat(20_000)}\nnotes: ${'m'.repeat(100_000)}\ntags: [${'x'.repeat(1_000)}, b]\n---\n# ${'H'.repeat(5_000)}\n\nRefunds take 5 days.\n`);
    const store = openSqliteKnowledgeStore(knowledgeFileFor(h.gateway.stores.location));
    await indexDocuments(await openKnowledgeBase({ store, name: 'huge', create: true }), walkPaths([dir]));
    await store.close();
    const res = await fetch(`${h.gateway.url}/api/knowledge/huge`);
    const shown = (await res.json()) as { documents: { title: string; metadata: Record<string, unknown> }[] };
    expect(shown.documents[0]?.title).toBe(`${'T'.repeat(200)}…`);
    expect(shown.documents[0]?.metadata).toMatchObject({ notes: `${'m'.repeat(200)}…`, tags: [`${'x'.repeat(200)}…`, 'b'] });
    expect(Number(res.headers.get('content-length') ?? Number.POSITIVE_INFINITY)).toBeLessThan(5_000);
    const found = await get('/api/knowledge/huge/search?query=refunds');
    expect(found.body).toMatchObject({ results: [{ title: `${'T'.repeat(200)}…`, headingPath: [`${'H'.repeat(200)}…`] }] });
  });
});
