import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Attempt, TraceSummary } from '../../src/core/trace.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// An attempt that fails after the provider had the request (the attempt timeout fired, the
// connection broke mid-body) is billed by the provider though no answer came: the gateway books
// its prompt (estimated) on the attempt's trace entry, in the call's cost and against the key's
// budget, and still books the answer that followed once.
let h: Harness;

const SECRET = 'sk-sy-billed-01';
const ADMIN = 'sk-admin-billed-test';
// The failing targets cost $1,000 / $2,000 per million tokens and the one that answers $10 / $20:
// a handful of tokens is a cost a float comparison sees, and each target's share can be told apart.
const DEAR = '{ input_per_mtok: 1000, output_per_mtok: 2000 }';
const CHEAP = '{ input_per_mtok: 10, output_per_mtok: 20 }';
const config = (sim: string) => `
server: { admin_key: ${ADMIN} }
providers:
  sim: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  anth: { type: anthropic, base_url: ${sim}, api_key: sk-ant-upstream }
  trickle: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream, headers: { x-sim-tokens-per-second: "40" } }
models:
  hasty:
    fallbacks: [ { provider: sim, model: stalls, price: ${DEAR} }, { provider: sim, model: standin-small, price: ${CHEAP} } ]
    retry: { max_attempts: 1 }
    timeouts: { attempt_ms: 300 }
  brittle:
    fallbacks: [ { provider: sim, model: cuts, price: ${DEAR} }, { provider: sim, model: standin-small, price: ${CHEAP} } ]
    retry: { max_attempts: 1 }
  stuck:
    provider: sim
    model: hangs
    price: ${DEAR}
    retry: { max_attempts: 2, base_delay_ms: 5, max_delay_ms: 5 }
    timeouts: { attempt_ms: 300 }
  streamed: { provider: trickle, model: breaks, price: ${DEAR} }
  garbled:
    fallbacks: [ { provider: sim, model: garbles, price: ${DEAR} }, { provider: sim, model: standin-small, price: ${CHEAP} } ]
    retry: { max_attempts: 1 }
  mangled: { provider: sim, model: garbles, price: ${DEAR}, retry: { max_attempts: 1 } }
  resetting:
    fallbacks: [ { provider: sim, model: resets, price: ${DEAR} }, { provider: sim, model: standin-small, price: ${CHEAP} } ]
    retry: { max_attempts: 1 }
  claude-garbled:
    fallbacks: [ { provider: anth, model: claude-haiku-4-5, price: ${DEAR} }, { provider: anth, model: claude-sonnet-4-6, price: ${CHEAP} } ]
    retry: { max_attempts: 1 }
  claude-hasty:
    fallbacks: [ { provider: anth, model: claude-haiku-4-5, price: ${DEAR} }, { provider: anth, model: claude-sonnet-4-6, price: ${CHEAP} } ]
    retry: { max_attempts: 1 }
    timeouts: { attempt_ms: 300 }
  labeller: { provider: sim, model: standin-labeller, price: ${CHEAP} }
  prose: { provider: sim, model: standin-prose, price: ${CHEAP} }
routes:
  # A cascade step whose attempts include one the provider bills: that attempt is the step's cost too.
  triage-fallback: { policy: cascade, targets: [ hasty, labeller ], escalate_on: { validation: { labels: [billing, other] } } }
  triage-stuck: { policy: cascade, targets: [ stuck, labeller ], escalate_on: { validation: { labels: [billing, other] } } }
  triage-last: { policy: cascade, targets: [ prose, hasty ], escalate_on: { validation: { labels: [billing, other] } } }
keys: [ { key: ${SECRET}, name: billed, budget: { usd: 100 } } ]
`;

