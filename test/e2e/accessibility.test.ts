import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadtest } from '../../src/cli/loadtest-cli.js';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { SUPPORT_JSONL } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type AxeViolation, axeViolations, BLOCKING, describeViolations } from './axe.js';
import { e2eFixture } from './fixture.js';

// A gateway a team has used for a while: a routed split, a local task model, a knowledge route,
// guardrails, keys and teams, alerts, an eval run twice, a dataset, a load test and a review queue.
/** The one virtual key: with keys in the config, every call needs one. */
const KEY = 'sk-sy-a11y';
let traceId = '';
const runs: string[] = [];

const e2e = e2eFixture({
  extraConfig: `
keys: [ { key: ${KEY}, name: support-app, budget: { usd: 10, period: monthly } } ]
teams: [ { name: support-team, rate_limit: { requests_per_minute: 100 } } ]
routes:
  support: { policy: split, sticky: user, arms: [ { target: small, weight: 1 }, { target: judge, weight: 1 } ], options: { knowledge: { base: handbook, k: 2 } } }
  intent: { policy: static, target: small, options: { task: { type: classify, labels: [card, refund], min_examples: 100000, shadow_rate: 0 } } }
guardrails:
  pseudonym_key: a11y-pseudonym-secret
  policies: { private: { pii: { entities: { CREDIT_CARD: block } }, injection: { action: block } } }
  apply: { default: private }
monitoring:
  interval_seconds: 3600
  drift: { every_minutes: 0 }
  alerts: [ { name: slow-small, metric: latency_p95_ms, threshold: 60000, window_minutes: 60, route: small } ]
`,
  async prepare({ db, configPath }) {
    const store = openSqliteKnowledgeStore(knowledgeFileFor(db));
    await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
    await store.close();
    const quiet = [vi.spyOn(console, 'log').mockImplementation(() => undefined), vi.spyOn(console, 'error').mockImplementation(() => undefined)];
    try {
      await loadtest({ model: 'small', rps: '10', duration: '500ms', stream: true, maxTokens: '16', arrivals: 'uniform', perUser: '20', maxInFlight: '64', timeout: '10s', json: true, config: configPath });
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  },
  async seed({ url, server, openai, write }) {
    const client = openai(KEY);
    const answer = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Please write to ann.lee@example.com about my order.' }] }).withResponse();
    traceId = answer.response.headers.get('x-switchyard-trace-id') ?? '';
    for (let i = 0; i < 6; i++) await client.chat.completions.create({ model: 'support', user: `u${i}`, messages: [{ role: 'user', content: `How do refunds work? (${i})` }] });
    await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Reset my PIN' }] });
    const { csrf } = (await (await fetch(`${url}/api/session`)).json()) as { csrf: string };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    await post(`/api/traces/${traceId}/review`, { reason: 'check the redaction' });
    await post('/api/feedback', { trace_id: traceId, thumbs: 'down', comment: 'the answer missed the order' });
    await post('/api/datasets/support/items', { items: [{ id: 'card', input: 'Where is my new card?', expected: 'ships' }] });
    write('support-5.jsonl', SUPPORT_JSONL);
    const suite = 'name: support\ndataset: support-5.jsonl\nvariants:\n  small: { model: small, prompt: "Answer briefly: {{input}}" }\n  claude: { model: claude, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\n';
    for (let i = 0; i < 2; i++) runs.push((await evaluate({ suitePath: write('suite.yaml', suite), gatewayUrl: url, apiKey: KEY, stores: server.stores })).run.id);
    await server.traces.flush();
    await server.monitor.runOnce();
  },
  timeoutMs: 120_000,
});

/** Every page of the dashboard, by its address, and what shows it has its data (checked before axe). */
const PAGES: Array<[name: string, hash: () => string, shown: string]> = [
  ['overview', () => '#/overview?range=1h', '[data-testid=overview-stats]'],
  ['traces', () => '#/traces', '[data-testid=trace-table] tbody tr'],
  ['trace', () => `#/traces/${traceId}`, '[data-testid=guardrails]'],
  ['routes', () => '#/routes?range=1h', '[data-testid=route-intent]'],
  ['monitoring', () => '#/monitoring', '[data-testid=alerts]'],
  ['review queue', () => '#/review', '[data-testid=review-item]'],
  ['review rules', () => '#/review?tab=rules', 'main table'],
  ['reviewers', () => '#/review?tab=reviewers', '[data-testid=reviewer-accounts]'],
  ['datasets', () => '#/datasets', '[data-testid=datasets] tbody tr'],
  ['dataset', () => '#/datasets/support', '[data-testid=dataset-items] tbody tr'],
  ['eval runs', () => '#/evals', '[data-testid=runs] tbody tr'],
  ['eval run', () => `#/evals/${runs[0]}`, '[data-testid=cases] tbody tr'],
  ['runs compared', () => `#/evals/compare?a=${runs[0]}&b=${runs[1]}`, '[data-testid=comparison]'],
  ['keys', () => '#/keys', '[data-testid=key-support-app]'],
  ['providers', () => '#/providers', '[data-testid=targets]'],
  ['knowledge', () => '#/knowledge', '[data-testid=knowledge-bases] tbody tr'],
  ['knowledge base', () => '#/knowledge/handbook', '[data-testid=knowledge-documents] tbody tr'],
  ['load tests', () => '#/loadtests', '[data-testid=loadtests] tbody tr'],
  ['sign in', () => '#/login', 'form input'],
];

let page: Page;
beforeAll(async () => {
  page = await e2e.browser.newPage();
});
afterAll(() => page?.close());

/** Opens a page and waits until `shown` is there, its other data has come and nothing says "Loading…". */
async function open(hash: string, shown: string): Promise<void> {
  await page.goto(`${e2e.url}/${hash}`);
  await page.locator(shown).first().waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.getByText(/^Loading/).count()).toBe(0);
  // uPlot draws on the next frame; axe should see the finished chart.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

const found: Record<string, AxeViolation[]> = {};

describe.each([
  ['desktop', 1400],
  ['phone', 390],
])('dashboard accessibility at %s width (%i px)', (width, px) => {
  beforeAll(() => page.setViewportSize({ width: px, height: 900 }));
  afterAll(() => {
    // One line per page and rule: what docs/measurements.md records.
    for (const [name, violations] of Object.entries(found)) if (name.startsWith(width)) for (const v of violations) console.log(`axe ${name}: ${v.rule} ${v.impact} ×${v.targets.length}`);
    // Every element axe named, for whoever fixes them: A11Y_REPORT=/tmp/axe.json npx vitest run test/e2e/accessibility.test.ts
    if (process.env.A11Y_REPORT) writeFileSync(process.env.A11Y_REPORT, JSON.stringify(found, null, 1));
  });

  it.each(PAGES)('%s has no serious or critical axe violation', async (name, hash, shown) => {
    await open(hash(), shown);
    const violations = await axeViolations(page);
    found[`${width} ${name}`] = violations;
    expect(describeViolations(violations.filter((v) => BLOCKING.has(v.impact)))).toBe('');
  });
});

describe('dashboard accessibility with a control open', () => {
  const blocking = async () => describeViolations((await axeViolations(page)).filter((v) => BLOCKING.has(v.impact)));

  it('the monitoring page with its model picker listing names', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await open('#/monitoring', '[data-testid=alerts]');
    await page.getByRole('combobox', { name: 'model or route' }).focus();
    await page.getByRole('listbox').waitFor();
    expect(await blocking()).toBe('');
  });

  it('the review queue asking "Save …?"', async () => {
    await open('#/review', '[data-testid=review-item]');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-review').waitFor();
    expect(await blocking()).toBe('');
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-review').waitFor({ state: 'detached' });
  });
});

