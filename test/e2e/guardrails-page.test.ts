import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

let dir: string;
let sim: Simulator;
let server: RunningServer;
let browser: BrowserContext;
let redactedId: string;
let blockedId: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sy-guard-e2e-'));
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  sim.addScript({ match: '<EMAIL_1>', reply: 'I will write to <EMAIL_1> today.' });
  server = await startServer(
    parseConfig(
      `
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small } }
guardrails:
  policies: { private: { pii: { entities: { CREDIT_CARD: block } }, injection: { action: block } } }
  apply: { default: private }
store: { sqlite: "${join(dir, 'sy.db')}" }
traces: { flush_interval_ms: 5 }
`,
      'test',
    ),
    { port: 0, host: '127.0.0.1' },
  );
  const client = new OpenAI({ apiKey: 'any', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Please write to ann.lee@example.com about my order.' }] }).withResponse();
  expect(answer.data.choices[0]?.message.content).toBe('I will write to ann.lee@example.com today.');
  redactedId = answer.response.headers.get('x-switchyard-trace-id') as string;
  const blocked = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Charge 4111 1111 1111 1111 please' }] }).catch((e: { headers?: Headers }) => e);
  blockedId = (blocked as { headers?: Headers }).headers?.get('x-switchyard-trace-id') as string;
  await server.traces.flush();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('guardrails on the dashboard', () => {
  it('the trace view shows what was redacted, with placeholders in the conversation and no raw value', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/traces/${redactedId}`);
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
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/`);
    const stats = page.getByTestId('guard-overview');
    await stats.waitFor();
    const text = (await stats.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Guarded requests 2 of the last 2');
    expect(text).toContain('PII redacted 1');
    expect(text).toContain('Blocked by a guard 1');
    expect(text).toContain('Flagged for review 0');
  });

  it('the trace list marks redacted and blocked calls', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/traces`);
    await page.getByTestId('guard-pill').first().waitFor();
    const pills = await page.getByTestId('guard-pill').allInnerTexts();
    expect(pills.sort()).toEqual(['guard blocked', 'redacted']);
  });

  it('a blocked request shows the guard that blocked it and the entity type, not the value', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/traces/${blockedId}`);
    const panel = page.getByTestId('guardrails');
    await panel.waitFor();
    expect(await panel.innerText()).toMatch(/pii\s+input\s+block\s+the request contains CREDIT_CARD/);
    const body = await page.locator('body').innerText();
    expect(body).toContain('request blocked by the "pii" guardrail');
    expect(body).not.toContain('4111');
  });
});
