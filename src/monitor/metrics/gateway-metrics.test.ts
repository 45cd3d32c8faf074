import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { GatewayMetrics } from './gateway-metrics.js';

/** Prometheus's histogram_quantile over one series' cumulative buckets: linear within a bucket, the highest finite bound past it. */
function histogramQuantile(q: number, exposition: string, metric: string): number {
  const buckets = [...exposition.matchAll(new RegExp(`^${metric}_bucket\\{le="([^"]+)"[^}]*\\} (\\d+)$`, 'gm'))].map((m) => ({ le: Number(m[1]), count: Number(m[2]) }));
  const total = buckets[buckets.length - 1]?.count ?? 0;
  const rank = q * total;
  let below = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank) return bucket.le === Infinity ? below.le : below.le + ((bucket.le - below.le) * (rank - below.count)) / (bucket.count - below.count);
    below = bucket;
  }
  return Number.NaN;
}

function metrics(): GatewayMetrics {
  return new GatewayMetrics({ labels: { models: ['small', 'support'], providers: ['openai'], keys: ['compat'], teams: [] } });
}

describe('Prometheus metrics from traces', () => {
  it('counts a trace only once it is folded, on the next turn or at scrape time', async () => {
    const m = metrics();
    m.observe(sampleTrace({ provider: 'openai' }));
    expect((await m.registry.getSingleMetricAsString('switchyard_requests_total')).includes('model="small"')).toBe(false);
    expect(await m.render()).toContain('switchyard_requests_total{endpoint="chat",model="small",provider="openai",status="200"} 1');
  });

  it('bounds labels: past the configured names and a few extras, values become (other)', async () => {
    const m = metrics();
    for (let i = 0; i < 30; i++) m.observe(sampleTrace({ provider: `made-up-${i}`, attempts: [] }));
    const text = await m.render();
    expect(text).toContain('provider="made-up-19"');
    expect(text).not.toContain('provider="made-up-20"');
    expect(text).toContain('switchyard_requests_total{endpoint="chat",model="small",provider="(other)",status="200"} 10');
  });

  it("labels a call whose body named no model (unreadable JSON, no model field) (no model), not the empty value Prometheus reads as no label", async () => {
    const m = metrics();
    m.observe(sampleTrace({ requestedModel: '', provider: null, attempts: [], status: 400, errorCode: 'invalid_json' }));
    const text = await m.render();
    expect(text).toContain('switchyard_requests_total{endpoint="chat",model="(no model)",provider="none",status="400"} 1');
    expect(text).toContain('switchyard_refused_requests_total{model="(no model)",cause="invalid_json"} 1');
    expect(text).not.toContain('model=""');
  });

  it('counts route branches and stage decisions without free text', async () => {
    const m = metrics();
    m.observe(sampleTrace({ requestedModel: 'support', provider: 'local', upstreamModel: null, decisions: { route: { steps: [], model: 'small' }, local: { answered: true, label: 'refund' } } }));
    m.observe(sampleTrace({ requestedModel: 'support', decisions: { route: { steps: [{ route: 'support', target: 'small' }] }, local: { answered: false, reason: 'confidence 0.2 below the threshold' }, cache: { hit: false }, guard_in: { verdict: 'Free text, not a word' } } }));
    // A self-hosted model named "local": its own branch, not the local task model's answers.
    m.observe(sampleTrace({ requestedModel: 'support', upstreamModel: 'my-vllm-model', decisions: { route: { steps: [{ route: 'support', target: 'local' }] } } }));
    const text = await m.render();
    expect(text).toContain('switchyard_route_requests_total{route="support",branch="(local)"} 1');
    expect(text).toContain('switchyard_route_requests_total{route="support",branch="local"} 1');
    expect(text).toContain('switchyard_route_requests_total{route="support",branch="small"} 1'); // the route's target by its config name, not the provider's model
    // The HELP line names the branch as the series write it: (local), not local (a model's name).
    expect(text).toMatch(/# HELP switchyard_route_requests_total .*\(local\) for a local task model's answers/);
    expect(text).not.toContain('or local for a local task model');
    expect(text).toContain('switchyard_decisions_total{stage="local",outcome="answered"} 1');
    expect(text).toContain('switchyard_decisions_total{stage="local",outcome="escalated"} 1');
    expect(text).toContain('switchyard_decisions_total{stage="cache",outcome="miss"} 1');
    expect(text).toContain('switchyard_decisions_total{stage="guard_in",outcome="recorded"} 1');
  });

  it('counts a route reached through another route under its own branch, with via naming the route called (bounded)', async () => {
    const m = new GatewayMetrics({ labels: { models: ['front', 'ab', 'small', 'large'], providers: ['openai'], keys: [], teams: [] } });
    const via = (called: string, ...steps: [string, string][]) => sampleTrace({ requestedModel: called, decisions: { route: { steps: steps.map(([route, target]) => ({ route, target })) } } });
    for (let i = 0; i < 2; i++) m.observe(via('front', ['front', 'ab'], ['ab', 'small']));
    m.observe(via('front', ['front', 'large']));
    m.observe(via('ab', ['ab', 'large']));
    let text = await m.render();
    // Each call once under the route called, as before; ab's arms as the Routes page counts them.
    expect(text).toContain('switchyard_route_requests_total{route="front",branch="ab"} 2');
    expect(text).toContain('switchyard_route_requests_total{route="ab",branch="large"} 1');
    // Before 2026-12-07 there was no ab > small: the split's arm behind the conditional read 0.
    expect(text).toContain('switchyard_route_requests_total{route="ab",branch="small",via="front"} 2');
    // Routes and branches made up past the label's bound are one (other) series, not one each.
    for (let i = 0; i < 300; i++) m.observe(via('front', ['front', `inner-${i}`], [`inner-${i}`, 'small']));
    text = await m.render();
    const nested = text.split('\n').filter((line) => line.startsWith('switchyard_route_requests_total{') && line.includes('via='));
    expect(nested.length).toBeLessThanOrEqual(201);
    expect(text).toMatch(/switchyard_route_requests_total\{route="\(other\)",branch="\(other\)",via="front"\} \d+/);
  });

  it('counts every guardrail check by stage and action', async () => {
    const m = metrics();
    const guardrails = [
      { name: 'pii', stage: 'input', action: 'redact', reason: '2 emails' },
      { name: 'injection', stage: 'input', action: 'pass', reason: 'score 0.01' },
    ];
    m.observe(sampleTrace({ decisions: { guardrails, guard: { policy: 'strict', inputMs: 1, outputMs: 0 } } }));
    m.observe(sampleTrace({ decisions: { guardrails: [{ name: 'injection', stage: 'input', action: 'block', reason: 'score 0.97' }] } }));
    const text = await m.render();
    expect(text).toContain('switchyard_guardrail_verdicts_total{check="pii",stage="input",action="redact"} 1');
    expect(text).toContain('switchyard_guardrail_verdicts_total{check="injection",stage="input",action="pass"} 1');
    expect(text).toContain('switchyard_guardrail_verdicts_total{check="injection",stage="input",action="block"} 1');
    expect(text).not.toContain('stage="guardrails"');
  });

  it("has buckets fine enough for LLM latencies: long answers' and reasoning models' percentiles come out within 20%", async () => {
    const m = metrics();
    // Answers of 10-20 s (500 tokens at 25-50 tokens/s), first tokens of 20-50 s (a reasoning model thinking).
    for (let i = 1; i <= 100; i++) m.observe(sampleTrace({ provider: 'openai', stream: true, latencyMs: 10_000 + i * 100, ttftMs: 20_000 + i * 300 }));
    const text = await m.render();
    const within = (estimate: number, truth: number) => expect(Math.abs(estimate - truth) / truth).toBeLessThan(0.2);
    within(histogramQuantile(0.5, text, 'switchyard_request_duration_seconds'), 15);
    within(histogramQuantile(0.95, text, 'switchyard_request_duration_seconds'), 19.5);
    within(histogramQuantile(0.5, text, 'switchyard_time_to_first_token_seconds'), 35);
    within(histogramQuantile(0.95, text, 'switchyard_time_to_first_token_seconds'), 48.5);
    // Boundaries only added: a dashboard's or SLO's le="0.5" or le="2.5" still finds its series.
    for (const le of ['0.005', '0.025', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '60', '120', '300']) expect(text).toContain(`switchyard_request_duration_seconds_bucket{le="${le}",`);
    for (const le of ['0.005', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30']) expect(text).toContain(`switchyard_time_to_first_token_seconds_bucket{le="${le}",`);
  });

  it("reads a hosted model's first tokens (0.15-0.33 s) within a tenth at p50 and p95", async () => {
    const m = metrics();
    for (let i = 0; i < 100; i++) m.observe(sampleTrace({ provider: 'openai', stream: true, latencyMs: 2_000, ttftMs: 150 + i * 1.8 }));
    const text = await m.render();
    const within = (estimate: number, truth: number) => expect(Math.abs(estimate - truth) / truth).toBeLessThan(0.1);
    within(histogramQuantile(0.5, text, 'switchyard_time_to_first_token_seconds'), 0.24);
    within(histogramQuantile(0.95, text, 'switchyard_time_to_first_token_seconds'), 0.321);
  });

  it('times first tokens of streamed answers only: a whole answer, or an embedding, has no first token before its last', async () => {
    const m = metrics();
    m.observe(sampleTrace({ provider: 'openai', stream: true, latencyMs: 900, ttftMs: 150 }));
    m.observe(sampleTrace({ provider: 'openai', stream: false, latencyMs: 700, ttftMs: 700 }));
    m.observe(sampleTrace({ provider: 'openai', endpoint: 'embeddings', stream: false, latencyMs: 200, ttftMs: 200 }));
    const text = await m.render();
    expect(text).toContain('switchyard_time_to_first_token_seconds_count{model="small",provider="openai"} 1');
    expect(text).toContain('switchyard_time_to_first_token_seconds_sum{model="small",provider="openai"} 0.15');
    expect(text).toContain('switchyard_request_duration_seconds_count{endpoint="chat",model="small",provider="openai"} 2');
  });

  it("reports each target's circuit breaker, so a provider down behind a fallback shows", async () => {
    const m = metrics();
    const targets = [
      { target: 'down/gpt-5.4-mini', state: 'open' as const, opened: 2 },
      { target: 'openai/gpt-5.4-mini', state: 'closed' as const, opened: 0 },
    ];
    m.watch({ targets: () => targets });
    let text = await m.render();
    expect(text).toContain('switchyard_circuit_open{target="down/gpt-5.4-mini"} 1');
    expect(text).toContain('switchyard_circuit_open{target="openai/gpt-5.4-mini"} 0');
    expect(text).toContain('switchyard_circuit_opened_total{target="down/gpt-5.4-mini"} 2');
    // Half open (one probe let through) still skips the target's other calls; a closed one reads 0 again.
    targets[0] = { target: 'down/gpt-5.4-mini', state: 'half_open' as never, opened: 3 };
    text = await m.render();
    expect(text).toContain('switchyard_circuit_open{target="down/gpt-5.4-mini"} 1');
    expect(text).toContain('switchyard_circuit_opened_total{target="down/gpt-5.4-mini"} 3');
    targets[0] = { target: 'down/gpt-5.4-mini', state: 'closed' as never, opened: 3 };
    expect(await m.render()).toContain('switchyard_circuit_open{target="down/gpt-5.4-mini"} 0');
  });

  it('counts retries (the same target again) and fallbacks (another target), a call every target failed included', async () => {
    const m = new GatewayMetrics({ labels: { models: ['small'], providers: ['openai', 'backup'], keys: [], teams: [] } });
    const attempt = (provider: string, model: string, status: number) => ({ provider, model, status, latencyMs: 5 });
    m.observe(sampleTrace({ provider: 'openai', attempts: [attempt('openai', 'gpt-5.4-mini', 200)] }));
    m.observe(sampleTrace({ provider: 'backup', attempts: [attempt('openai', 'gpt-5.4-mini', 503), attempt('openai', 'gpt-5.4-mini', 503), attempt('backup', 'small-b', 200)] }));
    // Every target failed: no provider on the trace, yet a retry and a fallback were made.
    m.observe(sampleTrace({ provider: null, status: 502, errorCode: 'all_targets_failed', attempts: [attempt('openai', 'gpt-5.4-mini', 0), attempt('openai', 'gpt-5.4-mini', 0), attempt('backup', 'small-b', 500)] }));
    // Another model of the same provider is a fallback, not a retry.
    m.observe(sampleTrace({ provider: 'openai', attempts: [attempt('openai', 'gpt-5.4-mini', 429), attempt('openai', 'gpt-5.4', 200)] }));
    const text = await m.render();
    expect(text).toContain('switchyard_upstream_retries_total{provider="openai",kind="retry"} 2');
    expect(text).toContain('switchyard_upstream_retries_total{provider="backup",kind="fallback"} 2');
    expect(text).toContain('switchyard_upstream_retries_total{provider="openai",kind="fallback"} 1');
    expect(text).toContain('switchyard_upstream_attempts_total{provider="openai",status="503"} 2');
  });

  it('counts calls to a model with no price apart, with their tokens, rather than adding $0 to the cost', async () => {
    const m = metrics();
    m.observe(sampleTrace({ provider: 'openai', upstreamModel: 'my-vllm-model', costUsd: 0, inputTokens: 12, outputTokens: 30, decisions: { cost: { priced: false, model: 'my-vllm-model' } } }));
    m.observe(sampleTrace({ provider: 'openai', costUsd: 0.002 }));
    const text = await m.render();
    expect(text).toContain('switchyard_unpriced_requests_total{model="small",provider="openai",upstream_model="my-vllm-model"} 1');
    expect(text).toContain('switchyard_unpriced_tokens_total{model="small",provider="openai",type="input"} 12');
    expect(text).toContain('switchyard_unpriced_tokens_total{model="small",provider="openai",type="output"} 30');
    expect(text).toContain('switchyard_cost_usd_total{model="small",provider="openai"} 0.002');
  });
});
