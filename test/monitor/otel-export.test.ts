import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

/** An OTLP/HTTP collector: keeps every JSON export request it receives, by path. */
interface Receiver {
  url: string;
  received: { path: string; contentType: string; collectorKey: unknown; body: OtlpRequest }[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status?: { code?: number };
  events?: { name: string; attributes: OtlpAttribute[] }[];
}
interface OtlpRequest {
  resourceSpans?: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
  resourceMetrics?: { scopeMetrics: { metrics: { name: string; unit?: string; histogram?: { dataPoints: { count: string | number; sum?: number; attributes: OtlpAttribute[] }[] } }[] }[] }[];
}

async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const collector = await startFakeUpstream((req, body, res) => {
    received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', collectorKey: req.headers['x-collector-key'], body: JSON.parse(body) as OtlpRequest });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  return { url: collector.url, received, close: () => collector.close() };
}

function valueOf(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return v.arrayValue.values.map(valueOf);
  return undefined;
}

function attrs(list: OtlpAttribute[]): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));
}

const APP_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const APP_SPAN = '00f067aa0ba902b7';

let receiver: Receiver;
let h: Harness;
let spans: OtlpSpan[];
let metrics: NonNullable<OtlpRequest['resourceMetrics']>;
let resource: Record<string, unknown>;
const answers: { traceresponse: string | null; traceId: string | null }[] = [];
let finishReason: string | undefined;
let responseId: string | undefined;
let simPort: number | undefined;
let brokenTraceStatus: number | undefined;
let leftTraceStatus: number | undefined;
let refusedStatus: number | undefined;

beforeAll(async () => {
  receiver = await startReceiver();
  // The reference config and a provider that streams at 40 tokens a second, so a client can leave mid-answer.
  const trickle = (sim: string) => `providers:\n  trickle: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream, headers: { x-sim-tokens-per-second: "40" } }\n`;
  h = await startHarness('', (sim, dead) =>
    referenceConfig(sim, dead, `otel: { endpoint: "${receiver.url}", service_name: support-gateway, content: true, headers: { x-collector-key: k1 } }\n`)
      .replace('providers:\n', trickle(sim))
      .replace('models:\n', 'models:\n  trickling: { provider: trickle, model: standin-small }\n')
      .replace('keys:\n', 'keys:\n  - { key: sk-sy-small-only, name: small-only, models: [small] }\n'),
  );
  const openai = h.openai('sk-sy-test');
  const ask = { model: 'small', temperature: 0.2, max_tokens: 64, messages: [{ role: 'user' as const, content: 'Where is my parcel?' }] };
  // 1: joins the application's trace; 2: streamed, with a malformed traceparent (a new trace); 3: fails upstream.
  const joined = await openai.chat.completions.create(ask, { headers: { traceparent: `00-${APP_TRACE}-${APP_SPAN}-01`, tracestate: 'app=1' } }).withResponse();
  answers.push({ traceresponse: joined.response.headers.get('traceresponse'), traceId: joined.response.headers.get('x-switchyard-trace-id') });
  finishReason = joined.data.choices[0]?.finish_reason;
  responseId = joined.data.id;
  simPort = Number(new URL(h.sim.url).port);
  const streamed = await openai.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } }, { headers: { traceparent: 'not-a-traceparent' } }).withResponse();
  for await (const _ of streamed.data) void _;
  answers.push({ traceresponse: streamed.response.headers.get('traceresponse'), traceId: streamed.response.headers.get('x-switchyard-trace-id') });
  h.sim.addFault({ kind: 'status', status: 500, times: 3 });
  const failed = await openai.chat.completions.create(ask).withResponse().catch((error: InstanceType<typeof OpenAI.APIError>) => ({ response: { headers: error.headers } }));
  answers.push({ traceresponse: failed.response.headers?.get('traceresponse') ?? null, traceId: failed.response.headers?.get('x-switchyard-trace-id') ?? null });
  // 4: streamed, and the upstream's rate limit arrives in-band after the 200 went out.
  h.sim.addFault({ kind: 'status', status: 429, afterChunks: 3, model: 'standin-small', times: 1 });
  const broken = await openai.chat.completions.create({ ...ask, stream: true }).withResponse();
  await (async () => {
    for await (const _ of broken.data) void _;
  })().catch(() => undefined);
  answers.push({ traceresponse: broken.response.headers.get('traceresponse'), traceId: broken.response.headers.get('x-switchyard-trace-id') });
  brokenTraceStatus = (await h.traceOf(broken.response)).status;
  // 5: streamed, and the client leaves after its second chunk.
  const left = await openai.chat.completions.create({ ...ask, model: 'trickling', max_tokens: 400, stream: true }).withResponse();
  let chunks = 0;
  for await (const _ of left.data) if (++chunks === 2) break;
  answers.push({ traceresponse: left.response.headers.get('traceresponse'), traceId: left.response.headers.get('x-switchyard-trace-id') });
  leftTraceStatus = (await h.traceOf(left.response)).status;
  // 6: refused by the gateway before any attempt: the key may not call claude.
  const refused = await h.openai('sk-sy-small-only').chat.completions.create({ ...ask, model: 'claude' }).catch((error: InstanceType<typeof OpenAI.APIError>) => error);
  answers.push({ traceresponse: null, traceId: (refused as InstanceType<typeof OpenAI.APIError>).headers?.get('x-switchyard-trace-id') ?? null });
  refusedStatus = (refused as InstanceType<typeof OpenAI.APIError>).status;
  // Closing flushes the batched spans and pushes the metrics one last time.
  await h.close();
  const traceExports = receiver.received.filter((r) => r.path === '/v1/traces');
  spans = traceExports.flatMap((r) => r.body.resourceSpans ?? []).flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans));
  resource = attrs(traceExports[0]?.body.resourceSpans?.[0]?.resource.attributes ?? []);
  metrics = receiver.received.filter((r) => r.path === '/v1/metrics').flatMap((r) => r.body.resourceMetrics ?? []);
});
afterAll(() => receiver.close());