beforeAll(async () => {
  h = await startHarness('', config);
  // Cascade steps: prose fails the label check (escalated), a label passes it.
  h.sim.addScript({ match: 'triage alpha', model: 'standin-small', reply: 'Once upon a time', usage: { prompt_tokens: 100, completion_tokens: 10 } });
  h.sim.addScript({ match: 'triage', model: 'standin-prose', reply: 'Once upon a time', usage: { prompt_tokens: 100, completion_tokens: 10 } });
  h.sim.addScript({ match: 'triage', model: 'standin-small', reply: 'other', usage: { prompt_tokens: 50, completion_tokens: 1 } });
  h.sim.addScript({ match: 'triage', model: 'standin-labeller', reply: 'other', usage: { prompt_tokens: 50, completion_tokens: 1 } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetStats();
});

const prompt = `Please summarise: ${'internationalisation '.repeat(60)}`;
const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];
const client = () => h.openai(SECRET);

/** The key's spend as the admin API reports it: what the budget is enforced against. */
async function spend(): Promise<number> {
  const response = await fetch(`${h.gateway.url}/api/keys`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const { keys } = (await response.json()) as { keys: { name: string; usage: { spendUsd: number; reservedUsd: number } }[] };
  const row = keys.find((k) => k.name === 'billed');
  if (!row) throw new Error('key "billed" missing from /api/keys');
  return row.usage.spendUsd;
}
const tagged = (test: string) => ({ headers: { 'x-switchyard-metadata': JSON.stringify({ test }) } });
const traceOf = (test: string) => h.waitForTrace((t) => (t.metadata as { test?: string } | null)?.test === test);
const billedOf = (attempt: Attempt | undefined) => attempt?.billed;

/** The prompt booked for a failed attempt to a $1,000-per-million target: chat framing around the message. */
function expectPromptBilled(attempt: Attempt | undefined, why: string): NonNullable<Attempt['billed']> {
  const billed = billedOf(attempt);
  expect(billed).toMatchObject({ why, estimated: true, outputTokens: 0 });
  expect(billed?.reason).toMatch(/bills/);
  expect(billed?.inputTokens).toBeGreaterThan(60);
  expect(billed?.costUsd).toBeCloseTo(((billed?.inputTokens ?? 0) * 1000) / 1e6, 9);
  return billed as NonNullable<Attempt['billed']>;
}

/** The trace's totals: the billed attempt's prompt plus the answer as the provider reported it, once. */
function expectAnswerBookedOnce(t: TraceSummary, billed: NonNullable<Attempt['billed']>, answer: OpenAI.CompletionUsage | undefined): void {
  expect(answer).toBeDefined();
  const { prompt_tokens: input, completion_tokens: output } = answer as OpenAI.CompletionUsage;
  expect(t.inputTokens).toBe(billed.inputTokens + input);
  expect(t.outputTokens).toBe(output);
  expect(t.usageEstimated).toBe(true);
  expect(t.costUsd).toBeCloseTo(billed.costUsd + (input * 10 + output * 20) / 1e6, 9);
}

describe('a failed attempt the provider bills, then an answer from the fallback', () => {
  it('books the prompt of an attempt that timed out, and the fallback answer once', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'stalls' });
    const before = await spend();
    const { data, response } = await client().chat.completions.create({ model: 'hasty', messages }, tagged('timeout-fallback')).withResponse();
    const t = await traceOf('timeout-fallback');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['stalls:0', 'standin-small:200']);
    expect(t.attempts[0]?.error).toContain('did not answer within 300 ms');
    const billed = expectPromptBilled(t.attempts[0], 'attempt_timeout');
    expect(billedOf(t.attempts[1])).toBeUndefined();
    expectAnswerBookedOnce(t, billed, data.usage);
    // The client's usage is the answer's own; its cost header is the call's, as the trace's.
    expect(data.usage?.prompt_tokens).toBeLessThan(t.inputTokens);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(t.costUsd, 8);
    expect(t).toMatchObject({ status: 200, provider: 'sim', upstreamModel: 'standin-small' });
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books the prompt of an answer whose body the connection cut, and the fallback answer once', async () => {
    // A 200 with half its JSON body, then the socket dropped: the provider generated (and bills) it.
    h.sim.addFault({ kind: 'stream_cut', model: 'cuts' });
    const before = await spend();
    const { data, response } = await client().chat.completions.create({ model: 'brittle', messages }, tagged('body-cut')).withResponse();
    const t = await traceOf('body-cut');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['cuts:0', 'standin-small:200']);
    expect(t.attempts[0]?.error).toContain('broke the connection');
    const billed = expectPromptBilled(t.attempts[0], 'body_cut');
    expectAnswerBookedOnce(t, billed, data.usage);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(t.costUsd, 8);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books every timed-out attempt of a call that got no answer at all', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'hangs' });
    const before = await spend();
    const error = await client().chat.completions.create({ model: 'stuck', messages }, tagged('all-timed-out')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const t = await traceOf('all-timed-out');
    expect(t.attempts.map((a) => a.status)).toEqual([0, 0]);
    const first = expectPromptBilled(t.attempts[0], 'attempt_timeout');
    const second = expectPromptBilled(t.attempts[1], 'attempt_timeout');
    // Booked to the target that bills it, so spend by provider and model counts it.
    expect(t).toMatchObject({ status: 502, errorCode: 'all_targets_failed', provider: 'sim', upstreamModel: 'hangs', usageEstimated: true, outputTokens: 0, inputTokens: first.inputTokens + second.inputTokens });
    expect(t.costUsd).toBeCloseTo(first.costUsd + second.costUsd, 9);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books it alike for a stream whose first attempt timed out before its headers', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'stalls' });
    const before = await spend();
    const stream = await client().chat.completions.create({ model: 'hasty', messages, stream: true, stream_options: { include_usage: true } }, tagged('timeout-stream'));
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    const t = await traceOf('timeout-stream');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['stalls:0', 'standin-small:200']);
    expectAnswerBookedOnce(t, expectPromptBilled(t.attempts[0], 'attempt_timeout'), usage);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books it alike for an Anthropic client whose Claude attempt timed out', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'claude-haiku-4-5' });
    const before = await spend();
    const claude = h.anthropic(SECRET);
    const { data, response } = await claude.messages.create({ model: 'claude-hasty', max_tokens: 200, messages: [{ role: 'user', content: prompt }] }, tagged('claude-timeout')).withResponse();
    const t = await traceOf('claude-timeout');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['claude-haiku-4-5:0', 'claude-sonnet-4-6:200']);
    const billed = expectPromptBilled(t.attempts[0], 'attempt_timeout');
    expectAnswerBookedOnce(t, billed, { prompt_tokens: data.usage.input_tokens, completion_tokens: data.usage.output_tokens, total_tokens: 0 });
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(t.costUsd, 8);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('leaves an attempt the provider refused at $0: a 503 is not billed', async () => {
    h.sim.addFault({ kind: 'status', status: 503, model: 'stalls' });
    const { data } = await client().chat.completions.create({ model: 'hasty', messages }, tagged('refused-fallback')).withResponse();
    const t = await traceOf('refused-fallback');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['stalls:503', 'standin-small:200']);
    expect(billedOf(t.attempts[0])).toBeUndefined();
    const usage = data.usage as OpenAI.CompletionUsage;
    expect(t).toMatchObject({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, usageEstimated: false });
    expect(t.costUsd).toBeCloseTo((usage.prompt_tokens * 10 + usage.completion_tokens * 20) / 1e6, 9);
  });
});

