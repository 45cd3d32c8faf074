import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// What a careless or hostile client sends: OTLP spans as long as the gateway keeps (4,096
// characters of name, status message and service name), a chain 40 deep, 300 spans in all, one
// named with a right-to-left override; a model asked for as "\u202egnp.exe" and a metadata value
// hiding a zero-width space. Before: the trace page 68,694 px wide and 33,929 px tall (a 1,000-span
// trace), and the override read as "exe.png" in the span list, the traces list and the trace page.
const TRACE_ID = 'ab'.repeat(16);
const SPANS = 300;
const RLO_NAME = '\u202egnp.exe';
const spanId = (i: number) => (i + 1).toString(16).padStart(16, '0');
let callId = '';
let spoofId = '';

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ url, openai }) {
    const now = Date.now();
    const spans = Array.from({ length: SPANS }, (_, i) => ({
      traceId: TRACE_ID,
      spanId: spanId(i),
      ...(i === 0 ? {} : { parentSpanId: spanId(i < 40 ? i - 1 : 0) }),
      name: i === 1 ? 'n'.repeat(4_096) : i === 2 ? RLO_NAME : `step ${i}`,
      kind: 1,
      startTimeUnixNano: String((now + i) * 1e6),
      endTimeUnixNano: String((now + i + 5) * 1e6),
      status: i === 3 ? { code: 2, message: 'E'.repeat(4_096) } : {},
    }));
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'S'.repeat(4_096) } }] }, scopeSpans: [{ scope: { name: 'agent' }, spans }] }] };
    const sent = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (sent.status !== 200) throw new Error(`OTLP export refused: ${sent.status} ${await sent.text()}`);
    const answer = await openai()
      .chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }, { headers: { traceparent: `00-${TRACE_ID}-${spanId(0)}-01`, 'x-switchyard-metadata': '{"feature":"small\\u200b"}' } })
      .withResponse();
    callId = answer.response.headers.get('x-switchyard-trace-id') ?? '';
    const spoof = await openai()
      .chat.completions.create({ model: RLO_NAME, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: { headers?: Headers }) => error);
    spoofId = (spoof as { headers?: Headers }).headers?.get('x-switchyard-trace-id') ?? '';
  },
});

let page: Page;
beforeAll(async () => {
  page = await e2e.browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
});
afterAll(() => page.close());

const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('an application trace a client filled', () => {
  it('shows 40 of its spans, this call among them, each cut to a line, and the page keeps its width', async () => {
    await page.goto(`${e2e.url}/#/traces/${callId}`);
    const panel = page.getByTestId('app-trace');
    const rows = panel.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(40);
    await page.screenshot({ path: join(SHOTS, 'hostile-app-spans.png'), fullPage: true });
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    // The call sits after the 300 spans of the run; the page is about it, so its row is kept.
    expect(await rows.last().innerText()).toMatch(/chat small \(this call\)/);
    expect(await panel.innerText()).toContain('261 more spans not shown');
    // Cut, and whole on hover.
    expect(await panel.locator(`.clip[title="${'n'.repeat(4_096)}"]`).innerText()).toMatch(/^n+…$/);
    expect((await panel.locator(`.clip[title="${'S'.repeat(4_096)}"]`).first().innerText()).length).toBeLessThanOrEqual(24);
    await panel.getByRole('button', { name: 'Show all 301 spans' }).click();
    await expect.poll(() => rows.count()).toBe(SPANS + 1);
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
  });

  it('shows a right-to-left override in a span name as its escape, not obeyed', async () => {
    await page.goto(`${e2e.url}/#/traces/${callId}`);
    const panel = page.getByTestId('app-trace');
    await panel.locator('tbody tr').first().waitFor();
    const text = await panel.innerText();
    expect(text).toContain('\\u202egnp.exe');
    expect(text).not.toContain('\u202e');
  });
});

describe('names that hide characters', () => {
  it('the traces list shows the override in an asked-for model and the zero-width space in a metadata value', async () => {
    await page.goto(`${e2e.url}/#/traces`);
    const model = page.locator(`tr:has(a[href*="${spoofId}"]) [data-label="model"]`);
    await model.waitFor();
    expect(await model.innerText()).toContain('\\u202egnp.exe');
    expect(await model.locator('.clip').getAttribute('title')).toBe('\\u202egnp.exe');
    const chip = page.locator(`tr:has(a[href*="${callId}"]) [data-testid="meta-chip"]`);
    expect(await chip.innerText()).toBe('feature=small\\u200b');
    expect(await page.locator('table').innerText()).not.toMatch(/[\u202e\u200b]/);
  });

  it("the trace page's model card shows the override as its escape", async () => {
    await page.goto(`${e2e.url}/#/traces/${spoofId}`);
    const model = page.getByTestId('stat-Model');
    await model.waitFor();
    expect(await model.innerText()).toBe('\\u202egnp.exe');
  });
});
