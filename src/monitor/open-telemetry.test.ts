import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { spanIdsFor } from '../core/trace-context.js';
import { Call } from '../gateway/call.js';
import { closedPort } from '../test-support/gateway-harness.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { openTelemetry } from './open-telemetry.js';

describe('telemetry from the config', () => {
  it('is Prometheus only by default, and OTLP export when an endpoint is set', async () => {
    const plain = await openTelemetry(parseConfig('models: {}\n', 'test'), {});
    expect(plain.metrics).toBeDefined();
    expect(plain.otel).toBeUndefined();
    expect(plain.tracing).toBeUndefined();
    const exported = await openTelemetry(parseConfig('otel: { sample_ratio: 0.25 }\nmetrics: { enabled: false }\n', 'test'), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(exported.metrics).toBeUndefined();
    expect(exported.tracing).toEqual({ sampleRatio: 0.25 });
    expect(exported.observers).toHaveLength(1);
  });

  it('does not hold a shutdown up when the collector is down', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const telemetry = await openTelemetry(parseConfig(`otel: { endpoint: "http://127.0.0.1:${port}" }\n`, 'test'), {}, (line) => lines.push(line));
    const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: '{}', signal: new AbortController().signal });
    call.span = spanIdsFor(undefined, undefined, 1);
    for (const observer of telemetry.observers) observer.observe(sampleTrace(), call);
    await telemetry.close();
    // The exporter would retry for much longer (its own timeout is 10 s); the gateway gave it 3 s
    // and said so. Asserted by that line, not by a wall-clock bound a loaded machine can cross.
    expect(lines).toContain('OpenTelemetry: the last export did not finish within 3000 ms; its spans are dropped');
  });
});
