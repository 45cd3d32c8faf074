/**
 * A route with a local task model reached through another route: a conditional rule or a split's
 * arm sends traffic to `support-intent`, whose local model answers the confident requests (cost 0,
 * `model` names the local model) and escalates the rest to the route's own target, as when it is
 * called by name. Before 2026-12-07 its model was never asked through another route: the header
 * said `intent>local (not asked: reached through route front; …)`, the trace had no local answer,
 * and the route's report counted no local share. Both official SDKs, whole and streamed; the route
 * reports (`GET /api/routes`, `switchyard routes --gateway`) count the inner route's local answers,
 * shadow checks and savings. A cascade's step asks it too (since 2026-12-07; cascade-local-step.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printRoutes } from '../../src/cli/routes-report.js';
import { SHADOW_KEY_NAME } from '../../src/core/internal-caller.js';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { routellmRecords } from '../../src/routing/learned/__fixtures__/routellm.js';
import { serializeRouter } from '../../src/routing/learned/router-file.js';
import { trainRouter } from '../../src/routing/learned/train-router.js';
import { stickyPoint } from '../../src/routing/policies/index.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { promoteIntentModel } from '../../src/test-support/promoted-intent-model.js';

const ROUTE = 'support-intent';
const dir = mkdtempSync(join(tmpdir(), 'sy-nested-local-'));
const db = join(dir, 'sy.db');
let h: Harness;
let openai: OpenAI;
let claude: Anthropic;
/** A question the live model answers confidently, and its label. */
let question = { text: '', label: '' };
/** Far from every label: the local model passes it on. */
const UNFAMILIAR = 'What is the capital of France? One word, please.';
/** Users the split `ab` (sticky on user, 1:1) puts on its classify arm. */
const onIntentArm = Array.from({ length: 200 }, (_, i) => `user-${i}`).filter((u) => stickyPoint('ab', '', u) < 0.5);
const INTENT = { headers: { 'x-switchyard-metadata': '{"kind":"intent"}' } };

