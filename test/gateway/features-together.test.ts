/**
 * Features configured together on the same routes, as a support team runs them in production:
 * a local task model in front of a route whose guardrail policy checks answers, PII redaction in
 * front of a response cache shared by a team. Each feature has its own tests; these are the
 * interactions between them (docs/measurements.md, "Features together: a support team's walk").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { toTrainedModel } from '../../src/local/train/trained-model.js';
import { openSqliteModelRegistry } from '../../src/store/sqlite/sqlite-model-registry.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-together-'));
const db = join(dir, 'sy.db');
let h: Harness;
const openai = (key: string) => h.openai(key);
/** A question the live model answers locally (on every route: they share the version's bytes), and its label. */
let question = '';
let label = '';
const ROUTES = ['intent-json', 'intent-label', 'intent-banned'];

beforeAll(async () => {
  // One version per route, registered and promoted as `local train --route R --promote` leaves it.
  const registry = openSqliteModelRegistry(db);
  const { model, bytes } = toTrainedModel(trainClassifier(banking77('train', EIGHT_LABELS, 120), { minPrecision: 0.95, seed: 7 }));
  for (const route of ROUTES) {
    const v = await registry.register({ route, dataVersion: model.info.trainingDataHash, metrics: { ...model.info.metrics }, model: bytes, createdAt: Date.now() });
    await registry.promote(route, v.version, { minPrecision: 0.95, minCoverage: 0.3 }, Date.now());
  }
  await registry.close();
  const task = (answer: string) => `{ type: classify, answer: ${answer}, json_field: intent, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 0 }`;
  h = await startHarness(
    '',
    (simUrl) => `
providers:
  sim:  { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
  anth: { type: anthropic, base_url: ${simUrl}, api_key: sk-ant-up }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
  answer:
    price: { input_per_mtok: 0.15, output_per_mtok: 0.6 }
    fallbacks: [ { provider: sim, model: standin-small }, { provider: anth, model: claude-standin } ]
routes:
  intent-json:   { policy: static, target: teacher, options: { task: ${task('json')} } }
  intent-label:  { policy: static, target: teacher, options: { task: ${task('label')} } }
  intent-banned: { policy: static, target: teacher, options: { task: ${task('json')} } }
  support-chat:  { policy: static, target: answer }
guardrails:
  pseudonym_key: features-together-pseudonym-secret
  policies:
    intent:
      pii: { default_action: redact }
      output:
        json_schema: { schema: { type: object, required: [ intent ], properties: { intent: { type: string } } }, action: block, max_reasks: 1 }
        pii: { action: flag, entities: [ EMAIL, PHONE ] }
    banned:
      output: { banned_words: { words: [ PLACEHOLDER_LABEL ] } }
    support:
      pii: { entities: { CREDIT_CARD: block }, default_action: redact }
      injection: { action: block }
      output: { pii: { action: flag, entities: [ EMAIL, PHONE ] }, banned_words: { words: [ "project bluebird" ] } }
  apply:
    routes: { intent-json: intent, intent-label: intent, intent-banned: banned, support-chat: support }
cache:
  shared_by: team
  routes: { support-chat: {} }
retry: { base_delay_ms: 5, max_delay_ms: 20 }
breaker: { consecutive_failures: 1000, min_attempts: 1000 }   # every failed stream below must reach its provider
teams: [ { name: care }, { name: billing } ]
keys:
  - { key: sk-care-alice-0001, name: alice, team: care }
  - { key: sk-care-bob-00002, name: bob, team: care }
  - { key: sk-bill-carol-003, name: carol, team: billing }
`.replace('PLACEHOLDER_LABEL', EIGHT_LABELS[2] as string),
    { sqlite: db },
  );
  // The teacher answers every question with its intent as JSON (what the route's schema asks).
  const questions = banking77('test', EIGHT_LABELS, 10);
  await fetch(`${h.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify(questions.map((e) => ({ exact: e.text, reply: { json: { intent: e.label } } }))) });
  // The support model writes back the placeholders it was sent, as a model greeting the customer does.
  await fetch(`${h.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify({ match: 'repeat my name', reply: 'Hello <PERSON_1>, I will write to <EMAIL_1> about your card.' }) });
  for (const e of questions) {
    const answer = await openai('sk-care-alice-0001').chat.completions.create({ model: 'intent-json', messages: [{ role: 'user', content: e.text }] });
    if (answer.model.startsWith('local:')) {
      question = e.text;
      label = JSON.parse(answer.choices[0]?.message.content ?? '{}').intent;
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a local model on a route whose policy checks answers', () => {
  it('has its answer checked by the output checks: the header and trace name them, and it costs 0', async () => {
    expect(question).not.toBe('');
    const { data, response } = await openai('sk-care-alice-0001').chat.completions.create({ model: 'intent-json', messages: [{ role: 'user', content: question }] }).withResponse();
    expect(data.model).toMatch(/^local:intent-json@v1$/);
    expect(JSON.parse(data.choices[0]?.message.content ?? '')).toEqual({ intent: label });
    // Before, a local answer never reached the guard-out stage: the header stopped at the input checks.
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=intent; pii=pass; json-schema=pass; output-pii=pass');
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace.costUsd).toBe(0);
    expect(trace.decisions?.guardrails).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'json-schema', stage: 'output', action: 'pass' })]));
  });

  it('passes a local answer the JSON schema rejects on to the route’s model, whose answer is checked and delivered', async () => {
    // `answer: label` sends the bare label, which the route's schema (an object with an intent) rejects.
    for (const stream of [false, true]) {
      const { data, response } = await openai('sk-care-alice-0001').chat.completions.create({ model: 'intent-label', stream, messages: [{ role: 'user', content: question }] }).withResponse();
      const content = stream ? await streamedText(data as AsyncIterable<OpenAI.ChatCompletionChunk>) : (data as OpenAI.ChatCompletion).choices[0]?.message.content;
      expect(JSON.parse(content ?? '')).toEqual({ intent: label });
      expect(response.headers.get('x-switchyard-route')).toMatch(/^intent-label>local \(v1 passed it on: the "json-schema" output check rejected it \(.+\); intent-label>teacher/);
      expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=intent; pii=pass; json-schema=pass; output-pii=pass');
      const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
      expect(trace.provider).toBe('sim');
      expect(trace.costUsd).toBeGreaterThan(0);
      expect(trace.decisions?.local).toMatchObject({ answered: false, label, reason: expect.stringMatching(/^the "json-schema" output check rejected it/) });
    }
  });

  it('does not deliver a local answer a blocking check rejects (banned words): the route’s model answers instead', async () => {
    const banned = banking77('test', EIGHT_LABELS, 10).filter((e) => e.label === EIGHT_LABELS[2]);
    let seen = 0;
    for (const e of banned) {
      const response = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-care-alice-0001', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'intent-banned', messages: [{ role: 'user', content: e.text }] }) });
      const body = (await response.json()) as { model?: string; error?: { code: string } };
      const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
      const local = trace.decisions?.local as { answered: boolean; label: string; reason?: string };
      if (local.label !== EIGHT_LABELS[2]) continue;
      seen++;
      // The banned label never leaves as a local answer (before, it was delivered unchecked); the
      // teacher's answer meets the same check, which blocks it as it would any model's.
      expect(local).toMatchObject({ answered: false, reason: expect.stringMatching(/^the "banned-words" output check rejected it/) });
      expect(trace.provider).toBe('sim');
      expect(response.status).toBe(422);
      expect(body.error?.code).toBe('guardrail_blocked');
    }
    expect(seen).toBeGreaterThan(0);
  }, 30_000);
});

