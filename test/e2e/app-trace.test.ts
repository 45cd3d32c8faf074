import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
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
let callId: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sy-app-trace-e2e-'));
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 20 });
  const config = parseConfig(
    `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small }
store: { sqlite: "${join(dir, 'sy.db')}" }
traces: { flush_interval_ms: 5 }
`,
    'test',
  );
  server = await startServer(config, { port: 0, host: '127.0.0.1' });
  // An agent instrumented with the official SDK: a run, a tool call that fails, then a model call through the gateway.
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-agent' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${server.url}/v1/traces` }))],
  });
  const tracer = provider.getTracer('agent');
  const run = tracer.startSpan('agent run');
  const inRun = trace.setSpan(context.active(), run);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const tool = tracer.startSpan('tool lookup_order <img src=x onerror=alert(1)>', {}, inRun);
  await new Promise((resolve) => setTimeout(resolve, 15));
  tool.setStatus({ code: 2, message: 'order service timed out' });
  tool.end();
  const { traceId, spanId } = run.spanContext();
  const client = new OpenAI({ apiKey: 'any', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is order A-17?' }] }, { headers: { traceparent: `00-${traceId}-${spanId}-01` } }).withResponse();
  callId = answer.response.headers.get('x-switchyard-trace-id') as string;
  run.end();
  await provider.shutdown();
  await server.traces.flush();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('application trace on the dashboard', () => {
  it('shows the model call inside the agent run that made it, as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/traces/${callId}`);
    const panel = page.getByTestId('app-trace');
    await panel.waitFor();
    const rows = panel.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).innerText()).toMatch(/^agent run\s+support-agent/);
    expect(await rows.nth(1).innerText()).toContain('tool lookup_order <img src=x onerror=alert(1)>');
    expect(await rows.nth(1).innerText()).toContain('order service timed out');
    expect(await rows.nth(2).innerText()).toMatch(/chat small \(this call\)\s+switchyard/);
    // Children are indented under the run; the tool's bar ends before the call's starts.
    const indent = async (i: number) => rows.nth(i).locator('td').first().evaluate((td) => Number.parseFloat(getComputedStyle(td).paddingLeft));
    expect(await indent(1)).toBeGreaterThan(await indent(0));
    expect(await indent(2)).toBe(await indent(1));
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'trace-app-spans.png'), fullPage: true });
  });
});