beforeAll(async () => {
  // A version registered and promoted, as `local train --promote` leaves it.
  await promoteIntentModel(db, ROUTE);
  // A learned router whose threshold 0 sends everything to its cheap target, here the classify route.
  const routerFile = join(dir, 'router.json');
  writeFileSync(routerFile, serializeRouter(trainRouter(routellmRecords('gsm8k').slice(0, 200), { seed: 1, clock: { now: () => 0, sleep: async () => {} } })));
  h = await startHarness(
    '',
    (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
routes:
  front:
    policy: conditional
    rules: [ { when: { metadata: { kind: { equals: intent } } }, target: ${ROUTE} } ]
    default: small
  ab:
    policy: split
    sticky: user
    arms: [ { target: ${ROUTE}, weight: 1 }, { target: small, weight: 1 } ]
  picker:
    policy: learned
    router: ${routerFile}
    cheap: ${ROUTE}
    strong: teacher
    threshold: 0
  checked:
    policy: cascade
    targets: [ ${ROUTE}, teacher ]
    escalate_on: { validation: { labels: [${EIGHT_LABELS.join(', ')}] } }
  ${ROUTE}:
    policy: static
    target: teacher
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 1 }
`,
    { sqlite: db },
  );
  openai = h.openai('any');
  claude = h.anthropic('any');
  // The teacher gives each question its true intent (shadow checks ask it about every local answer).
  const questions = banking77('test', EIGHT_LABELS, 10);
  await fetch(`${h.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify(questions.map((e) => ({ exact: e.text, reply: e.label }))) });
  // Found through the conditional route: a model never asked through it leaves the question empty.
  for (const e of questions) {
    const answer = await openai.chat.completions.create({ model: 'front', messages: [{ role: 'user', content: e.text }] }, INTENT);
    if (answer.model.startsWith('local:')) {
      question = { text: e.text, label: answer.choices[0]?.message.content ?? '' };
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (content: string) => [{ role: 'user' as const, content }];
/** `x-switchyard-route` of a local answer given through `lead` (the outer routes' steps). */
const answeredHeader = (lead: string) => new RegExp(`^${lead}; ${ROUTE}>local \\(v1 answered at confidence (0|1)(\\.\\d+)?\\)$`);

describe('a classify route behind a conditional route', () => {
  it('answers a confident request locally, whole and streamed (OpenAI SDK): cost 0, the local model named, the path in the header and on the trace', async () => {
    expect(question.text).not.toBe('');
    expect(EIGHT_LABELS).toContain(question.label);
    const { data, response } = await openai.chat.completions.create({ model: 'front', messages: ask(question.text) }, INTENT).withResponse();
    expect(data.model).toBe(`local:${ROUTE}@v1`);
    expect(data.choices[0]?.message.content).toBe(question.label);
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
    expect(response.headers.get('x-switchyard-route')).toMatch(answeredHeader('front>support-intent \\(rule 1: metadata.kind = "intent"\\)'));
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ requestedModel: 'front', provider: 'local', upstreamModel: `local:${ROUTE}@v1`, costUsd: 0 });
    expect(trace.decisions?.local).toMatchObject({ answered: true, route: ROUTE, label: question.label, version: 1 });
    // The outer route's decision is kept: front chose support-intent; support-intent's own target was not called.
    expect(trace.decisions?.route).toMatchObject({ steps: [{ route: 'front', target: ROUTE, rule: 0 }], model: `local:${ROUTE}@v1` });

    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'front', stream: true, messages: ask(question.text) }, INTENT).withResponse();
    let text = '';
    const models = new Set<string>();
    for await (const chunk of stream) {
      models.add(chunk.model);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe(question.label);
    expect([...models]).toEqual([`local:${ROUTE}@v1`]);
    expect(streamed.headers.get('x-switchyard-route')).toMatch(answeredHeader('front>support-intent \\(rule 1: metadata.kind = "intent"\\)'));
    expect((await h.traceOf(streamed)).costUsd).toBe(0);
  });

  it('escalates an unfamiliar request to the classify route’s own target, whole and streamed, saying why', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'front', messages: ask(UNFAMILIAR) }, INTENT).withResponse();
    expect(data.model).toBe('standin-large');
    const header = response.headers.get('x-switchyard-route') ?? '';
    expect(header).toMatch(/^front>support-intent \(rule 1: [^)]*\); support-intent>local \(v1 passed it on: [^)]+\); support-intent>teacher \(static route\)$/);
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeGreaterThan(0);
    expect(trace.decisions?.local).toMatchObject({ answered: false, route: ROUTE, version: 1 });

    let text = '';
    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'front', stream: true, messages: ask(UNFAMILIAR) }, INTENT).withResponse();
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(streamed.headers.get('x-switchyard-route')).toContain('support-intent>local (v1 passed it on: ');
    expect((await h.traceOf(streamed)).upstreamModel).toBe('standin-large');
  });

  it('answers an Anthropic client in its shape, whole and streamed; calls the rule does not send there never ask it', async () => {
    const { data: message, response } = await claude.messages.create({ model: 'front', max_tokens: 20, messages: ask(question.text) }, INTENT).withResponse();
    expect(message.model).toBe(`local:${ROUTE}@v1`);
    expect(message.content).toMatchObject([{ type: 'text', text: question.label }]);
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
    const streamed = await claude.messages.stream({ model: 'front', max_tokens: 20, messages: ask(question.text) }, INTENT).finalMessage();
    expect(streamed.model).toBe(`local:${ROUTE}@v1`);
    expect(streamed.content[0]).toMatchObject({ type: 'text', text: question.label });

    const escalated = await claude.messages.create({ model: 'front', max_tokens: 20, messages: ask(UNFAMILIAR) }, INTENT);
    expect(escalated.model).toBe('standin-large');

    const other = await openai.chat.completions.create({ model: 'front', messages: ask(question.text) }).withResponse();
    expect(other.data.model).toBe('standin-small');
    expect(other.response.headers.get('x-switchyard-route')).toBe('front>small (no rule matched (1 tried): default)');
    expect((await h.traceOf(other.response)).decisions?.local).toBeUndefined();
  });
  it('answers a Responses API client, whole and streamed', async () => {
    const response = await openai.responses.create({ model: 'front', input: question.text }, INTENT);
    expect(response.model).toBe(`local:${ROUTE}@v1`);
    expect(response.output_text).toBe(question.label);
    const final = await openai.responses.stream({ model: 'front', input: question.text }, INTENT).finalResponse();
    expect(final.output_text).toBe(question.label);
    expect((await openai.responses.create({ model: 'front', input: UNFAMILIAR }, INTENT)).model).toBe('standin-large');
  });

  it('answers a Gemini client in its shape, whole and streamed', async () => {
    const gemini = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.gateway.url, headers: INTENT.headers } });
    const whole = await gemini.models.generateContent({ model: 'front', contents: question.text });
    expect(whole.text).toBe(question.label);
    expect(whole.modelVersion).toBe(`local:${ROUTE}@v1`);
    let text = '';
    for await (const chunk of await gemini.models.generateContentStream({ model: 'front', contents: question.text })) text += chunk.text ?? '';
    expect(text).toBe(question.label);
    expect((await gemini.models.generateContent({ model: 'front', contents: UNFAMILIAR })).modelVersion).toBe('standin-large');
  });
});

