import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';
import { judgedCascadeYaml } from '../../src/test-support/judged-cascade.js';

// Calls Switchyard makes because of a client's request — a cascade's judge, an injection guard's
// judge — are paid by that client's key: its budget and rate limits count them, and their traces
// name the key, the feature and the client's trace (so spend restored from traces after a restart
// includes them too). They stay internal calls: the key's own guard policy does not judge them.

let h: Harness;
const judged = judgedCascadeYaml({ prices: { cheap: [1, 2], grader: [5, 10] } });

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
${judged.models}
  sentry: { provider: sim, model: standin-sentry, price: { input_per_mtok: 7, output_per_mtok: 20 } }
routes:
${judged.routes}
guardrails:
  policies:
    judged:
      # Every passing text goes to the judge (above: 0), so the test does not depend on scores.
      injection: { action: block, judge: { model: sentry, above: 0 } }
  apply: { keys: { app: judged } }
keys:
  - { key: sk-sy-app, name: app, budget: { usd: 10, period: monthly } }
server: { admin_key: admin-key-charged-1 }
retry: { max_attempts: 1 }
`);
  h.sim.addScript({ model: 'standin-cheap', match: 'capital', reply: 'Paris', usage: { prompt_tokens: 100, completion_tokens: 10, cached_tokens: 0 } });
  h.sim.addScript({ model: 'standin-grader', match: 'grade', reply: '5', usage: { prompt_tokens: 200, completion_tokens: 1, cached_tokens: 0 } });
  h.sim.addScript({ model: 'standin-sentry', match: 'Text to classify', reply: 'no', usage: { prompt_tokens: 300, completion_tokens: 1, cached_tokens: 0 } });
});
afterAll(async () => {
  await h?.close();
});

const CHEAP_USD = (100 * 1 + 10 * 2) / 1e6;
const GRADER_USD = (200 * 5 + 1 * 10) / 1e6;
const SENTRY_USD = (300 * 7 + 1 * 20) / 1e6;

describe('internal calls a client request causes', () => {
  it("are charged to the client's key and traced with the key, the feature and the client's trace", async () => {
    const client = h.openai('sk-sy-app');
    const { data, response } = await client.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'What is the capital of France?' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe('Paris');
    const clientTraceId = response.headers.get('x-switchyard-trace-id');
    const grader = await h.traceOf((await h.waitForTrace((t) => t.requestedModel === 'grader')).id);
    const sentry = await h.traceOf((await h.waitForTrace((t) => t.requestedModel === 'sentry')).id);
    expect(grader).toMatchObject({ keyName: 'app', decisions: { internal: { feature: 'cascade-judge', for: clientTraceId } } });
    expect(sentry).toMatchObject({ keyName: 'app', decisions: { internal: { feature: 'guard-judge', for: clientTraceId } } });
    expect(grader.costUsd).toBeCloseTo(GRADER_USD, 12);
    // The cascade's step names the judge's call, its score and cost (before 2026-12-07 only its
    // score, in the reason: the client's trace led nowhere to the judge's call or what it cost).
    const cascade = ((await h.traceOf(clientTraceId)).decisions?.route as { cascade: { action: string; costUsd: number; judge?: { score: number; minScore: number; traceId: string; costUsd: number } }[] }).cascade;
    // With the route's bar it was compared with (min_score), which a later config may move.
    expect(cascade[0]).toMatchObject({ action: 'accept', judge: { score: 1, minScore: 0.5, traceId: grader.id } });
    expect(cascade[0]?.judge?.costUsd).toBeCloseTo(GRADER_USD, 12);
    // A call of its own: not in the step's cost, which is the cheap answer's.
    expect(cascade[0]?.costUsd).toBeCloseTo(CHEAP_USD, 12);
    expect(sentry.costUsd).toBeCloseTo(SENTRY_USD, 12);
    // The key's guard policy judged the client's call, not the judges' own calls.
    expect(grader.decisions?.guardrails).toBeUndefined();
    expect(sentry.decisions?.guardrails).toBeUndefined();

    // What the keys page shows for the key: the three calls' spend, nothing still held.
    const listed = await fetch(`${h.gateway.url}/api/keys`, { headers: { authorization: 'Bearer admin-key-charged-1' } });
    const keys = ((await listed.json()) as { keys: { name: string; usage: { spendUsd: number; reservedUsd: number; requestsLastMinute: number } }[] }).keys;
    const usage = keys.find((k) => k.name === 'app')?.usage;
    expect(usage?.spendUsd).toBeCloseTo(CHEAP_USD + GRADER_USD + SENTRY_USD, 12);
    expect(usage?.reservedUsd).toBe(0);
    // Three model calls in the key's rate window: the client's and its two judges.
    expect(usage?.requestsLastMinute).toBe(3);
  });
});
