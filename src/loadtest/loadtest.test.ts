import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/seeded-random.js';
import { arrivals, timerDuration } from './arrivals.js';
import { buildReport, type ReportInput } from './load-report.js';
import { AnswerReader } from './read-answer.js';
import type { LoadSample } from './run-load.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { prepare, requestsFromTraces } from './workload.js';

describe('replaying traces', () => {
  const contents = [{ role: 'user', parts: [{ text: 'Where is my parcel?' }] }];
  const traces = [
    sampleTrace({ endpoint: 'gemini', request: JSON.stringify({ contents, generationConfig: { maxOutputTokens: 64 } }) }),
    sampleTrace({ endpoint: 'chat' }),
    sampleTrace({ endpoint: 'embeddings', request: { model: 'e', input: 'x' } }),
  ];

  it("replays a Gemini API trace at a path naming the model and method, its body without them (Google's model is in the path)", () => {
    const requests = requestsFromTraces(traces);
    expect(requests.map((r) => r.path)).toEqual(['/v1beta/models', '/v1/chat/completions']);
    const [streamed] = prepare(requests, 'support/gemini', true);
    expect(streamed).toEqual({ path: '/v1beta/models/support%2Fgemini:streamGenerateContent?alt=sse', body: { contents, generationConfig: { maxOutputTokens: 64 } } });
    const [whole] = prepare([{ path: '/v1beta/models', body: { contents, model: 'old', stream: true } }], 'flash', false);
    expect(whole).toEqual({ path: '/v1beta/models/flash:generateContent', body: { contents } });
  });
});

describe('open-loop arrivals', () => {
  it('spaces uniform arrivals exactly and Poisson ones at the asked mean rate', () => {
    const uniform = arrivals(10, 1_000, 'uniform', Math.random);
    expect(uniform).toHaveLength(10);
    expect(uniform[1]).toBeCloseTo(100);
    const poisson = arrivals(200, 60_000, 'poisson', seededRandom(7));
    expect(poisson.length / 60).toBeGreaterThan(190);
    expect(poisson.length / 60).toBeLessThan(210);
    expect(poisson.every((t, i) => i === 0 || t >= (poisson[i - 1] as number))).toBe(true);
  });

  it('reads durations as every duration flag does and refuses anything else by name', () => {
    expect(timerDuration('2m')).toBe(120_000);
    expect(timerDuration('500ms')).toBe(500);
    expect(timerDuration('30')).toBe(30_000);
    // Days, as the monitor's windows take them (the load test refused them).
    expect(timerDuration('1d')).toBe(86_400_000);
    expect(() => timerDuration('soon')).toThrow('--duration must be a duration like 500ms, 30s, 2m, 24h, 7d or 2w (no unit: seconds), got "soon"');
    expect(() => timerDuration('0s')).toThrow('longer than zero');
    // Past what a Node.js timer waits, named as such.
    expect(() => timerDuration('4w', '--timeout')).toThrow('--timeout must be at most 596h');
  });
});

describe('reading answers', () => {
  it('finds usage in OpenAI, Anthropic, Responses and Gemini streams split anywhere', () => {
    const openai = 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5}}\n\ndata: [DONE]\n\n';
    const anthropic =
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":20,"output_tokens":1}}}\n\nevent: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":9}}\n\n';
    const responses = 'event: response.completed\ndata: {"type":"response.completed","response":{"usage":{"input_tokens":7,"output_tokens":3}}}\n\n';
    // Gemini repeats the running usage on each event and counts thoughts apart from the answer.
    const gemini =
      'data: {"candidates":[{"content":{"parts":[{"text":"Hi"}]}}],"usageMetadata":{"promptTokenCount":11,"totalTokenCount":11}}\n\ndata: {"candidates":[{"content":{"parts":[{"text":"!"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":4,"thoughtsTokenCount":6,"totalTokenCount":21}}\n\n';
    const cases: [string, number, number][] = [[openai, 12, 5], [anthropic, 20, 9], [responses, 7, 3], [gemini, 11, 10]];
    for (const [stream, input, output] of cases) {
      const reader = new AnswerReader();
      for (let i = 0; i < stream.length; i += 7) reader.push(stream.slice(i, i + 7));
      expect(reader.result).toEqual({ inputTokens: input, outputTokens: output, error: null, message: null });
    }
  });

  it('reports an error sent in-band after the stream began', () => {
    const reader = new AnswerReader();
    reader.push('data: {"error":{"message":"upstream broke","type":"upstream_error"}}\n\n');
    expect(reader.result.error).toBe('upstream_error');
    const gemini = new AnswerReader();
    gemini.json('{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}');
    expect(gemini.result.error).toBe('RESOURCE_EXHAUSTED');
  });
});

