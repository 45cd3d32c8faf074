import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import type { LocalRoute } from '../../src/local/serving/local-route.js';
import type { ReviewItem } from '../../src/review/types.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const ROUTE = 'support-intent';
const PER_HOUR = 5;
let h: Harness;
let client: OpenAI;
let local: LocalRoute;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large }
routes:
  ${ROUTE}:
    policy: static
    target: teacher
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 1 }
guardrails:
  policies:
    watch:
      output:
        pii: { action: flag, entities: [EMAIL] }
  apply: { default: watch }
review:
  low_confidence: { per_hour: ${PER_HOUR} }
  disagreements: { per_hour: ${PER_HOUR} }
`);
  client = h.openai('any');
  // A live model on eight intents, trained from stored examples (no traffic needed).
  const at = Date.now();
  await h.gateway.stores.examples.add(banking77('train', EIGHT_LABELS, 120).map((e) => ({ ...e, route: ROUTE, source: 'teacher' as const, traceId: null, at })));
  local = h.gateway.locals.get(ROUTE) as LocalRoute;
  await local.retrain();
  expect(local.liveVersion).toBe(1);
}, 120_000);
afterAll(async () => {
  await h.close();
});

async function ask(text: string): Promise<string> {
  const completion = await client.chat.completions.create({ model: ROUTE, messages: [{ role: 'user', content: text }] });
  return completion.model;
}

/** Banking questions of the 69 intents the model never saw: many leave it unsure. */
function unsureQuestions(): string[] {
  const all = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/banking77/categories.json'), 'utf8')) as string[];
  const others = all.filter((label) => !(EIGHT_LABELS as readonly string[]).includes(label));
  return banking77('test', others, 2)
    .map((e) => e.text)
    .filter((text) => {
      const p = local.predict(text);
      return p !== undefined && p.escalate && p.confidence < 0.5;
    });
}

describe('the review queue under a local model that escalates', () => {
  it('gets a bounded, de-duplicated sample of the unsure escalations, and every flag', async () => {
    const unsure = unsureQuestions();
    expect(unsure.length).toBeGreaterThan(20);
    // One question asked six times (without collapsing, it alone would spend the cap), then the rest.
    for (const text of [...Array.from({ length: 5 }, () => unsure[0] as string), ...unsure]) expect(await ask(text)).toBe('standin-large');
    // After the route's cap is spent, a flagged answer still lands.
    const trivia = 'Which NFL team won Super Bowl 50? Reply to me by mail.';
    expect(local.predict(trivia)?.escalate).toBe(true);
    h.sim.addScript({ exact: trivia, reply: 'The Denver Broncos; I wrote to ana@example.com.' });
    expect(await ask(trivia)).toBe('standin-large');

    await h.waitForTrace((t) => (t.decisions?.guardrails as { action?: string }[] | undefined)?.some((g) => g.action === 'flag') === true);
    await h.gateway.traces.flush();
    const queue = await h.gateway.stores.reviews.queue({ reviewer: 'ana', limit: 500 });
    const flags = queue.filter((i) => i.source === 'flag');
    const samples = queue.filter((i) => i.source === 'sample');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.reason).toMatch(/EMAIL/);
    expect(samples).toHaveLength(PER_HOUR); // not the unsure.length + 5 the old rule queued
    for (const item of samples) expect(item.reason).toMatch(/^local: low confidence 0\.\d\d \(sampled among the route’s uncertain requests\)$/);
    // One item per question: the six copies of the first are one item.
    const texts = await Promise.all(samples.map(async (i) => JSON.stringify((await h.gateway.store.getTrace(i.traceId as string))?.request)));
    expect(new Set(texts).size).toBe(PER_HOUR);
  }, 120_000);

  it('queues a local answer the large model contradicted in its shadow check', async () => {
    const text = banking77('test', EIGHT_LABELS, 20)
      .map((e) => e.text)
      .find((t) => local.predict(t)?.escalate === false) as string;
    const label = local.predict(text)?.label;
    const other = label === 'pin_blocked' ? 'card_arrival' : 'pin_blocked';
    h.sim.addScript({ exact: text, reply: other });
    expect(await ask(text)).toBe('local:support-intent@v1');
    let item: ReviewItem | undefined;
    for (let i = 0; i < 200 && !item; i++) {
      item = (await h.gateway.stores.reviews.queue({ reviewer: 'ana', limit: 500 })).find((x) => x.reason.startsWith('shadow check'));
      if (!item) await new Promise((r) => setTimeout(r, 20));
    }
    expect(item).toMatchObject({ source: 'sample', reason: `shadow check: answered "${label}" locally, the large model said "${other}"` });
    expect((await h.traceOf(item?.traceId)).provider).toBe('local');
  });

  it('flags a demotion, past the disagreements’ cap', async () => {
    // Confident local answers the teacher contradicts every time: after 50 the model is pulled.
    const texts = banking77('train', EIGHT_LABELS, 40)
      .map((e) => e.text)
      .filter((t) => local.predict(t)?.escalate === false)
      .slice(0, 60);
    expect(texts.length).toBe(60);
    for (const text of texts) h.sim.addScript({ exact: text, reply: local.predict(text)?.label === 'pin_blocked' ? 'card_arrival' : 'pin_blocked' });
    for (const text of texts) if (local.liveVersion !== null) await ask(text);
    let flag: ReviewItem | undefined;
    for (let i = 0; i < 200 && !flag; i++) {
      flag = (await h.gateway.stores.reviews.queue({ reviewer: 'ana', limit: 500 })).find((x) => x.reason.includes('local model demoted'));
      if (!flag) await new Promise((r) => setTimeout(r, 20));
    }
    expect(local.liveVersion).toBeNull();
    expect(flag).toMatchObject({ source: 'flag', reason: expect.stringMatching(/^support-intent: local model demoted, live precision \d+\.\d% .* credibly below the bar of 95\.0%$/) });
    const queue = await h.gateway.stores.reviews.queue({ reviewer: 'ana', limit: 500 });
    expect(queue.filter((x) => x.reason.startsWith('shadow check'))).toHaveLength(PER_HOUR);
  }, 60_000);
});