describe('a classify route as a split’s arm', () => {
  it('answers the arm’s confident requests locally and escalates the rest, both SDKs, whole and streamed', async () => {
    expect(onIntentArm.length).toBeGreaterThan(50);
    const user = onIntentArm[0] as string;
    const { data, response } = await openai.chat.completions.create({ model: 'ab', user, messages: ask(question.text) }).withResponse();
    expect(data.model).toBe(`local:${ROUTE}@v1`);
    expect(response.headers.get('x-switchyard-route')).toMatch(answeredHeader('ab>support-intent \\(arm 1 of 2 \\(50%\\), sticky on user\\)'));
    // The arm goes on the trace, so the split's comparison still sees which arm answered.
    expect((await h.traceOf(response)).decisions?.route).toMatchObject({ steps: [{ route: 'ab', target: ROUTE, arm: 0 }] });

    let text = '';
    for await (const chunk of await openai.chat.completions.create({ model: 'ab', user, stream: true, messages: ask(question.text) })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(question.label);

    const escalated = await openai.chat.completions.create({ model: 'ab', user, messages: ask(UNFAMILIAR) });
    expect(escalated.model).toBe('standin-large');

    const message = await claude.messages.create({ model: 'ab', max_tokens: 20, metadata: { user_id: user }, messages: ask(question.text) });
    expect(message.model).toBe(`local:${ROUTE}@v1`);
    const streamed = await claude.messages.stream({ model: 'ab', max_tokens: 20, metadata: { user_id: user }, messages: ask(UNFAMILIAR) }).finalMessage();
    expect(streamed.model).toBe('standin-large');
  });
});

describe('a classify route as a learned route’s pick', () => {
  it('answers locally when the router picks it', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'picker', messages: ask(question.text) }).withResponse();
    expect(data.model).toBe(`local:${ROUTE}@v1`);
    expect(response.headers.get('x-switchyard-route')).toMatch(new RegExp(`^picker>${ROUTE} \\([^;]+\\); ${ROUTE}>local \\(v1 answered at confidence`));
  });
});

describe('a classify route as a cascade’s step', () => {
  it('is asked too, its answer checked by the cascade (test/gateway/cascade-local-step.test.ts has the rest)', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'checked', messages: ask(question.text) }).withResponse();
    expect(data.model).toBe(`local:${ROUTE}@v1`);
    expect(response.headers.get('x-switchyard-route')).toMatch(new RegExp(`^${ROUTE}>local \\(v1 answered at confidence [0-9.]+\\); checked>${ROUTE} \\(step 1 accepted: passed validation\\)$`));
    expect((await h.traceOf(response)).decisions?.local).toMatchObject({ answered: true, route: ROUTE });
  });
});

describe('the routes report', () => {
  it('counts the inner route’s local answers, escalations, shadow checks and savings; the outer routes count the branch they chose', async () => {
    await h.gateway.locals.get(ROUTE)?.idle();
    await h.gateway.traces.flush();
    const traces = (await h.gateway.store.listTraces({ limit: 500 })).traces;
    const shadows = traces.filter((t) => t.keyName === SHADOW_KEY_NAME && t.requestedModel === ROUTE);
    // Every local answer was checked (shadow_rate: 1): by the inner route's teacher, under the inner route's name.
    const localAnswers = traces.filter((t) => t.provider === 'local');
    expect(localAnswers.length).toBeGreaterThanOrEqual(8);
    expect(shadows.length).toBe(localAnswers.length);
    expect(shadows.every((t) => t.status === 200 && t.upstreamModel === 'standin-large')).toBe(true);

    const { routes } = (await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const inner = routes.find((r) => r.route === ROUTE) as RouteReport;
    const local = inner.branches.find((b) => b.branch === '(local)');
    expect(local?.requests).toBe(localAnswers.length);
    expect(inner.branches.map((b) => b.branch).sort()).toEqual(['(local)', 'teacher']);
    expect(inner.localShare).toBeGreaterThan(0.4);
    expect(inner.shadowChecks.requests).toBe(shadows.length);
    expect(inner.grossSavedUsd).toBeGreaterThan(0);
    expect(inner.local?.live?.shadowed).toBeGreaterThan(0);
    expect(inner.local?.live?.precision).toBe(1);
    // front's branch is the route it chose, never the inner route's local model.
    const front = routes.find((r) => r.route === 'front') as RouteReport;
    expect(front.branches.map((b) => b.branch).sort()).toEqual(['small', ROUTE]);
    expect(front.localShare).toBe(0);
    expect((routes.find((r) => r.route === 'ab') as RouteReport).branches.map((b) => b.branch)).toEqual([ROUTE]);

    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
    try {
      await printRoutes({ gateway: h.gateway.url, range: '1h' });
    } finally {
      log.mockRestore();
    }
    const printed = lines.join('\n');
    expect(printed).toContain(`on ${shadows.length} shadow checks`);
    // Before: `support-intent │ static │ 0 │ –`, its local model unasked through front and ab.
    expect(printed).toMatch(new RegExp(`│ ${ROUTE}\\s+│ static\\s+│ ${inner.requests}\\s+│ \\(local\\) ${(inner.localShare * 100).toFixed(1)}%`));
  });
});