function sample(overrides: Partial<LoadSample> = {}): LoadSample {
  return { dueMs: 0, lagMs: 1, latencyMs: 500, ttftMs: 100, status: 200, cause: null, inputTokens: 10, outputTokens: 20, costUsd: 0.001, traceId: null, cache: null, ...overrides };
}

function input(samples: LoadSample[], extra: Partial<ReportInput> = {}): ReportInput {
  return { runId: 'lt_1', model: 'small', target: 'test', rps: 10, durationMs: 10_000, arrivals: 'uniform', samples, wallMs: 10_500, traces: new Map(), cpuMs: 50, ...extra };
}

describe('load report', () => {
  it('tells a generator that held requests back to raise --max-in-flight, and one that only sent late that the cap is not the fix', () => {
    const late = buildReport(input(Array.from({ length: 100 }, () => sample({ lagMs: 150 }))));
    expect(late.bottleneck.kind).toBe('load generator');
    expect(late.bottleneck.reason).toContain('none held back');
    expect(late.bottleneck.reason).not.toContain('--max-in-flight');
    const held = buildReport(input([...Array.from({ length: 98 }, () => sample()), ...Array.from({ length: 2 }, () => sample({ status: 0, cause: "not sent: the generator's max in flight was reached" }))]));
    expect(held.bottleneck.kind).toBe('load generator');
    expect(held.bottleneck.reason).toContain('2 not sent');
    expect(held.bottleneck.reason).toContain('raise --max-in-flight');
  });

  it('projects cost per hour and month at the tested rate and at N users', () => {
    const report = buildReport(input(Array.from({ length: 100 }, () => sample()), { users: { count: 1_000, requestsPerDay: 20 } }));
    expect(report.cost.perRequestUsd).toBe(0.001);
    // 100 ok answers over 10 s = 10/s; $0.001 each = $36 an hour.
    expect(report.cost.perHourUsd).toBe(36);
    expect(report.cost.perMonthUsd).toBe(26_280);
    expect(report.projection).toMatchObject({ requestsPerMonth: 608_333, costPerMonthUsd: 608.33 });
    expect(report.latencyMs.p50).toBe(500);
    expect(report.bottleneck.kind).toBe('provider latency');
  });

  it('says how many answers came from a model with no price rather than costing them $0', () => {
    // By the response header (whole answers) or the trace (streams, read after the run).
    const traces = new Map([['tr_2', { costUsd: 0, latencyMs: 500, upstreamMs: 400, provider: 'sim', unpriced: 'my-vllm-model' }]]);
    const some = buildReport(input([...Array.from({ length: 8 }, () => sample()), sample({ costUsd: null, unpriced: 'my-vllm-model' }), sample({ costUsd: 0, traceId: 'tr_2' })], { traces }));
    expect(some.cost).toMatchObject({ unpriced: 2, unpricedModels: ['my-vllm-model'], known: 8, totalUsd: 0.008 });
    // A lower bound: the priced answers' cost over every answer.
    expect(some.cost.perRequestUsd).toBe(0.0008);
    const all = buildReport(input(Array.from({ length: 10 }, () => sample({ costUsd: null, unpriced: 'my-vllm-model' })), { users: { count: 100, requestsPerDay: 10 } }));
    expect(all.cost).toMatchObject({ totalUsd: null, perRequestUsd: null, perMonthUsd: null, known: 0, unpriced: 10 });
    expect(all.projection?.costPerMonthUsd).toBeNull();
  });

  it('projects at the rate asked, not at the number of arrivals the run happened to draw', () => {
    // A Poisson run at 10/s for 10 s drew 109 arrivals; 100 were answered.
    const samples = [...Array.from({ length: 100 }, () => sample()), ...Array.from({ length: 9 }, () => sample({ status: 502, cause: '502 all_targets_failed' }))];
    const report = buildReport(input(samples, { arrivals: 'poisson' }));
    // 10/s × 100/109 answered × $0.001 × 3,600 s.
    expect(report.cost.perHourUsd).toBe(33.0275);
  });

  it('carries the terminal\'s "unreliable" verdict in the JSON when fewer than 5 requests were answered', () => {
    const failed = () => sample({ status: 502, cause: '502 all_targets_failed' });
    const few = JSON.parse(JSON.stringify(buildReport(input([...Array.from({ length: 3 }, () => sample()), ...Array.from({ length: 37 }, failed)])))) as Record<string, unknown>;
    expect(few.unreliable).toBe('3 of 40 requests answered; the cost per request and the projections rest on fewer than 5 answers');
    // The existing fields keep their names and values.
    expect(few.requests).toEqual({ due: 40, sent: 40, ok: 3, failed: 37 });
    // Enough answers, or none (a run that measured nothing is refused, not called unreliable): null.
    expect(JSON.parse(JSON.stringify(buildReport(input(Array.from({ length: 5 }, () => sample()))))).unreliable).toBeNull();
    expect(JSON.parse(JSON.stringify(buildReport(input(Array.from({ length: 4 }, failed))))).unreliable).toBeNull();
  });

  it('names rate limits when more than 1% of requests were refused with 429', () => {
    const samples = [...Array.from({ length: 90 }, () => sample()), ...Array.from({ length: 10 }, () => sample({ status: 429, cause: '429 rate_limited' }))];
    const report = buildReport(input(samples));
    expect(report.errors).toEqual({ '429 rate_limited': 10 });
    expect(report.bottleneck.kind).toBe('rate limits');
  });

  it('does not blame provider latency for a run answered mostly from the response cache', () => {
    const traces = new Map([['tr_hit', { costUsd: 0, latencyMs: 5, upstreamMs: 0, provider: 'cache', unpriced: undefined }]]);
    const samples = [...Array.from({ length: 80 }, () => sample({ cache: 'hit', traceId: 'tr_hit', latencyMs: 5 })), ...Array.from({ length: 20 }, () => sample())];
    const report = buildReport(input(samples, { traces }));
    expect(report.bottleneck.kind).toBe('none');
    expect(report.bottleneck.reason).toContain('80 of 100 answers came from the response cache');
  });

  it('names refused requests, not provider latency, when the gateway turned requests away', () => {
    const samples = [...Array.from({ length: 5 }, () => sample()), ...Array.from({ length: 15 }, () => sample({ status: 401, cause: '401 unauthorized', latencyMs: 1 }))];
    const report = buildReport(input(samples));
    expect(report.bottleneck).toEqual({
      kind: 'refused requests',
      reason: '75.0% of requests were refused by the gateway before reaching a provider (15 × 401 unauthorized): fix the requests (pass --api-key with a key the gateway accepts), then measure again',
    });
    const unknownModel = buildReport(input(Array.from({ length: 4 }, () => sample({ status: 404, cause: '404 not_found_error' }))));
    expect(unknownModel.bottleneck.kind).toBe('refused requests');
    expect(unknownModel.bottleneck.reason).toContain("check --model against the gateway's models");
  });

  it('names the gateway CPU when it used most of a core, and says its ceiling', () => {
    const report = buildReport(input(Array.from({ length: 100 }, () => sample()), { cpuMs: 9_000, wallMs: 10_000 }));
    expect(report.bottleneck.kind).toBe('gateway CPU');
    expect(report.bottleneck.reason).toContain('about 11 requests/s per core');
  });

  it('splits time between the provider and the gateway from the traces', () => {
    const traces = new Map([['t1', { costUsd: 0.002, latencyMs: 410, upstreamMs: 400, provider: 'sim' }]]);
    const report = buildReport(input([sample({ traceId: 't1', costUsd: null })], { traces }));
    expect(report.gateway.upstreamMs.p50).toBe(400);
    expect(report.gateway.overheadMs.p50).toBe(10);
    expect(report.cost.perRequestUsd).toBe(0.002);
  });
});
