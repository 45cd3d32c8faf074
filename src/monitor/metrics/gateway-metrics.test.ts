import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { GatewayMetrics } from './gateway-metrics.js';

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

  it('counts route branches and stage decisions without free text', async () => {
    const m = metrics();
    m.observe(sampleTrace({ requestedModel: 'support', provider: 'local', upstreamModel: null, decisions: { route: { steps: [], model: 'small' }, local: { answered: true, label: 'refund' } } }));
    m.observe(sampleTrace({ requestedModel: 'support', decisions: { route: { steps: [{ route: 'support', target: 'small' }] }, local: { answered: false, reason: 'confidence 0.2 below the threshold' }, cache: { hit: false }, guard_in: { verdict: 'Free text, not a word' } } }));
    const text = await m.render();
    expect(text).toContain('switchyard_route_requests_total{route="support",branch="local"} 1');
    expect(text).toContain('switchyard_route_requests_total{route="support",branch="small"} 1'); // the route's target by its config name, not the provider's model
    expect(text).toContain('switchyard_decisions_total{stage="local",outcome="answered"} 1');
    expect(text).toContain('switchyard_decisions_total{stage="local",outcome="escalated"} 1');
    expect(text).toContain('switchyard_decisions_total{stage="cache",outcome="miss"} 1');
    expect(text).toContain('switchyard_decisions_total{stage="guard_in",outcome="recorded"} 1');
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
