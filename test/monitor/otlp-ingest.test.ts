import { gzipSync } from 'node:zlib';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSpans } from '../../src/core/app-spans.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;

beforeAll(async () => {
  // No otel: section: the gateway exports nothing, but takes the application's spans.
  h = await startHarness();
});
afterAll(() => h.close());

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${h.gateway.url}/v1/traces`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json', ...headers }, body });

describe('application spans over OTLP/HTTP', () => {
  // The official exporters: protobuf is the default of most SDKs (Python, Java, Go; Node's -proto package).
  it.each([
    ['protobuf', ProtobufExporter],
    ['JSON', JsonExporter],
  ] as const)('shows a model call inside the agent run that made it (%s exporter)', async (_encoding, Exporter) => {
    // The application, instrumented with the official SDK, exporting to the gateway with its virtual key.
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'support-agent' }),
      spanProcessors: [new SimpleSpanProcessor(new Exporter({ url: `${h.gateway.url}/v1/traces`, headers: { authorization: 'Bearer sk-sy-test' } }))],
    });
    const tracer = provider.getTracer('app');
    const run = tracer.startSpan('agent run', { attributes: { 'gen_ai.agent.name': 'triage' } });
    const runContext = trace.setSpan(context.active(), run);
    // Spans of one millisecond would tie on start time; the view orders by it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const tool = tracer.startSpan('tool lookup_order', { kind: SpanKind.CLIENT, attributes: { 'order.id': 'A-17' } }, runContext);
    tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order service timed out' });
    tool.end();
    const { traceId, spanId } = run.spanContext();
    const openai = h.openai('sk-sy-test');
    const answer = await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is order A-17?' }] }, { headers: { traceparent: `00-${traceId}-${spanId}-01` } }).withResponse();
    run.end();
    await provider.forceFlush();
    await provider.shutdown();

    const callId = answer.response.headers.get('x-switchyard-trace-id') as string;
    // The gateway's span id comes back even with export off, so the app can log it.
    const traceresponse = answer.response.headers.get('traceresponse') as string;
    expect(traceresponse).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    await h.waitForTrace((t) => t.id === callId);
    const response = await fetch(`${h.gateway.url}/api/traces/${callId}/spans`);
    expect(response.status).toBe(200);
    const spans = (await response.json()) as CallSpans;
    expect(spans).toMatchObject({ traceId, parentSpanId: spanId, spanId: traceresponse.split('-')[2] });
    expect(spans.spans.map((s) => s.name)).toEqual(['agent run', 'tool lookup_order']);
    expect(spans.spans[0]).toMatchObject({ spanId, parentSpanId: null, service: 'support-agent', kind: 1, attributes: { 'gen_ai.agent.name': 'triage' } });
    expect(spans.spans[1]).toMatchObject({ parentSpanId: spanId, kind: 3, statusCode: 2, statusMessage: 'order service timed out', attributes: { 'order.id': 'A-17' } });
    expect((spans.spans[0]?.endMs ?? 0) - (spans.spans[0]?.startMs ?? 0)).toBeGreaterThan(0);
  });

  it('accepts a gzip body', async () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'zipped', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000500000000' }] }] }] };
    const response = await post(gzipSync(JSON.stringify(body)), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await h.gateway.stores.spans.spansOfTrace('a'.repeat(32))).toMatchObject([{ name: 'zipped', startMs: 1_700_000_000_000, endMs: 1_700_000_000_500 }]);
  });

  it('answers malformed input with a 400 naming the field', async () => {
    const bad = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'not-hex', spanId: 'b'.repeat(16), name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] };
    const response = await post(JSON.stringify(bad));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits, got "not-hex"');
    const late = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'x', startTimeUnixNano: '5000000', endTimeUnixNano: '2000000' }] }] }] };
    expect(((await (await post(JSON.stringify(late))).json()) as { error: { message: string } }).error.message).toContain('spans[0].endTimeUnixNano: expected a time at or after startTimeUnixNano');
    expect((await post('{"resourceSpans": [')).status).toBe(400);
  });

  it('answers protobuf that is not an export, or a malformed span in it, with a 400; other encodings with a 415; and wants a key', async () => {
    // A length-delimited field that claims 100 bytes and ends after 1.
    const truncated = await post(Buffer.from([0x0a, 0x64, 0x0a]), { 'content-type': 'application/x-protobuf' });
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { message: string } }).error.message).toMatch(/^the body is not an OTLP ExportTraceServiceRequest in protobuf: /);
    // resourceSpans { scopeSpans { spans { traceId: 3 bytes, name: "x" } } }: decodes, but the id is not 16 bytes.
    const span = Buffer.from([0x0a, 0x03, 0x01, 0x02, 0x03, 0x2a, 0x01, 0x78]);
    const scope = Buffer.concat([Buffer.from([0x12, span.length]), span]);
    const resource = Buffer.concat([Buffer.from([0x12, scope.length]), scope]);
    const request = Buffer.concat([Buffer.from([0x0a, resource.length]), resource]);
    const shortId = await post(request, { 'content-type': 'application/x-protobuf' });
    expect(shortId.status).toBe(400);
    expect(((await shortId.json()) as { error: { message: string } }).error.message).toBe('resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits, got "010203"');
    // An empty export is fine, and the answer is an empty protobuf message.
    const empty = await post(Buffer.alloc(0), { 'content-type': 'application/x-protobuf' });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
    const text = await post('spans', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(await text.text()).toContain('application/x-protobuf or application/json');
    const anonymous = await fetch(`${h.gateway.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});
