import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { toTrainedModel } from '../../src/local/train/trained-model.js';
import { openSqliteModelRegistry } from '../../src/store/sqlite/sqlite-model-registry.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A trace says in words how it was routed: a cascade's steps with their verdicts, a split's arm and
// why, a local model's answer and what it saved. These were only in the raw decisions JSON.
const BAR = { minPrecision: 0.95, minCoverage: 0.3 };
const ids = { cascade: '', reasked: '', split: '', local: '', nested: '', long: '', judged: '', stepLocal: '', stepPassed: '', inner: '' };
/** `coarse` knows four of the eight intents and sends the rest to `intent`, a classify route too. */
const COARSE = EIGHT_LABELS.slice(0, 4);

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  large: { provider: sim, model: standin-large, price: { input_per_mtok: 5, output_per_mtok: 10 } }
routes:
  extract:
    policy: cascade
    targets: [small, large]
    escalate_on: { validation: { json_schema: { type: object, required: [name, amount] } } }
  extract-strict:
    policy: cascade
    targets: [small, large]
    escalate_on: { validation: { json_schema: { type: object, required: [name, amount], properties: { name: { type: string }, amount: { type: number } } } } }
  graded:
    policy: cascade
    targets: [small, large]
    escalate_on: { judge: { model: large, min_score: 0.5 } }
  support:
    policy: split
    sticky: user
    arms: [ { target: small, weight: 1 }, { target: large, weight: 1 } ]
  front:
    policy: conditional
    rules: [ { when: { metadata: { kind: { equals: intent } } }, target: intent } ]
    default: small
  coarse:
    policy: static
    target: intent
    options:
      task: { type: classify, labels: [${COARSE.join(', ')}], min_examples: 100000, retrain_every: 100000, min_precision: ${BAR.minPrecision}, min_coverage: ${BAR.minCoverage}, shadow_rate: 0 }
  triage:
    policy: cascade
    targets: [intent, large]
    escalate_on: { validation: { labels: [${EIGHT_LABELS.join(', ')}] } }
  intent:
    policy: static
    target: large
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_precision: ${BAR.minPrecision}, min_coverage: ${BAR.minCoverage}, shadow_rate: 0 }
guardrails:
  policies:
    json-only: { output: { json_schema: { schema: { type: object }, action: block, max_reasks: 1 } } }
  apply:
    routes: { extract-strict: json-only }
