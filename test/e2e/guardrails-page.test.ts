import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

let redactedId: string;
let blockedId: string;

const e2e = e2eFixture({
  config: (sim) => `
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small } }
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies: { private: { pii: { entities: { CREDIT_CARD: block } }, injection: { action: block } } }
  apply: { default: private }
traces: { flush_interval_ms: 5 }
`,
  async seed({ sim, openai }) {
    sim.addScript({ match: '<EMAIL_1>', reply: 'I will write to <EMAIL_1> today.' });
    const client = openai();
    const answer = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Please write to ann.lee@example.com about my order.' }] }).withResponse();
    expect(answer.data.choices[0]?.message.content).toBe('I will write to ann.lee@example.com today.');
    redactedId = answer.response.headers.get('x-switchyard-trace-id') as string;
    const blocked = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Charge 4111 1111 1111 1111 please' }] }).catch((e: { headers?: Headers }) => e);
    blockedId = (blocked as { headers?: Headers }).headers?.get('x-switchyard-trace-id') as string;
  },
});

describe('guardrails on the dashboard', () => {
  it('the trace view shows what was redacted, with placeholders in the conversation and no raw value', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${redactedId}`);
    const panel = page.getByTestId('guardrails');
    await panel.waitFor();
    const text = await panel.innerText();
    expect(text).toMatch(/policy private/);
    expect(text).toMatch(/pii\s+input\s+redact\s+redacted 1 value \(EMAIL\)/);
    expect(text).toContain('EMAIL: redact ×1');
    expect(text).toMatch(/injection\s+input\s+pass/);
    const body = await page.locator('body').innerText();
    expect(body).toContain('Please write to <EMAIL_1> about my order.');
    expect(body).not.toContain('ann.lee@example.com');
    await page.screenshot({ path: join(SHOTS, 'trace-guardrails.png'), fullPage: true });
  });

  it('the overview counts what the guards did to recent requests', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/`);
    const stats = page.getByTestId('guard-overview');
    await stats.waitFor();
    const text = (await stats.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Guarded requests 2 of the last 2');
    expect(text).toContain('PII redacted 1');
    expect(text).toContain('Blocked by a guard 1');
    expect(text).toContain('Flagged for review 0');
    // Each card opens the trace list filtered to the calls it counts, the filter shown in the form.
    await stats.getByRole('link', { name: /Blocked by a guard/ }).click();
    await expect.poll(() => page.url()).toContain('#/traces?guard=block');
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByTestId('guard-pill').innerText()).toBe('guard blocked');
    expect(await page.getByRole('combobox', { name: 'guard' }).inputValue()).toBe('block');
    await page.goBack();
    await stats.getByRole('link', { name: /PII redacted/ }).click();
    await expect.poll(() => page.url()).toContain('#/traces?guard=redact');
    await expect.poll(() => rows.first().getByTestId('guard-pill').innerText()).toBe('redacted');
    expect(await rows.count()).toBe(1);
    await page.goBack();
    await stats.getByRole('link', { name: /Guarded requests/ }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.goBack();
    await stats.getByRole('link', { name: /Flagged for review/ }).click();
    await expect.poll(() => page.getByTestId('trace-table').innerText()).toContain('No traces match these filters.');
  });

  it('the trace list marks redacted and blocked calls', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces`);
    await page.getByTestId('guard-pill').first().waitFor();
    const pills = await page.getByTestId('guard-pill').allInnerTexts();
    expect(pills.sort()).toEqual(['guard blocked', 'redacted']);
  });

  it('a blocked request shows the guard that blocked it and the entity type, not the value', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${blockedId}`);
    const panel = page.getByTestId('guardrails');
    await panel.waitFor();
    expect(await panel.innerText()).toMatch(/pii\s+input\s+block\s+the request contains CREDIT_CARD/);
    const body = await page.locator('body').innerText();
    expect(body).toContain('request blocked by the "pii" guardrail');
    expect(body).not.toContain('4111');
  });
});
