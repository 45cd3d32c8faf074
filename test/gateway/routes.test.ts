import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routellmRecords } from '../../src/routing/learned/__fixtures__/routellm.js';
import { serializeRouter } from '../../src/routing/learned/router-file.js';
import { trainRouter } from '../../src/routing/learned/train-router.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  cheap:  { provider: sim, model: standin-cheap, price: { input_per_mtok: 0.1, output_per_mtok: 0.4 } }
  strong: { provider: anth, model: claude-standin, price: { input_per_mtok: 3, output_per_mtok: 15 } }
  local:  { provider: sim, model: my-vllm-model, price: { input_per_mtok: 0.1, output_per_mtok: 0.4 } }
routes:
  onprem:
    policy: split
    arms: [ { target: local, weight: 1 }, { target: cheap, weight: 0 } ]
  by-tier:
    policy: conditional
    rules: [ { when: { metadata: { tier: { equals: premium } } }, target: strong } ]
    default: cheap
  ab:
    policy: split
    sticky: user
    arms: [ { target: cheap, weight: 1 }, { target: strong, weight: 1 } ]
  triage:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { labels: [billing, shipping, other] } }
  nested:
    policy: static
    target: by-tier
  quiet:
    policy: static
    target: cheap
    options: { expose_header: false }
retry: { max_attempts: 1 }
`);
  client = h.openai('any');
  // The cheap model labels billing questions; anything else it answers with prose (a failed label).
  await fetch(`${h.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify([{ match: 'invoice', model: 'standin-cheap', reply: 'billing' }]) });
});
afterAll(async () => {
  await h.close();
});

async function ask(model: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return client.chat.completions.create({ model, messages: [{ role: 'user', content }], ...extra }, { headers }).withResponse();
}

