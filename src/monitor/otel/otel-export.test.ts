import { describe, expect, it } from 'vitest';
import { spanIdsFor } from '../../core/trace-context.js';
import { Call } from '../../gateway/call.js';
import { startFakeUpstream } from '../../test-support/fake-upstream.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { OtelExport } from './otel-export.js';

describe('OpenTelemetry export failures', () => {
  it('are counted and logged, never thrown at the gateway', async () => {
    // A collector that refuses every export (400 is not retried by the exporter).
    const collector = await startFakeUpstream((_req, _body, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"message":"bad payload"}');
    });
    const url = `${collector.url}/v1/traces`;
    const lines: string[] = [];
    const otel = new OtelExport({ endpoints: { traces: url, metrics: undefined }, headers: {}, serviceName: 'test', content: false, providerTypes: {}, metricsIntervalMs: 60_000, log: (line) => lines.push(line) });
    for (let i = 0; i < 2; i++) {
      const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: '{}', signal: new AbortController().signal });
      call.span = spanIdsFor(undefined, undefined, 1);
      otel.observe(sampleTrace(), call);
    }
    await otel.flush();
    expect(otel.failedSpans).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^OpenTelemetry export failed, 2 spans dropped \(2 so far\)/);
    await otel.shutdown();
    await collector.close();
  });
});