traces: { flush_interval_ms: 5 }
`,
  async prepare(e) {
    const { bytes } = toTrainedModel(trainClassifier(banking77('train', EIGHT_LABELS, 60), { minPrecision: BAR.minPrecision, seed: 7 }));
    const registry = openSqliteModelRegistry(e.db);
    await registry.register({ route: 'intent', dataVersion: 'fixture', metrics: { accuracy: 0.97, coverage: 0.8, precision: 0.99, examples: 300 }, model: bytes, createdAt: Date.now() });
    await registry.promote('intent', 1, BAR, Date.now());
    const coarse = toTrainedModel(trainClassifier(banking77('train', COARSE, 60), { minPrecision: BAR.minPrecision, seed: 7 }));
    await registry.register({ route: 'coarse', dataVersion: 'fixture', metrics: { accuracy: 0.97, coverage: 0.8, precision: 0.99, examples: 240 }, model: coarse.bytes, createdAt: Date.now() });
    await registry.promote('coarse', 1, BAR, Date.now());
    await registry.close();
  },
  async seed({ sim, openai }) {
    // The small model's answer fails the schema, so the cascade escalates to the large one.
    sim.addScript({ model: 'standin-small', match: 'invoice', reply: 'Ann paid twelve.' });
    sim.addScript({ model: 'standin-large', match: 'invoice', reply: '{"name":"Ann","amount":12}' });
    const client = openai();
    const traced = async (model: string, content: string, user?: string) => {
      const { data, response } = await client.chat.completions.create({ model, user, messages: [{ role: 'user', content }] }).withResponse();
      return { id: response.headers.get('x-switchyard-trace-id') as string, model: data.model };
    };
    ids.cascade = (await traced('extract', 'Who paid what on invoice 7?')).id;
    // extract-strict: the guardrail re-asks the small model's prose inside its step; its JSON still lacks "amount", so the cascade escalates.
    sim.addScript({ model: 'standin-small', match: 'rejected because it does not match', reply: '{"name":"Bo"}' });
    sim.addScript({ model: 'standin-small', match: 'receipt', reply: 'Bo paid.' });
    sim.addScript({ model: 'standin-large', match: 'receipt', reply: '{"name":"Bo","amount":3}' });
    ids.reasked = (await traced('extract-strict', 'Who paid what on receipt 9?')).id;
    ids.split = (await traced('support', 'Where is my card?', 'u1')).id;
    // The judge grades the small model's answer 2 of 5 (0.25 < 0.5): the cascade escalates.
    sim.addScript({ model: 'standin-large', match: 'You grade an assistant answer', reply: '2' });
    ids.judged = (await traced('graded', 'Summarise the refund policy')).id;
    sim.addScript({ model: 'standin-large', match: 'essay', reply: `${'All work and no play. '.repeat(550)}THE END` });
    ids.long = (await traced('large', 'Write an essay')).id;
    // The first test question of the route's labels that the local model answers itself.
    let answered = '';
    for (const example of banking77('test', EIGHT_LABELS, 3)) {
      const answer = await traced('intent', example.text);
      if (answer.model.startsWith('local:')) {
        ids.local = answer.id;
        answered = example.text;
        break;
      }
    }
    expect(ids.local).not.toBe('');
    // The same question through a conditional route whose rule sends it to intent: intent's local model answers it there too.
    const { data: nested, response } = await client.chat.completions.create({ model: 'front', messages: [{ role: 'user', content: answered }] }, { headers: { 'x-switchyard-metadata': '{"kind":"intent"}' } }).withResponse();
    expect(nested.model).toBe('local:intent@v1');
    ids.nested = response.headers.get('x-switchyard-trace-id') as string;
    // Words the model never saw escalate to the route's paid target: what each local answer saved is its cost.
    expect((await traced('intent', 'zqxv plorf wumbleton grivvy')).model).toBe('standin-large');
    // As a cascade's first step: the local model answers what it knows, and passes the rest to step 2.
    const stepLocal = await traced('triage', answered);
    expect(stepLocal.model).toBe('local:intent@v1');
    ids.stepLocal = stepLocal.id;
    const stepPassed = await traced('triage', 'zqxv plorf wumbleton grivvy');
    expect(stepPassed.model).toBe('standin-large');
    ids.stepPassed = stepPassed.id;
    // A question of the four intents coarse does not know: it passes it on, and intent's local model answers.
    for (const example of banking77('test', EIGHT_LABELS.slice(4), 3)) {
      const answer = await traced('coarse', example.text);
      if (answer.model === 'local:intent@v1') {
        ids.inner = answer.id;
        break;
      }
    }
  },
});

describe('a trace says how it was routed', () => {
  it("lists a cascade's steps with their verdicts, tokens and cost, and folds the raw JSON", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.cascade}`);
    const routing = page.getByTestId('routing');
    await routing.waitFor();
    // Once, with the verdicts: not again as one route step a target.
    expect(await routing.getByTestId('route-steps').count()).toBe(0);
    expect(await routing.innerText()).toContain('Cascade extract: each target in turn');
    const steps = routing.getByTestId('cascade-steps').locator('tbody');
    expect(await steps.count()).toBe(2);
    expect((await steps.nth(0).innerText()).trim()).toMatch(/^1\s+small\s+escalate\s+\d+ \/ \d+\s+\$0\.\d{5}\s+step 1 escalated on validation: answer is not JSON\s+model time \d+(\.\d+)? ms$/);
    expect((await steps.nth(1).innerText()).trim()).toMatch(/^2\s+large\s+final\s+\d+ \/ \d+\s+\$0\.\d{5}\s+step 2 \(last\)\s+model time \d+(\.\d+)? ms$/);
    // Every cell's text within its cell and the side panel: six columns in it pushed the cost past its edge.
    const spills = await routing.evaluate((panel) => {
      const right = panel.getBoundingClientRect().right;
      return [...panel.querySelectorAll<HTMLElement>('th, td')].filter((cell) => cell.scrollWidth > cell.clientWidth + 1 || cell.getBoundingClientRect().right > right + 1).map((cell) => cell.textContent);
    });
    expect(spills).toEqual([]);
    // The JSON is still there, folded under the panels that say it in words.
    const raw = page.getByTestId('decisions-json');
    expect(await raw.locator('pre.json').isVisible()).toBe(false);
    await raw.locator('summary').click();
    expect(await raw.locator('pre.json').innerText()).toContain('"cascade"');
    await page.screenshot({ path: join(SHOTS, 'trace-routing-cascade.png'), fullPage: true });
    await page.close();
  });

  it("links a judged step to its judge's call, with the score and what the call cost", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.judged}`);
    const first = page.getByTestId('routing').getByTestId('cascade-steps').locator('tbody').nth(0);
    await first.waitFor();
    // Before 2026-12-07 the step said "score 0.25 < 0.5" and nothing led to the judge's call; then
    // the score alone, not the route's bar it was compared with (now on the step, min_score 0.5).
    expect(await first.getByTestId('cascade-step-calls').innerText()).toMatch(/ · judge scored 0\.25 < 0\.5, \$0\.\d+ \(its own call, not in this step's cost\)$/);
    const trace = (await (await fetch(`${e2e.url}/api/traces/${ids.judged}`)).json()) as { decisions: { route: { cascade: { judge?: { score: number; minScore: number } }[] } } };
    expect(trace.decisions.route.cascade[0]?.judge).toMatchObject({ score: 0.25, minScore: 0.5 });
    await first.getByRole('link', { name: 'judge' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/traces\/tr_/);
    expect(page.url()).not.toContain(ids.judged);
    await page.close();
  });

  it("shows a re-ask inside a cascade step in that step's figures, and the steps add up to the trace's cost", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.reasked}`);
    const steps = page.getByTestId('cascade-steps').locator('tbody');
    await steps.first().waitFor();
    // The figures on the page are the trace's: the cheap step's tokens are its two answers'.
    const trace = (await (await fetch(`${e2e.url}/api/traces/${ids.reasked}`)).json()) as { inputTokens: number; outputTokens: number; decisions: { route: { cascade: { inputTokens: number; outputTokens: number }[] } } };
    expect(await steps.count()).toBe(2);
    expect(await steps.nth(0).getByTestId('cascade-step-calls').innerText()).toMatch(/^model time \d+(\.\d+)? ms · 2 answers, 1 re-asked by the guardrail: all in this step's tokens and cost$/);
    expect(await steps.nth(1).getByTestId('cascade-step-calls').innerText()).toMatch(/^model time \d+(\.\d+)? ms$/);
    const [cheap, strong] = trace.decisions.route.cascade;
    expect((cheap?.inputTokens ?? 0) + (strong?.inputTokens ?? 0)).toBe(trace.inputTokens);
    expect((cheap?.outputTokens ?? 0) + (strong?.outputTokens ?? 0)).toBe(trace.outputTokens);
    expect((await steps.nth(0).innerText()).trim()).toContain(`${cheap?.inputTokens} / ${cheap?.outputTokens}`);
    await page.close();
  });

  it("gives a split's arm and why", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.split}`);
    const row = page.getByTestId('route-steps').locator('tbody');
    await row.waitFor();
    expect((await row.innerText()).trim()).toMatch(/^split\s+support\s+(small|large)\s+arm [12] of 2 \(50%\), sticky on user$/);
    expect(await page.getByTestId('cascade-steps').count()).toBe(0);
    await page.close();
  });

  it("says what a route's local model answered and saved, and the trace list marks the call as the route's, answered locally", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.local}`);
    const local = page.getByTestId('local-decision');
    await local.waitFor();
    expect(await local.innerText()).toMatch(/^Answered by local model v1: [a-z_]+ at confidence [01]\.\d\d in .+ ms; no provider was called, saving (\$0\.\d{5}|<\$0\.00001) \(the route's target at its price\)\.$/);
    expect(await page.locator('.stat').first().innerText()).toMatch(/^Route\s+intent\s+chose local/);
    await page.goto(`${e2e.url}/#/traces?model=intent`);
    const cell = page.getByTestId('trace-table').locator('tbody tr', { has: page.locator(`a[href$="${ids.local}"]`) }).locator('td[data-label=model]');
    expect(await cell.getByTestId('routed-to').innerText()).toMatch(/^route\s*→ local$/);
    await page.screenshot({ path: join(SHOTS, 'trace-routing-local.png'), fullPage: true });
    // The routes page charts the money those answers saved, a running total that ends at the card's "saved" figure.
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId('route-intent');
    const chart = card.getByTestId('chart-Saved by local answers');
    await chart.waitFor();
    const saved = (await card.locator('.stats > div', { hasText: 'saved' }).locator('.big').innerText()).trim();
    expect(saved).toMatch(/^(\$0\.\d+|<\$0\.\d+)$/);
    expect(await card.innerText()).toContain('Saved by local answers · USD, running total over the range');
    expect(await chart.locator('.u-legend .u-series').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('saved')]));
    // Its axis in dollars as the overview's cost charts write them, every tick to one precision (usd per tick read "$0.00500", "$0.01").
    const ticks = (JSON.parse((await chart.getAttribute('data-y-ticks')) as string) as { label: string }[]).map((t) => t.label).filter((l) => l && l !== '$0');
    expect(ticks.length).toBeGreaterThan(0);
    for (const label of ticks) expect(label).toMatch(/^\$[\d,]+(\.\d+)?$/);
    expect(new Set(ticks.map((l) => l.split('.')[1]?.length ?? 0)).size).toBe(1);
    await card.screenshot({ path: join(SHOTS, 'routes-savings.png') });
    await page.close();
  });

  it('says which route’s local model answered a call another route sent there, under the outer route’s step', async () => {
    expect(ids.nested).not.toBe('');
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.nested}`);
    const local = page.getByTestId('local-decision');
    await local.waitFor();
    expect(await local.innerText()).toMatch(/^Answered by local model v1 of route intent: [a-z_]+ at confidence [01]\.\d\d in .+ ms; no provider was called/);
    const steps = page.getByTestId('route-steps').locator('tbody');
    expect((await steps.first().innerText()).trim()).toMatch(/^conditional\s+front\s+intent\s+rule 1: metadata\.kind = "intent"$/);
    // The inner route's step under it (before 2026-12-07 the table showed front's step alone).
    expect(await steps.count()).toBe(2);
    expect((await steps.nth(1).innerText()).trim()).toMatch(/^local\s+intent\s+local\s+its local model v1 answered [a-z_]+ at confidence [01]\.\d\d$/);
    // The card reads outer → inner → local: front chose intent, whose local model answered (it read "chose local").
    expect(await page.locator('.stat').first().innerText()).toMatch(/^Route\s+front\s+chose intent > local ·/);
    await page.goto(`${e2e.url}/#/traces?model=front`);
    const cell = page.getByTestId('trace-table').locator('tbody tr', { has: page.locator(`a[href$="${ids.nested}"]`) }).locator('td[data-label=model]');
    expect(await cell.getByTestId('routed-to').innerText()).toMatch(/^route\s*→ intent > local$/);
    await page.close();
  });

  it('says a cascade step’s local model answered, or that the cascade went on to its next step when it passed the call on', async () => {
    expect(ids.stepLocal).not.toBe('');
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.stepLocal}`);
    const local = page.getByTestId('local-decision');
    await local.waitFor();
    expect(await local.innerText()).toMatch(/^Answered by local model v1 of route intent: [a-z_]+ at confidence [01]\.\d\d in .+ ms; no provider was called/);
    // Step 1 is intent's, accepted at no cost: no model was called.
    expect(await page.getByTestId('routing').innerText()).toMatch(/\n1\s+intent\s+accept\s+0 \/ 0\s+\$0\s+step 1 accepted: passed validation/);
    await page.goto(`${e2e.url}/#/traces/${ids.stepPassed}`);
    await page.getByTestId('local-decision').waitFor();
    // It read "The route's target answered.": intent's own target was never called, the cascade's step 2 answered.
    expect(await page.getByTestId('local-decision').innerText()).toMatch(/^Passed on by local model v1 of route intent .*: .+\. Cascade triage went on to its next step\.$/);
    await page.close();
  });

  it('names the outer local model that passed the call on before the inner one answered', async () => {
    expect(ids.inner).not.toBe('');
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.inner}`);
    await page.getByTestId('local-before').waitFor();
    expect(await page.getByTestId('local-before').innerText()).toMatch(/^First, local model v1 of route coarse passed it on: .+\.$/);
    expect(await page.getByTestId('local-decision').innerText()).toMatch(/^Answered by local model v1 of route intent: /);
    await page.close();
  });

  it('keeps a long answer whole in a box that scrolls, so a phone reaches the routing without 12,000 characters of scrolling', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/traces/${ids.long}`);
    const answer = page.getByTestId('long-answer');
    await answer.waitFor();
    expect((await answer.innerText()).endsWith('THE END')).toBe(true);
    const box = await answer.evaluate((el) => ({ height: el.clientHeight, scrolls: el.scrollHeight > el.clientHeight }));
    expect(box.scrolls).toBe(true);
    expect(box.height).toBeLessThanOrEqual(844 / 2 + 1);
    expect(await page.getByTestId('answer').innerText()).toContain('12,107 characters: the rest scrolls in the box');
    // The page below the answer is a screen or two away, not thousands of pixels.
    const attempts = await page.getByTestId('attempts').boundingBox();
    expect(attempts?.y ?? Infinity).toBeLessThan(3 * 844);
    await page.screenshot({ path: join(SHOTS, 'trace-long-answer-phone.png'), fullPage: true });
    await page.close();
  });
});