describe('an upstream 200 whose body is not JSON', () => {
  // The provider answered 200: it generated (and bills) the answer that a proxy or a bug in front
  // of it turned into something else. Its prompt is booked as a body cut's is.
  it('books the prompt of the garbled answer, and the fallback answer once', async () => {
    h.sim.addFault({ kind: 'not_json', model: 'garbles' });
    const before = await spend();
    const { data, response } = await client().chat.completions.create({ model: 'garbled', messages }, tagged('not-json-fallback')).withResponse();
    const t = await traceOf('not-json-fallback');
    expect(t.attempts.map((a) => a.model)).toEqual(['garbles', 'standin-small']);
    expect(t.attempts[0]?.error).toContain('not JSON');
    const billed = expectPromptBilled(t.attempts[0], 'not_json');
    expect(billed.reason).toMatch(/not JSON/);
    expectAnswerBookedOnce(t, billed, data.usage);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(t.costUsd, 8);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books it for a call that got no answer, to the target that bills it', async () => {
    h.sim.addFault({ kind: 'not_json', model: 'garbles' });
    const before = await spend();
    const error = await client().chat.completions.create({ model: 'mangled', messages }, tagged('not-json-only')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const t = await traceOf('not-json-only');
    const billed = expectPromptBilled(t.attempts[0], 'not_json');
    expect(t).toMatchObject({ provider: 'sim', upstreamModel: 'garbles', usageEstimated: true, inputTokens: billed.inputTokens, outputTokens: 0 });
    expect(t.costUsd).toBeCloseTo(billed.costUsd, 9);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books it alike for an Anthropic client', async () => {
    h.sim.addFault({ kind: 'not_json', model: 'claude-haiku-4-5' });
    const claude = h.anthropic(SECRET);
    const { data } = await claude.messages.create({ model: 'claude-garbled', max_tokens: 200, messages: [{ role: 'user', content: prompt }] }, tagged('claude-not-json')).withResponse();
    const t = await traceOf('claude-not-json');
    expect(t.attempts.map((a) => a.model)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-6']);
    const billed = expectPromptBilled(t.attempts[0], 'not_json');
    expectAnswerBookedOnce(t, billed, { prompt_tokens: data.usage.input_tokens, completion_tokens: data.usage.output_tokens, total_tokens: 0 });
  });
});

describe('a connection reset before the upstream answered', () => {
  // Whether the provider had the request at all is unknown (a pooled connection its server had
  // closed, a proxy that dropped it, or a crash mid-generation): booked at $0, and the attempt
  // says the cost is unknown rather than leaving a silent $0.
  it('books nothing for the reset attempt, says its cost is unknown, and books the fallback answer', async () => {
    h.sim.addFault({ kind: 'reset', model: 'resets' });
    const before = await spend();
    const { data } = await client().chat.completions.create({ model: 'resetting', messages }, tagged('reset-fallback')).withResponse();
    const t = await traceOf('reset-fallback');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['resets:0', 'standin-small:200']);
    expect(billedOf(t.attempts[0])).toMatchObject({ why: 'reset', costUnknown: true, costUsd: 0, inputTokens: 0, outputTokens: 0, estimated: false });
    expect(billedOf(t.attempts[0])?.reason).toMatch(/unknown/);
    const usage = data.usage as OpenAI.CompletionUsage;
    expect(t).toMatchObject({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, usageEstimated: false });
    expect(t.costUsd).toBeCloseTo((usage.prompt_tokens * 10 + usage.completion_tokens * 20) / 1e6, 9);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });
});

describe('a cascade step with a failed attempt its provider bills', () => {
  type Step = { target: string; action: string; inputTokens: number | null; outputTokens: number | null; costUsd: number | null };
  const stepsOf = (t: TraceSummary) => (t.decisions?.route as { cascade: Step[] }).cascade;
  // The scripted answers: prose (escalated) 100 in / 10 out, a label 50 in / 1 out, both at $10 / $20 per million.
  const PROSE_USD = (100 * 10 + 10 * 20) / 1e6;
  const LABEL_USD = (50 * 10 + 1 * 20) / 1e6;
  const triage = (word: string) => [{ role: 'user' as const, content: `Triage ${word}: ${'internationalisation '.repeat(60)}` }];

  /** The route's total is its steps' sum: the trace's cost and tokens, and the key's spend. */
  async function expectStepsSumToTotal(t: TraceSummary, before: number): Promise<void> {
    const steps = stepsOf(t);
    expect(t.costUsd).toBeCloseTo(steps.reduce((sum, s) => sum + (s.costUsd ?? 0), 0), 12);
    expect(t.inputTokens).toBe(steps.reduce((sum, s) => sum + (s.inputTokens ?? 0), 0));
    expect(t.outputTokens).toBe(steps.reduce((sum, s) => sum + (s.outputTokens ?? 0), 0));
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  }

  it('an escalated step counts its timed-out attempt beside its answer', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'stalls' });
    const before = await spend();
    const { data } = await client().chat.completions.create({ model: 'triage-fallback', messages: triage('alpha') }, tagged('cascade-escalated')).withResponse();
    expect(data.choices[0]?.message.content).toBe('other');
    const t = await traceOf('cascade-escalated');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['stalls:0', 'standin-small:200', 'standin-labeller:200']);
    const billed = expectPromptBilled(t.attempts[0], 'attempt_timeout');
    const [first, last] = stepsOf(t);
    expect(first).toMatchObject({ target: 'hasty', action: 'escalate', inputTokens: billed.inputTokens + 100, outputTokens: 10 });
    expect(first?.costUsd).toBeCloseTo(billed.costUsd + PROSE_USD, 12);
    expect(last).toMatchObject({ target: 'labeller', action: 'final', inputTokens: 50, outputTokens: 1 });
    expect(last?.costUsd).toBeCloseTo(LABEL_USD, 12);
    await expectStepsSumToTotal(t, before);
  });

  it('a step that got no answer is booked at what its failed attempts were billed, not null', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'hangs' });
    const before = await spend();
    const { response } = await client().chat.completions.create({ model: 'triage-stuck', messages: triage('beta') }, tagged('cascade-stuck')).withResponse();
    // Before: "step 1 failed, escalated", why only on the trace.
    expect(response.headers.get('x-switchyard-route')).toMatch(/^triage-stuck>stuck \(step 1 failed \(502 all_targets_failed\), escalated\); /);
    const t = await traceOf('cascade-stuck');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['hangs:0', 'hangs:0', 'standin-labeller:200']);
    const one = expectPromptBilled(t.attempts[0], 'attempt_timeout');
    const two = expectPromptBilled(t.attempts[1], 'attempt_timeout');
    const [first] = stepsOf(t);
    expect(first).toMatchObject({ target: 'stuck', action: 'escalate', inputTokens: one.inputTokens + two.inputTokens, outputTokens: 0 });
    expect(first?.costUsd).toBeCloseTo(one.costUsd + two.costUsd, 12);
    await expectStepsSumToTotal(t, before);
  });

  it('the delivered (last) step counts its timed-out attempt beside the answer the client got', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'stalls' });
    const before = await spend();
    const { data } = await client().chat.completions.create({ model: 'triage-last', messages: triage('gamma') }, tagged('cascade-last')).withResponse();
    expect(data.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 1 });
    const t = await traceOf('cascade-last');
    expect(t.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['standin-prose:200', 'stalls:0', 'standin-small:200']);
    const billed = expectPromptBilled(t.attempts[1], 'attempt_timeout');
    const [first, last] = stepsOf(t);
    expect(first).toMatchObject({ target: 'prose', action: 'escalate', inputTokens: 100, outputTokens: 10 });
    expect(first?.costUsd).toBeCloseTo(PROSE_USD, 12);
    expect(last).toMatchObject({ target: 'hasty', action: 'final', inputTokens: billed.inputTokens + 50, outputTokens: 1 });
    expect(last?.costUsd).toBeCloseTo(billed.costUsd + LABEL_USD, 12);
    await expectStepsSumToTotal(t, before);
  });
});