describe('charts in words', () => {
  it('names every time chart by its title and says its lowest, highest and last values', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await open('#/overview?range=1h', '[data-testid=overview-stats]');
    const figures = page.getByRole('figure');
    await expect.poll(() => figures.count()).toBe(6);
    const requests = page.getByRole('figure', { name: /^Requests and errors/ });
    // A canvas has no text: the plot is an image whose name is the chart in a sentence.
    const summary = await requests.getByRole('img').getAttribute('aria-label');
    expect(summary).toMatch(/^Requests and errors \(requests per [^)]+\), .+ → .+\. requests: (lowest \d+, highest \d+, last \d+|\d+)/);
    for (const figure of await figures.all()) expect(await figure.getByRole('img').getAttribute('aria-label')).toMatch(/: (lowest|no values|[$\d])/);
  });

  it('says each variant’s cost and quality on the cost–quality chart', async () => {
    await open(`#/evals/${runs[0]}`, '[data-testid=cases] tbody tr');
    const chart = page.getByRole('img', { name: /^Cost per case against quality\./ });
    expect(await chart.getAttribute('aria-label')).toMatch(/small: \$[\d.]+ per case, quality \d+%.*; claude: \$[\d.]+ per case, quality \d+%/);
  });
});

describe('the review queue from the keyboard alone', () => {
  /** Presses Tab until the focused control's text is `text`; how many presses it took. */
  async function tabTo(text: string, limit = 80): Promise<number> {
    for (let presses = 1; presses <= limit; presses++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return presses;
    }
    throw new Error(`"${text}" not reached in ${limit} presses of Tab`);
  }
  const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
  const outline = () => page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none'));

  it('tabs to a score, picks it and pass with Enter and Space, and saves with Enter after the question', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    // A page loaded afresh, so Tab starts at the top (a hash change keeps the focus where it was).
    await page.goto('about:blank');
    await open('#/review', '[data-testid=review-item]');
    const [item] = ((await (await fetch(`${e2e.url}/api/review/queue`)).json()) as { items: { id: string }[] }).items;
    const reviews = async () => ((await (await fetch(`${e2e.url}/api/review/items/${item?.id}`)).json()) as { reviews: { score: number | null; pass: boolean | null }[] }).reviews;
    const four = page.getByRole('group', { name: 'score' }).getByRole('button', { name: '4', exact: true });

    // The first stop skips the menu's eleven links: score 4 was 29 presses of Tab away, and is 17 past it.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to the page');
    expect(await outline()).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page');
    const presses = await tabTo('4');
    console.log(`review queue: score 4 reached with ${presses} presses of Tab after the skip link`);
    expect(presses).toBeLessThan(20);
    expect(await outline()).toBe('solid');
    // Enter on a focused score is that button's: it asked "nothing to save yet" before.
    await page.keyboard.press('Enter');
    expect(await four.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByText(/Nothing to save yet/).count()).toBe(0);
    await tabTo('Pass (p)');
    await page.keyboard.press('Space');
    expect(await page.getByRole('button', { name: 'Pass (p)' }).getAttribute('aria-pressed')).toBe('true');

    await tabTo('Save and next (Enter)');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-review').waitFor();
    // The question takes the focus, so the next Enter answers it.
    expect(await focused()).toBe('Yes, save (Enter)');
    // Enter on "Back" goes back, and saves nothing (it saved before), leaving the keyboard on "Save and next".
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Back (Esc)');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-review').waitFor({ state: 'detached' });
    expect(await reviews()).toEqual([]);
    expect(await focused()).toBe('Save and next (Enter)');

    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-review').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(reviews).toEqual([expect.objectContaining({ score: 4, pass: true })]);
  });
});