const spanOf = (traceId: string | null) => spans.find((s) => attrs(s.attributes)['switchyard.trace_id'] === traceId) as OtlpSpan;

describe('OpenTelemetry spans over OTLP/HTTP', () => {
  it('exports one span per call as JSON, with the service name and the configured headers', () => {
    expect(spans).toHaveLength(6);
    expect(resource['service.name']).toBe('support-gateway');
    expect(receiver.received.find((r) => r.path === '/v1/traces')?.contentType).toContain('application/json');
    expect(receiver.received.every((r) => r.collectorKey === 'k1')).toBe(true);
  });

  it('joins the caller’s trace as a child of its span, and says so in traceresponse', () => {
    const span = spanOf(answers[0]?.traceId ?? null);
    expect(span.traceId).toBe(APP_TRACE);
    expect(span.parentSpanId).toBe(APP_SPAN);
    expect(answers[0]?.traceresponse).toBe(`00-${APP_TRACE}-${span.spanId}-01`);
    expect(span.kind).toBe(3); // CLIENT
    expect(span.name).toBe('chat small');
  });

  it('starts a new trace when the traceparent is malformed', () => {
    const span = spanOf(answers[1]?.traceId ?? null);
    expect(span.traceId).not.toBe(APP_TRACE);
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.parentSpanId ?? '').toBe('');
    expect(answers[1]?.traceresponse).toBe(`00-${span.traceId}-${span.spanId}-01`);
  });

  it('carries the GenAI semantic conventions and Switchyard’s own attributes', async () => {
    const span = spanOf(answers[0]?.traceId ?? null);
    const a = attrs(span.attributes);
    expect(a).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'small',
      'gen_ai.response.model': 'standin-small',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      // What the client's answer said (the simulator stops at max_tokens: 'length').
      'gen_ai.response.finish_reasons': [finishReason],
      'switchyard.provider': 'standin-openai',
      'switchyard.key': 'compat',
      'http.response.status_code': 200,
    });
    expect(a['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(a['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(a['switchyard.cost_usd']).toBeGreaterThan(0);
    // The conventions' recommended attributes: the answer's id and where the provider listens.
    expect(a['gen_ai.response.id']).toBe(responseId);
    expect(a['gen_ai.request.stream']).toBe(false);
    expect(a).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': simPort });
    // Content is opt-in; this config opted in. It is in the conventions' message schema (parts), as JSON text.
    expect(JSON.parse(String(a['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Where is my parcel?' }] }]);
    const output = JSON.parse(String(a['gen_ai.output.messages'])) as { role: string; parts: { type: string; content: string }[]; finish_reason: string }[];
    expect(output).toHaveLength(1);
    expect(output[0]).toMatchObject({ role: 'assistant', finish_reason: finishReason });
    expect(output[0]?.parts[0]?.type).toBe('text');
    expect(output[0]?.parts[0]?.content.length).toBeGreaterThan(0);
    // Start and end are the trace's.
    const durationMs = (Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6);
    expect(durationMs).toBeGreaterThan(0);
  });

  it('records time to first chunk on streamed calls', () => {
    const a = attrs(spanOf(answers[1]?.traceId ?? null).attributes);
    expect(a['gen_ai.request.stream']).toBe(true);
    expect(typeof a['gen_ai.response.time_to_first_chunk']).toBe('number');
  });

  it('marks a failed call as an error with its type and every attempt as an event', () => {
    const span = spanOf(answers[2]?.traceId ?? null);
    const a = attrs(span.attributes);
    expect(span.status?.code).toBe(2); // ERROR
    expect(a['error.type']).toBe('all_targets_failed');
    expect(a['http.response.status_code']).toBe(502);
    expect(span.events?.filter((e) => e.name === 'switchyard.attempt')).toHaveLength(3);
    expect(attrs(span.events?.[0]?.attributes ?? [])['http.response.status_code']).toBe(500);
  });
});

