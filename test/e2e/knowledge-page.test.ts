import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 2 } } }
`,
  // As `switchyard kb add handbook src/knowledge/__fixtures__/docs` writes it, beside the gateway's store.
  async prepare({ db }) {
    const store = openSqliteKnowledgeStore(knowledgeFileFor(db));
    await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
    // Headings with no space to break at, as a converter writes a paragraph under '#'.
    const hostile = mkdtempSync(join(tmpdir(), 'kb-hostile-'));
    writeFileSync(join(hostile, 'long-heading.md'), `# ${'A'.repeat(5_000)}\n\n## ${'B'.repeat(3_000)}\n\nrefunds ${'C'.repeat(3_000)} refunds\n`);
    await indexDocuments(await openKnowledgeBase({ store, name: 'hostile', create: true }), walkPaths([hostile]));
    await store.close();
  },
});

describe('knowledge bases on the dashboard', () => {
  it('lists the bases, shows one with its documents and versions, and tries a question as a route retrieves', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/knowledge`);
    const bases = page.getByTestId('knowledge-bases');
    await bases.waitFor();
    expect(await bases.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^handbook\s+1\s+4\s+\d+\s+none \(BM25 only\)/), expect.stringMatching(/^hostile\s+1\s+1\s/)]);
    await bases.getByRole('link', { name: 'handbook' }).click();
    const documents = page.getByTestId('knowledge-documents');
    await documents.waitFor();
    const rows = await documents.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(4);
    expect(rows.join('\n')).toContain('src/knowledge/__fixtures__/docs/returns-policy.md');
    expect(rows.join('\n')).toContain('Returns policy');
    expect(await page.getByTestId('knowledge-versions').locator('tbody tr').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'question' }).fill('How many business days do refunds take?');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('knowledge-results');
    await results.waitFor();
    const first = await results.locator('li').first().innerText();
    expect(first).toMatch(/^Returns policy\s+src\/knowledge\/__fixtures__\/docs\/returns-policy\.md#\d+ › Returns policy › Refunds · score/);
    expect(first).toContain('5 business days');
    await page.screenshot({ path: join(SHOTS, 'knowledge-base.png'), fullPage: true });
  });

  it("a found chunk's long headings and unbroken text stay inside the page's width", async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/knowledge/hostile`);
    await page.getByRole('searchbox', { name: 'question' }).fill('refunds');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('knowledge-results').waitFor();
    // Drawn whole, the headings and text pushed the page 43,000 px wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await page.getByTestId('knowledge-results').locator('li').first().innerText()).toContain(`${'A'.repeat(59)}…`);
    await page.screenshot({ path: join(SHOTS, 'knowledge-long-headings.png'), fullPage: true });
  });

  it('a base that does not exist is a 404 naming the known ones; a k past 50 is a 400 naming k', async () => {
    const missing = await fetch(`${e2e.url}/api/knowledge/handbok`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/knowledge base \\"handbok\\" does not exist; did you mean \\"handbook\\"\? \(known: handbook, hostile\)/);
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/knowledge/handbok`);
    expect(await page.getByRole('alert').innerText()).toMatch(/did you mean "handbook"/);
    const bad = await fetch(`${e2e.url}/api/knowledge/handbook/search?k=500&query=refunds`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/k must be an integer from 1 to 50/);
  });
});
