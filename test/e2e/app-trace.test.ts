import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

let callId: string;

const e2e = e2eFixture({
  sim: { latencyMs: 20 },
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small }
traces: { flush_interval_ms: 5 }
`,
  // An agent instrumented with the official SDK: a run, a tool call that fails, then a model call through the gateway.
  async seed({ url, openai }) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'support-agent' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
    });
    const tracer = provider.getTracer('agent');
    const run = tracer.startSpan('agent run');
    const inRun = trace.setSpan(context.active(), run);
    // Spans that last a few milliseconds, so the bars have widths (not a wait for readiness).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const tool = tracer.startSpan('tool lookup_order <img src=x onerror=alert(1)>', {}, inRun);
    await new Promise((resolve) => setTimeout(resolve, 15));
    tool.setStatus({ code: 2, message: 'order service timed out' });
    tool.end();
    const { traceId, spanId } = run.spanContext();
    const answer = await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is order A-17?' }] }, { headers: { traceparent: `00-${traceId}-${spanId}-01` } }).withResponse();
    callId = answer.response.headers.get('x-switchyard-trace-id') as string;
    run.end();
    await provider.shutdown();
  },
});

describe('application trace on the dashboard', () => {
  it('shows the model call inside the agent run that made it, as text', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${callId}`);
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
