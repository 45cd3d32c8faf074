import { hostname } from 'node:os';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

const ADMIN = 'admin-key-for-metrics-test';
const SCRAPE = 'scrape-token-0123456789';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (sim, dead) =>
    referenceConfig(
      sim,
      dead,
      `
server: { admin_key: ${ADMIN} }
metrics: { token: ${SCRAPE} }
traces: { retention: { days: 30, bodies_days: 7, max_rows: 100000 } }
`,
    ).replace('    name: compat', '    name: compat\n    team: platform'),
  );
});
afterAll(() => h.close());

/** One sample line of the exposition: `name{labels} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key as string] = (value as string).replace(/\\(.)/g, '$1');
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples of a metric whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${SCRAPE}` }): Promise<Response> {
  return fetch(`${h.gateway.url}/metrics`, { headers });
}

describe('GET /metrics after real SDK calls', () => {
  let samples: Sample[];

  beforeAll(async () => {
    const openai = h.openai('sk-sy-test');
    const claude = h.anthropic('sk-sy-test');
    const ask = { messages: [{ role: 'user' as const, content: 'How do refunds work?' }] };
    await openai.chat.completions.create({ model: 'small', ...ask });
    await openai.chat.completions.create({ model: 'small', ...ask });
    const stream = await openai.chat.completions.create({ model: 'small', stream: true, ...ask });
    for await (const _ of stream) void _;
    await claude.messages.create({ model: 'claude', max_tokens: 50, ...ask });
    await openai.chat.completions.create({ model: 'resilient', ...ask });
    await expect(openai.chat.completions.create({ model: 'gpt-9-does-not-exist', ...ask })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await h.waitForTrace((t) => t.requestedModel === '(unknown model)');
    await h.waitForTrace((t) => t.requestedModel === 'resilient');
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    samples = parseExposition(await response.text());
  });

  it('counts requests by endpoint, model, provider and status', () => {
    expect(total(samples, 'switchyard_requests_total', { endpoint: 'chat', model: 'small', provider: 'standin-openai', status: '200' })).toBe(3);
    expect(total(samples, 'switchyard_requests_total', { endpoint: 'messages', model: 'claude', provider: 'standin-anthropic', status: '200' })).toBe(1);
    expect(total(samples, 'switchyard_requests_total', { model: 'resilient', provider: 'standin-openai', status: '200' })).toBe(1);
  });

  it('buckets a model nobody configured and counts the error by cause', () => {
    expect(total(samples, 'switchyard_requests_total', { model: '(unknown model)', status: '404' })).toBe(1);
    expect(total(samples, 'switchyard_request_errors_total', { model: '(unknown model)', provider: 'none', cause: 'model_not_found' })).toBe(1);
    // Refused by the gateway itself in about a millisecond: counted as such, not timed.
    expect(total(samples, 'switchyard_refused_requests_total', { model: '(unknown model)', cause: 'model_not_found' })).toBe(1);
    expect(total(samples, 'switchyard_request_duration_seconds_count', { model: '(unknown model)' })).toBe(0);
    expect(total(samples, 'switchyard_request_duration_seconds_count')).toBe(5);
    expect(samples.some((s) => Object.values(s.labels).includes('gpt-9-does-not-exist'))).toBe(false);
  });

  it('has tokens, cost and latency that match the stored traces', async () => {
    const traces = (await h.gateway.store.listTraces({ limit: 100 })).traces;
    const small = traces.filter((t) => t.requestedModel === 'small');
    expect(small).toHaveLength(3);
    const sum = (f: (t: (typeof small)[number]) => number) => small.reduce((s, t) => s + f(t), 0);
    expect(sum((t) => t.inputTokens)).toBeGreaterThan(0);
    expect(total(samples, 'switchyard_tokens_total', { model: 'small', type: 'input' })).toBe(sum((t) => t.inputTokens));
    expect(total(samples, 'switchyard_tokens_total', { model: 'small', type: 'output' })).toBe(sum((t) => t.outputTokens));
    expect(total(samples, 'switchyard_cost_usd_total', { model: 'small' })).toBeCloseTo(sum((t) => t.costUsd), 12);
    expect(total(samples, 'switchyard_request_duration_seconds_count', { model: 'small' })).toBe(3);
    expect(total(samples, 'switchyard_request_duration_seconds_sum', { model: 'small' })).toBeCloseTo(sum((t) => t.latencyMs) / 1000, 6);
    // Every bucket counts the observations at or below its bound; +Inf holds them all.
    expect(total(samples, 'switchyard_request_duration_seconds_bucket', { model: 'small', le: '+Inf' })).toBe(3);
    // The one streamed call: the two whole answers' first token came with their last.
    const streamed = small.filter((t) => t.stream);
    expect(streamed).toHaveLength(1);
    expect(total(samples, 'switchyard_time_to_first_token_seconds_count', { model: 'small' })).toBe(1);
    expect(total(samples, 'switchyard_time_to_first_token_seconds_sum', { model: 'small' })).toBeCloseTo((streamed[0]?.ttftMs ?? Number.NaN) / 1000, 6);
  });

  it('counts by key and team, and every upstream attempt (the dead provider of a fallback)', () => {
    expect(total(samples, 'switchyard_key_requests_total', { key: 'compat', team: 'platform' })).toBe(6);
    expect(total(samples, 'switchyard_key_cost_usd_total', { key: 'compat', team: 'platform' })).toBeGreaterThan(0);
    expect(total(samples, 'switchyard_upstream_attempts_total', { provider: 'down', status: '0' })).toBe(3);
    expect(total(samples, 'switchyard_upstream_attempts_total', { provider: 'standin-openai', status: '200' })).toBe(4);
  });

  it("reports each target's circuit breaker as the admin API shows it", async () => {
    const targets = (await (await fetch(`${h.gateway.url}/api/providers`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { targets: { target: string; state: string; opened: number }[] };
    const down = targets.targets.find((t) => t.target.startsWith('down/'));
    expect(down).toBeDefined();
    expect(total(samples, 'switchyard_circuit_open', { target: down?.target ?? '' })).toBe(down?.state === 'closed' ? 0 : 1);
    expect(total(samples, 'switchyard_circuit_opened_total', { target: down?.target ?? '' })).toBe(down?.opened);
    expect(total(samples, 'switchyard_circuit_open', { target: 'standin-openai/standin-small' })).toBe(0);
  });

  it('names the replica once, as an info series, and on no per-call series', () => {
    // Unset $SWITCHYARD_REPLICA: the host's name and the pid, as this process's traces say.
    expect(samples.filter((s) => s.name === 'switchyard_replica_info')).toEqual([{ name: 'switchyard_replica_info', labels: { replica: h.gateway.replica }, value: 1 }]);
    expect(h.gateway.replica).toBe(`${hostname()}-${process.pid}`);
    expect(samples.filter((s) => s.name !== 'switchyard_replica_info' && 'replica' in s.labels)).toEqual([]);
  });

  it('reports in-flight calls, the trace writer and the process', () => {
    expect(total(samples, 'switchyard_requests_in_flight')).toBe(0);
    expect(samples.some((s) => s.name === 'switchyard_trace_writer_pending')).toBe(true);
    expect(total(samples, 'switchyard_traces_stored_total')).toBe(6);
    expect(total(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});

describe('who may scrape', () => {
  it('asks for a credential when an admin key is configured', async () => {
    expect((await scrape({})).status).toBe(401);
  });

  it('refuses a virtual key, which must not read other keys’ spend', async () => {
    const response = await scrape({ authorization: 'Bearer sk-sy-test' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('a virtual key cannot read /metrics');
  });

  it('names the scrape token when a wrong key is presented', async () => {
    const response = await scrape({ authorization: 'Bearer not-the-scrape-token' });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("the presented key is not this gateway's metrics.token or admin key: scrape /metrics with one of them");
  });

  it('accepts the scrape token and the admin key', async () => {
    expect((await scrape({ authorization: `Bearer ${SCRAPE}` })).status).toBe(200);
    expect((await scrape({ authorization: `Bearer ${ADMIN}` })).status).toBe(200);
  });

  it('answers only GET and HEAD', async () => {
    const response = await fetch(`${h.gateway.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${SCRAPE}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