describe('a stream that fails after its 200 went out', () => {
  it('records the 200 the client got as http.response.status_code, and the failure as the span status and error.type', () => {
    const span = spanOf(answers[3]?.traceId ?? null);
    const a = attrs(span.attributes);
    // OTel's HTTP conventions: the status code is the one sent on the wire; the failure is the span's.
    expect(a['http.response.status_code']).toBe(200);
    expect(span.status?.code).toBe(2); // ERROR
    expect(a['error.type']).toBe('upstream_error');
    // The trace keeps the status of what broke the answer, for rollups and alerts.
    expect(brokenTraceStatus).toBe(429);
  });
});

describe('a stream the client left mid-way', () => {
  it('records the 200 that went out as http.response.status_code, and the leaving as the span status and error.type', () => {
    const span = spanOf(answers[4]?.traceId ?? null);
    const a = attrs(span.attributes);
    // The wire carried 200 before the client left; 499 is nginx's word for the leaving, not a status anyone sent.
    expect(a['http.response.status_code']).toBe(200);
    expect(span.status?.code).toBe(2); // ERROR
    expect(a['error.type']).toBe('client_closed');
    // The trace keeps its own record of the leaving.
    expect(leftTraceStatus).toBe(499);
  });
});

describe('a call the gateway refused before any attempt', () => {
  it("names the provider its model is served by (gen_ai.provider.name is required), but no server it never reached", () => {
    expect(refusedStatus).toBe(403);
    const a = attrs(spanOf(answers[5]?.traceId ?? null).attributes);
    expect(a).toMatchObject({ 'gen_ai.request.model': 'claude', 'gen_ai.provider.name': 'anthropic' });
    expect(a['error.type']).toEqual(expect.any(String));
    // Nobody answered and nothing was sent: no provider of Switchyard's own, no server.
    expect(a['switchyard.provider']).toBeUndefined();
    expect(a['server.address']).toBeUndefined();
  });
});

describe('OpenTelemetry GenAI metrics over OTLP/HTTP', () => {
  const metric = (name: string) => metrics.flatMap((m) => m.scopeMetrics.flatMap((s) => s.metrics)).filter((m) => m.name === name);
  const points = (name: string) => metric(name).flatMap((m) => m.histogram?.dataPoints ?? []);

  it('exports the operation duration per model, with the error type on failures', () => {
    expect(metric('gen_ai.client.operation.duration')[0]?.unit).toBe('s');
    const byError = points('gen_ai.client.operation.duration').map((p): Record<string, unknown> & { count: number } => ({ ...attrs(p.attributes), count: Number(p.count) }));
    expect(byError.filter((p) => p['error.type'] === undefined).reduce((s, p) => s + p.count, 0)).toBe(2);
    expect(byError.find((p) => p['error.type'] === 'all_targets_failed')?.count).toBe(1);
    expect(byError.find((p) => p['error.type'] === 'upstream_error')?.count).toBe(1);
    expect(byError[0]).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'small', 'gen_ai.provider.name': 'openai' });
    // The refused call is counted under its model's provider too, without a server.
    const refused = byError.find((p) => p['gen_ai.request.model'] === 'claude');
    expect(refused).toMatchObject({ 'gen_ai.provider.name': 'anthropic', count: 1 });
    expect(refused?.['server.address']).toBeUndefined();
  });

  it('exports token usage by token type and time to first chunk for streams', () => {
    const usage = points('gen_ai.client.token.usage').map((p) => ({ type: attrs(p.attributes)['gen_ai.token.type'], count: Number(p.count), sum: p.sum }));
    // The two answers and the stream that broke after its first events (its prompt was sent and counted).
    expect(usage.find((u) => u.type === 'input')?.count).toBe(3);
    expect(usage.find((u) => u.type === 'output')?.sum).toBeGreaterThan(0);
    // Every stream that sent a first chunk: the whole one, the one an in-band error broke after its
    // first events and the one the client left.
    expect(points('gen_ai.client.operation.time_to_first_chunk').reduce((s, p) => s + Number(p.count), 0)).toBe(3);
  });
});