describe('a stream the upstream breaks mid-way', () => {
  it('books the prompt and the output relayed before the break, estimated, on the attempt and the key', async () => {
    h.sim.addFault({ kind: 'stream_cut', afterChunks: 6, model: 'breaks' });
    const before = await spend();
    const stream = await client().chat.completions.create({ model: 'streamed', messages, stream: true, max_tokens: 400 }, tagged('stream-break'));
    let relayed = '';
    const error = await (async () => {
      for await (const chunk of stream) relayed += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(relayed.length).toBeGreaterThan(0);
    const t = await traceOf('stream-break');
    expect(t).toMatchObject({ stream: true, status: 502, errorCode: 'upstream_unreachable', usageEstimated: true });
    expect(t.inputTokens).toBeGreaterThan(60);
    // The text the client got, counted; far from the 400 allowed.
    expect(t.outputTokens).toBeGreaterThan(0);
    expect(t.outputTokens).toBeLessThan(400);
    expect(t.costUsd).toBeCloseTo((t.inputTokens * 1000 + t.outputTokens * 2000) / 1e6, 9);
    expect(t.attempts).toHaveLength(1);
    expect(billedOf(t.attempts[0])).toMatchObject({ why: 'stream_cut', estimated: true, inputTokens: t.inputTokens, outputTokens: t.outputTokens });
    expect(billedOf(t.attempts[0])?.costUsd).toBeCloseTo(t.costUsd, 9);
    expect(billedOf(t.attempts[0])?.reason).toMatch(/relayed/);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });
});