describe('routes', () => {
  it('conditional: metadata picks the target, and the decision is in the header and on the trace', async () => {
    const premium = await ask('by-tier', 'hello', {}, { 'x-switchyard-metadata': JSON.stringify({ tier: 'premium' }) });
    expect(premium.response.headers.get('x-switchyard-route')).toMatch(/^by-tier>strong/);
    const basic = await ask('by-tier', 'hello');
    expect(basic.response.headers.get('x-switchyard-route')).toMatch(/^by-tier>cheap/);
    const trace = await h.waitForTrace((t) => t.id === premium.response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ requestedModel: 'by-tier', provider: 'anth', upstreamModel: 'claude-standin' });
    expect(JSON.stringify(trace.decisions)).toContain('"target":"strong"');
    expect(trace.decisions?.route).toMatchObject({ model: 'strong' });
  });

  it('keeps the decision off the response when the route says so, and on the trace still', async () => {
    const answer = await ask('quiet', 'hi');
    expect(answer.response.headers.get('x-switchyard-route')).toBeNull();
    const trace = await h.waitForTrace((t) => t.id === answer.response.headers.get('x-switchyard-trace-id'));
    expect(trace.decisions?.route).toMatchObject({ model: 'cheap' });
  });

  it('leaves a plain model name alone: no route decision, no route header', async () => {
    const answer = await ask('cheap', 'hi');
    expect(answer.response.headers.get('x-switchyard-route')).toBeNull();
    const trace = await h.waitForTrace((t) => t.id === answer.response.headers.get('x-switchyard-trace-id'));
    expect(trace.decisions?.route).toBeUndefined();
  });

  it('static routes nest: the header shows each decision', async () => {
    const answer = await ask('nested', 'hi');
    expect(answer.response.headers.get('x-switchyard-route')).toMatch(/^nested>by-tier \(static route\); by-tier>cheap/);
  });

  it('split: the same user always lands on the same arm', async () => {
    const arms = new Set<string>();
    for (let i = 0; i < 5; i++) arms.add((await ask('ab', 'x', { user: 'user-42' })).response.headers.get('x-switchyard-route') ?? '');
    expect(arms.size).toBe(1);
    const others = new Set<string>();
    for (let i = 0; i < 30; i++) others.add(((await ask('ab', 'x', { user: `u${i}` })).response.headers.get('x-switchyard-route') ?? '').split(' ')[0] as string);
    expect(others).toEqual(new Set(['ab>cheap', 'ab>strong']));
  });

  it('cascade: keeps a cheap answer that passes validation, escalates one that does not, streamed or not', async () => {
    const kept = await ask('triage', 'Where is my invoice?');
    expect(kept.data.choices[0]?.message.content).toBe('billing');
    expect(kept.data.model).toBe('standin-cheap');
    const escalated = await ask('triage', 'Tell me a story');
    expect(escalated.response.headers.get('x-switchyard-route')).toContain('triage');
    const trace = await h.waitForTrace((t) => t.id === escalated.response.headers.get('x-switchyard-trace-id'));
    expect(trace.provider).toBe('anth');
    expect(trace.attempts.map((a) => a.provider)).toEqual(['sim', 'anth']);
    // The rejected cheap answer is paid for too.
    expect(trace.costUsd).toBeGreaterThan(0);
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'triage', stream: true, messages: [{ role: 'user', content: 'my invoice is wrong' }] })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('billing');
  });

  it('works for an Anthropic client too', async () => {
    const claude = h.anthropic('any');
    const message = await claude.messages.create({ model: 'triage', max_tokens: 20, messages: [{ role: 'user', content: 'invoice question' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'billing' });
  });

  it("reports a target named local as a branch of its own, not as a local model's answers", async () => {
    // A self-hosted model named "local" read as the local task model: its share as "local answered", its spend as saved.
    const { response } = await ask('onprem', 'hello');
    expect(response.headers.get('x-switchyard-route')).toMatch(/^onprem>local/);
    type Report = { route: string; requests: number; localShare: number; grossSavedUsd: number; branches: { branch: string; requests: number }[] };
    const report = async () => ((await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: Report[] }).routes.find((r) => r.route === 'onprem');
    await expect.poll(async () => (await report())?.requests ?? 0, { timeout: 10_000 }).toBe(1);
    const read = (await report()) as Report;
    expect(read.branches.map((b) => [b.branch, b.requests])).toEqual([['local', 1]]);
    expect(read.localShare).toBe(0);
    expect(read.grossSavedUsd).toBe(0);
  });

  it('lists routes beside models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['cheap', 'strong', 'by-tier', 'ab', 'triage', 'nested']));
  });
});

