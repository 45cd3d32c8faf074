import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import type { TargetStatus } from '../../src/routing/target-health.js';
import { type Clock, systemClock } from '../../src/core/clock.js';

let h: Harness;
let client: OpenAI;
/** Added to the wall clock the gateway reads: a loaded machine cannot reach the probe early. */
let stepped = 0;
const clock: Clock = { now: () => Date.now() + stepped, sleep: systemClock.sleep };

const config = (sim: string) => `
providers:
  sim:    { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  backup: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  gem:    { type: gemini, base_url: "${sim}", api_key: AIza-x }
models:
  guarded:
    fallbacks: [ { provider: sim, model: flaky }, { provider: backup, model: standin-small } ]
  alone: { provider: sim, model: lonely }
  fastest:
    balance: latency
    loadbalance: [ { provider: sim, model: slow-deploy }, { provider: backup, model: fast-deploy } ]
  calmest:
    balance: least_busy
    loadbalance: [ { provider: sim, model: busy-a }, { provider: backup, model: busy-b } ]
  roomiest:
    balance: headroom
    loadbalance: [ { provider: sim, model: room-a }, { provider: backup, model: room-b } ]
  # Gemini's API sends no rate-limit headers: its target never has a headroom figure.
  unreported:
    balance: headroom
    loadbalance: [ { provider: sim, model: room-c }, { provider: gem, model: gemini-2.5-flash } ]
retry: { max_attempts: 1, base_delay_ms: 1, max_delay_ms: 5 }
# The gateway's clock is stepped by the test (below), so open_ms passes only when the test says.
breaker: { consecutive_failures: 3, open_ms: 60000, max_open_ms: 240000 }
`;

beforeAll(async () => {
  h = await startHarness('', config, { clock });
  client = h.openai('any');
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetStats();
});

const ask = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }).withResponse();

async function targets(): Promise<Record<string, TargetStatus>> {
  const body = (await (await fetch(`${h.gateway.url}/api/providers`)).json()) as { targets: TargetStatus[] };
  return Object.fromEntries(body.targets.map((t) => [t.target, t]));
}


describe('circuit breakers', () => {
  it('opens after repeated failures, skips the target for the fallback, and recovers after a successful probe', async () => {
    h.sim.addFault({ kind: 'status', status: 500, model: 'flaky' });
    for (let i = 0; i < 3; i++) {
      const { response } = await ask('guarded');
      expect((await h.traceOf(response)).attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['sim:500', 'backup:200']);
    }
    expect((await targets())['sim/flaky']).toMatchObject({ state: 'open', consecutiveFailures: 3, opened: 1 });

    // Open: straight to the fallback, the failing deployment is not called at all.
    const { response } = await ask('guarded');
    const skippedTrace = await h.traceOf(response);
    expect(skippedTrace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['backup:200']);
    expect(skippedTrace.decisions?.breaker).toMatchObject({ skipped: ['sim/flaky'] });
    expect(h.sim.stats().byModel.flaky).toBe(3);
    // When the fallback fails too, the failed call's trace still says the open target was passed over.
    h.sim.addFault({ kind: 'status', status: 500, model: 'standin-small', times: 1 });
    const failed = (await ask('guarded').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(failed.status).toBe(502);
    const failedTrace = await h.traceOf(failed);
    expect(failedTrace).toMatchObject({ status: 502, errorCode: 'all_targets_failed' });
    expect(failedTrace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['backup:500']);
    expect(failedTrace.decisions?.breaker).toEqual({ skipped: ['sim/flaky'], reason: 'open circuit after repeated failures' });

    // The deployment recovers; after open_ms one probe goes through and closes the circuit.
    h.sim.clearFaults();
    stepped += 60_050;
    expect((await targets())['sim/flaky']?.state).toBe('half_open');
    const probe = await ask('guarded');
    expect((await h.traceOf(probe.response)).attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['sim:200']);
    expect((await targets())['sim/flaky']?.state).toBe('closed');
  });

  it('refuses at once with 503 and retry-after when every target of a model is open', async () => {
    h.sim.addFault({ kind: 'status', status: 503, model: 'lonely' });
    for (let i = 0; i < 3; i++) await ask('alone').catch(() => undefined);
    const before = h.sim.stats().requests;
    const error = (await ask('alone').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(503);
    expect(error.message).toContain('has an open circuit');
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(h.sim.stats().requests).toBe(before);
    expect((await h.traceOf(error)).decisions?.breaker).toMatchObject({ skipped: ['sim/lonely'] });
  });

  it('does not count client errors or rate limits against a target', async () => {
    h.sim.addFault({ kind: 'status', status: 429, model: 'flaky', times: 5 });
    for (let i = 0; i < 5; i++) await ask('guarded');
    expect((await targets())['sim/flaky']).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});

describe('latency-aware balancing', () => {
  it('sends most traffic to the deployment with the lower recent latency, and says why on the trace', async () => {
    // 300 ms apart: wider than any stall a loaded test machine adds to the fast one.
    h.sim.addFault({ kind: 'slow', delayMs: 300, model: 'slow-deploy' });
    for (let i = 0; i < 12; i++) await ask('fastest');
    const byModel = h.sim.stats().byModel;
    // Each deployment is measured once, then the faster one wins.
    expect(byModel['fast-deploy']).toBeGreaterThanOrEqual(10);
    expect(byModel['slow-deploy'] ?? 0).toBeLessThanOrEqual(2);
    const { response } = await ask('fastest');
    const decision = (await h.traceOf(response)).decisions?.balance as { rule: string; order: { target: string; latencyMs: number }[] };
    expect(decision.rule).toBe('latency');
    expect(decision.order[0]?.target).toBe('backup/fast-deploy');
  });

  it('reads the providers\' rate-limit headers: headroom per target on /api/providers and on the trace', async () => {
    const { response } = await ask('roomiest');
    const decision = (await h.traceOf(response)).decisions?.balance as { rule: string };
    expect(decision.rule).toBe('headroom');
    const seen = await targets();
    const headroom = seen['sim/room-a']?.headroom ?? seen['backup/room-b']?.headroom;
    expect(headroom).toBeGreaterThan(0);
    expect(headroom).toBeLessThanOrEqual(1);
  });

  it('headroom: a target whose provider never reports its rate limit does not take every call', async () => {
    // Without a figure it was ranked as if all of it were left: after room-c's first answer every
    // call went to Gemini. Kept in its drawn place, each gets about half (fewer than 3 of 20: p < 0.001).
    for (let i = 0; i < 20; i++) await ask('unreported');
    const byModel = h.sim.stats().byModel;
    expect(byModel['room-c'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(byModel['gemini-2.5-flash'] ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('least_busy spreads concurrent requests over both deployments', async () => {
    // Answers take long enough that all ten are in flight together, even on a loaded machine:
    // each new request goes to whichever deployment has fewer, so the split is even.
    h.sim.addFault({ kind: 'slow', delayMs: 500 });
    await Promise.all(Array.from({ length: 10 }, () => ask('calmest')));
    const byModel = h.sim.stats().byModel;
    expect(Math.min(byModel['busy-a'] ?? 0, byModel['busy-b'] ?? 0)).toBeGreaterThanOrEqual(4);
    expect((byModel['busy-a'] ?? 0) + (byModel['busy-b'] ?? 0)).toBe(10);
  });
});