const ask = (who: string, mail: string, extra = '') => [{ role: 'user' as const, content: `Hi, I am ${who} (${mail}). Please repeat my name and email back${extra}.` }];
const SIM_FAULTS = () => `${h.sim.url}/_sim/faults`;

describe('PII redaction in front of a response cache a team shares', () => {
  it('serves one team’s users one cached answer, each with their own values restored, and no other team', async () => {
    const messages = (who: string, mail: string) => ({ model: 'support-chat', temperature: 0, messages: ask(who, mail, ' (cache)') });
    const alice = await openai('sk-care-alice-0001').chat.completions.create(messages('John Smith', 'john.smith@example.com')).withResponse();
    expect(alice.response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(alice.data.choices[0]?.message.content).toBe('Hello John Smith, I will write to john.smith@example.com about your card.');
    // Redacted, Bob's request is Alice's: the answer (written to placeholders) is shared, restored with Bob's values.
    const bob = await openai('sk-care-bob-00002').chat.completions.create(messages('Mary Jones', 'mary.jones@example.org')).withResponse();
    expect(bob.response.headers.get('x-switchyard-cache')).toBe('hit');
    // The output checks ran when the answer was stored; the hit says so instead of leaving them out.
    expect(bob.response.headers.get('x-switchyard-guardrails')).toBe('policy=support; injection=pass; pii=redact; cached-answer=pass');
    expect(bob.data.choices[0]?.message.content).toBe('Hello Mary Jones, I will write to mary.jones@example.org about your card.');
    // The hit names the route the answer was made on, as the miss did, and says it came from the cache.
    const routed = alice.response.headers.get('x-switchyard-route');
    expect(routed).toMatch(/^support-chat>answer /);
    expect(bob.response.headers.get('x-switchyard-route')).toBe(`${routed}; cache=hit`);
    const streamed = await openai('sk-care-bob-00002').chat.completions.create({ ...messages('Mary Jones', 'mary.jones@example.org'), stream: true }).withResponse();
    expect(streamed.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(streamed.response.headers.get('x-switchyard-route')).toBe(`${routed}; cache=hit`);
    expect(await streamedText(streamed.data)).toBe('Hello Mary Jones, I will write to mary.jones@example.org about your card.');
    const carol = await openai('sk-bill-carol-003').chat.completions.create(messages('Mary Jones', 'mary.jones@example.org')).withResponse();
    expect(carol.response.headers.get('x-switchyard-cache')).toBe('miss');
    const hit = await h.traceOf(bob.response.headers.get('x-switchyard-trace-id'));
    expect(hit).toMatchObject({ provider: 'cache', costUsd: 0, keyName: 'bob' });
    expect(JSON.stringify(hit.request)).not.toContain('Mary Jones');
    // The Routes page counts the hits as the route's `cache` branch, at no cost; before, they were in
    // no branch, and the route read fewer requests than the overview with nothing to say why.
    type Report = { route: string; requests: number; branches: { branch: string; requests: number; costUsd: number }[] };
    const report = async () => ((await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: Report[] }).routes.find((r) => r.route === 'support-chat');
    await expect.poll(async () => (await report())?.branches.find((b) => b.branch === '(cache)')?.requests ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const read = (await report()) as Report;
    expect(read.branches.find((b) => b.branch === '(cache)')?.costUsd).toBe(0);
    expect(read.branches.find((b) => b.branch === 'answer')?.requests).toBeGreaterThanOrEqual(2);
    expect(read.requests).toBe(read.branches.reduce((n, b) => n + b.requests, 0));
  });
});

describe('a held stream whose provider fails mid-stream, behind PII redaction', () => {
  it('falls back to the next target and restores the values in the stream, for OpenAI and Anthropic clients', async () => {
    // Every stream from the first target breaks after two events; the output checks hold the
    // stream (a blocking banned-words check), so nothing has reached the client yet.
    await fetch(SIM_FAULTS(), { method: 'POST', body: JSON.stringify({ kind: 'stream_cut', afterChunks: 2, model: 'standin-small' }) });
    try {
      const { data, response } = await openai('sk-care-alice-0001').chat.completions.create({ model: 'support-chat', stream: true, messages: ask('Peter Parker', 'peter@example.com', ' (cut)') }, { headers: { 'x-switchyard-cache': 'off' } }).withResponse();
      expect(await streamedText(data)).toBe('Hello Peter Parker, I will write to peter@example.com about your card.');
      const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
      expect(trace.provider).toBe('anth');
      expect(trace.attempts.at(-1)).toMatchObject({ provider: 'anth', status: 200 });
      // Before, the client got "broke the connection" although nothing had been sent to it.
      expect(trace.attempts.length).toBeGreaterThan(1);
      expect(trace.attempts.slice(0, -1).every((a) => a.provider === 'sim' && a.status !== 200 && a.billed !== undefined)).toBe(true);
      const claude = h.anthropic('sk-care-bob-00002');
      const message = await claude.messages.stream({ model: 'support-chat', max_tokens: 200, messages: ask('Mary Jones', 'mary.jones@example.org', ' (cut)') }).finalMessage();
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello Mary Jones, I will write to mary.jones@example.org about your card.' })]);
    } finally {
      await fetch(SIM_FAULTS(), { method: 'DELETE' });
    }
  });

  it('falls back when the provider sends an error event mid-stream', async () => {
    await fetch(SIM_FAULTS(), { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, afterChunks: 2, model: 'standin-small' }) });
    try {
      const { data, response } = await openai('sk-care-alice-0001').chat.completions.create({ model: 'support-chat', stream: true, messages: ask('Peter Parker', 'peter@example.com', ' (503)') }, { headers: { 'x-switchyard-cache': 'off' } }).withResponse();
      expect(await streamedText(data)).toBe('Hello Peter Parker, I will write to peter@example.com about your card.');
      const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
      expect(trace.attempts.map((a) => `${a.provider} ${a.status}`)).toContain('sim 503');
      expect(trace.provider).toBe('anth');
    } finally {
      await fetch(SIM_FAULTS(), { method: 'DELETE' });
    }
  });
});

async function streamedText(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}