describe('routes whose chosen target cannot honour the request (Claude and logprobs)', () => {
  let r: Harness;
  let sdk: OpenAI;
  beforeAll(async () => {
    // A learned router whose threshold 0 sends everything to its cheap target (here Claude).
    const routerFile = join(mkdtempSync(join(tmpdir(), 'sy-router-')), 'router.json');
    writeFileSync(routerFile, serializeRouter(trainRouter(routellmRecords('gsm8k').slice(0, 400), { seed: 1, clock: { now: () => 0, sleep: async () => {} } })));
    r = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  cheap:  { provider: sim, model: standin-cheap }
  strong: { provider: anth, model: claude-standin }
routes:
  learned-claude:
    policy: learned
    router: ${routerFile}
    cheap: strong
    strong: cheap
    threshold: 0
  by-tier:
    policy: conditional
    rules: [ { when: { metadata: { tier: { equals: premium } } }, target: strong } ]
    default: cheap
  pinned: { policy: static, target: strong }
  ab:
    policy: split
    sticky: user
    arms: [ { target: cheap, weight: 1 }, { target: strong, weight: 1 } ]
  claude-first:
    policy: cascade
    targets: [ strong, cheap ]
    escalate_on: { confidence: { min_mean_logprob: -5 } }
  triage:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { labels: [billing, other] } }
retry: { max_attempts: 1 }
`);
    sdk = r.openai('any');
    await fetch(`${r.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify([{ match: 'invoice', model: 'standin-cheap', reply: 'billing' }]) });
  });
  afterAll(() => r.close());
  const messages = [{ role: 'user' as const, content: 'hello' }];
  const premium = { headers: { 'x-switchyard-metadata': JSON.stringify({ tier: 'premium' }) } };

  it('conditional: passes the refusing rule target over for the default, on the trace and in the header, whole and streamed', async () => {
    const { data, response } = await sdk.chat.completions.create({ model: 'by-tier', messages, logprobs: true }, premium).withResponse();
    expect(data.choices[0]?.logprobs?.content?.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-route')).toBe('by-tier>cheap (default, after 1 matching rule; skipped strong (cannot honour logprobs))');
    const trace = await r.traceOf(response);
    expect(trace).toMatchObject({ status: 200, provider: 'sim', upstreamModel: 'standin-cheap' });
    // Nothing was sent to Claude: the skip is a decision, not an attempt.
    expect(trace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['sim:200']);
    expect(trace.decisions?.route).toMatchObject({ model: 'cheap', steps: [{ route: 'by-tier', target: 'cheap', skipped: [{ target: 'strong', param: 'logprobs' }] }] });
    expect(trace.decisions?.unsupported).toMatchObject({ skipped: [{ target: 'anth/claude-standin', param: 'logprobs' }] });

    let streamed = 0;
    const stream = await sdk.chat.completions.create({ model: 'by-tier', messages, logprobs: true, stream: true }, premium).withResponse();
    for await (const chunk of stream.data) streamed += chunk.choices[0]?.logprobs?.content?.length ?? 0;
    expect(streamed).toBeGreaterThan(0);
    expect(stream.response.headers.get('x-switchyard-route')).toContain('skipped strong');

    // A request Claude can honour still goes to Claude.
    const plain = await sdk.chat.completions.create({ model: 'by-tier', messages }, premium).withResponse();
    expect(plain.response.headers.get('x-switchyard-route')).toMatch(/^by-tier>strong \(rule 1/);
  });

  it('learned: takes the other target when the one the router picked cannot honour the request', async () => {
    const plain = await sdk.chat.completions.create({ model: 'learned-claude', messages }).withResponse();
    expect(plain.response.headers.get('x-switchyard-route')).toMatch(/^learned-claude>strong \(router score [0-9.]+ >= 0\.000 \(configured threshold\): cheap\)$/);
    const { data, response } = await sdk.chat.completions.create({ model: 'learned-claude', messages, logprobs: true }).withResponse();
    expect(data.choices[0]?.logprobs?.content?.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-route')).toMatch(/^learned-claude>cheap \(router score [0-9.]+ >= 0\.000 \(configured threshold\): cheap; strong target instead; skipped strong \(cannot honour logprobs\)\)$/);
    expect((await r.traceOf(response)).decisions?.route).toMatchObject({ model: 'cheap', steps: [{ policy: 'learned', target: 'cheap', skipped: [{ target: 'strong', param: 'logprobs' }] }] });
  });

  it('static: a 400 naming the route, the target and the field', async () => {
    const error = await sdk.chat.completions.create({ model: 'pinned', messages, logprobs: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'unsupported', param: 'logprobs' });
    expect((error as Error).message).toContain('route "pinned" sends every request to "strong", which cannot honour this request (model "strong" cannot honour this request: logprobs is not supported by Anthropic models');
  });

  it('split: keeps the arm it drew and refuses with a 400 naming the route, the arm and the field', async () => {
    const arms = new Map<string, string>();
    for (let i = 0; i < 20 && arms.size < 2; i++) {
      const { response } = await sdk.chat.completions.create({ model: 'ab', messages, user: `u${i}` }).withResponse();
      arms.set((response.headers.get('x-switchyard-route') ?? '').split(' ')[0] as string, `u${i}`);
    }
    const onStrong = arms.get('ab>strong') as string;
    const error = await sdk.chat.completions.create({ model: 'ab', messages, user: onStrong, logprobs: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'unsupported', param: 'logprobs' });
    expect((error as Error).message).toContain('route "ab" put this request on arm 2 ("strong"), which cannot honour it');
    const onCheap = await sdk.chat.completions.create({ model: 'ab', messages, user: arms.get('ab>cheap') as string, logprobs: true });
    expect(onCheap.choices[0]?.logprobs?.content?.length).toBeGreaterThan(0);
  });

  it('cascade: a cheap Claude step answers without the log-probs only the gateway wanted, and is skipped when the client wants them', async () => {
    // The confidence check asks for log-probs; Claude has none, so the step is asked without them
    // and `when_missing: accept` keeps its answer (before, every request escalated on the refusal).
    const kept = await sdk.chat.completions.create({ model: 'claude-first', messages }).withResponse();
    const keptTrace = await r.traceOf(kept.response);
    expect(keptTrace).toMatchObject({ provider: 'anth', upstreamModel: 'claude-standin' });
    expect(keptTrace.decisions?.route).toMatchObject({ model: 'strong', cascade: [{ target: 'strong', action: 'accept', reason: 'step 1 accepted: no logprobs (accepted)' }] });
    expect(r.sim.stats().lastRequests.at(-1)?.body).not.toHaveProperty('logprobs');

    const { data, response } = await sdk.chat.completions.create({ model: 'claude-first', messages, logprobs: true }).withResponse();
    expect(data.choices[0]?.logprobs?.content?.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-route')).toContain('claude-first>strong (step 1 skipped: strong cannot honour logprobs)');
    const trace = await r.traceOf(response);
    expect(trace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['sim:200']);
    expect(trace.decisions?.route).toMatchObject({ model: 'cheap', cascade: [{ target: 'strong', action: 'skip' }, { target: 'cheap', action: 'final' }] });
  });

  it('cascade: when the last target cannot honour the request, the earlier answer that failed its check is delivered, and the trace says why', async () => {
    // The cheap answer is prose, not a label: the cascade would escalate to Claude, which cannot give log-probs.
    const story = [{ role: 'user' as const, content: 'tell me a story' }];
    const { data, response } = await sdk.chat.completions.create({ model: 'triage', messages: story, logprobs: true }).withResponse();
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(data.choices[0]?.logprobs?.content?.length).toBeGreaterThan(0);
    const trace = await r.traceOf(response);
    expect(trace).toMatchObject({ status: 200, provider: 'sim', upstreamModel: 'standin-cheap' });
    expect(trace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['sim:200']);
    const cascade = (trace.decisions?.route as { cascade: { target: string; action: string; reason: string; outputTokens: number | null }[] }).cascade;
    expect(cascade.map((step) => `${step.target}:${step.action}`)).toEqual(['cheap:delivered', 'strong:skip']);
    expect(cascade[0]?.reason).toContain('delivered all the same: the last target "strong" cannot honour this request');
    // Its tokens are those of the answer delivered, counted once: the client's usage is the trace's.
    expect(cascade[0]?.outputTokens).toBe(data.usage?.completion_tokens);
    expect(trace.outputTokens).toBe(data.usage?.completion_tokens);
    expect(response.headers.get('x-switchyard-route')).toContain('step 2 skipped: strong cannot honour logprobs');
    // Streamed, the same answer.
    let streamed = '';
    for await (const chunk of await sdk.chat.completions.create({ model: 'triage', messages: story, logprobs: true, stream: true })) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(data.choices[0]?.message.content);
    // A label the cheap target gets right needs no escalation, log-probs and all.
    const kept = await sdk.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'my invoice' }], logprobs: true });
    expect(kept.choices[0]?.message.content).toBe('billing');
  });

  it('cascade: with no earlier answer to fall back on, a last target that cannot honour the request is a 400 naming the route, the target and the field', async () => {
    r.sim.addFault({ kind: 'status', status: 500, model: 'standin-cheap' });
    try {
      const error = await sdk.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'tell me a story' }], logprobs: true }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'unsupported', param: 'logprobs' });
      expect((error as Error).message).toContain('route "triage": its last target "strong" cannot honour this request');
    } finally {
      r.sim.clearFaults();
    }
  });
});
