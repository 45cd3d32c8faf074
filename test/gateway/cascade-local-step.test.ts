import { requestFeatures } from '../../src/routing/policies/request-features.js';
import { estimateTokens } from '../../src/tokens/estimate-tokens.js';
/**
 * A classify route as a cascade's step: `triage: [support-intent, teacher]`, where support-intent
 * has a local model. The step asks that model first; a confident answer is checked by the
 * cascade's own checks for the step (a label set here, log-prob confidence and a judge on other
 * routes) and delivered when it passes (cost 0, `model` naming the local model); an unconfident
 * answer, or one that fails the check, goes to the cascade's next step, not to support-intent's
 * own target (`small` here, never called by the cascade), and the answer delivered there becomes
 * a training example for support-intent's model. Before 2026-12-07 a cascade's step never asked
 * its route's model: the header said `support-intent>local (not asked: a step of cascade triage; …)`.
 * Both official SDKs, whole and streamed; the route report counts the local answers, shadow
 * checks and savings for support-intent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHADOW_KEY_NAME } from '../../src/core/internal-caller.js';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { promoteIntentModel } from '../../src/test-support/promoted-intent-model.js';

const ROUTE = 'support-intent';
const dir = mkdtempSync(join(tmpdir(), 'sy-cascade-local-'));
const db = join(dir, 'sy.db');
let h: Harness;
let openai: OpenAI;
let claude: Anthropic;
/** A question the live model answers confidently (below confidence 0.9999), and its label. */
let question = { text: '', label: '', confidence: 0 };
/** Far from every label: the local model passes it on. */
const UNFAMILIAR = 'What is the capital of France? One word, please.';
/** The labels but the question's: `narrow`'s label set, which the local answer fails. */
let others: string[] = [];
/** `coarse` knows four of the eight intents and routes to support-intent, which knows all eight. */
const COARSE = EIGHT_LABELS.slice(0, 4);
/** A question coarse passes on and support-intent answers, and its label. */
let finer = { text: '', label: '' };

beforeAll(async () => {
  const model = await promoteIntentModel(db, ROUTE);
  // The question is picked before the config is written: `narrow` leaves its label out.
  const questions = banking77('test', EIGHT_LABELS, 10);
  for (const e of questions) {
    const p = model.predict(e.text);
    if (!p.escalate && p.label === e.label && p.confidence < 0.9999) {
      question = { text: e.text, label: e.label, confidence: p.confidence };
      break;
    }
  }
  others = EIGHT_LABELS.filter((l) => l !== question.label);
  const coarse = await promoteIntentModel(db, 'coarse', COARSE);
  for (const e of questions) {
    const [outer, inner] = [coarse.predict(e.text), model.predict(e.text)];
    if (outer.escalate && !inner.escalate && inner.label === e.label) {
      finer = { text: e.text, label: e.label };
      break;
    }
  }
  h = await startHarness(
    '',
    (simUrl, deadPort) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
  down: { type: openai, base_url: http://127.0.0.1:${deadPort}/v1, api_key: sk-none }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
  grader: { provider: sim, model: standin-grader, price: { input_per_mtok: 1, output_per_mtok: 4 } }
  dead: { provider: down, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
  vague: { provider: sim, model: standin-vague, price: { input_per_mtok: 1, output_per_mtok: 4 } }
routes:
  triage:
    policy: cascade
    targets: [ ${ROUTE}, teacher ]
    escalate_on: { validation: { labels: [${EIGHT_LABELS.join(', ')}] } }
  narrow:
    policy: cascade
    targets: [ ${ROUTE}, teacher ]
    escalate_on: { validation: { labels: [${others.join(', ')}] } }
  strict:
    policy: cascade
    targets: [ ${ROUTE}, teacher ]
    escalate_on: { confidence: { min_mean_logprob: -0.0001 } }
  lenient:
    policy: cascade
    targets: [ ${ROUTE}, teacher ]
    escalate_on: { confidence: { min_mean_logprob: -0.7 } }
  judged:
    policy: cascade
    targets: [ ${ROUTE}, teacher ]
    escalate_on: { judge: { model: grader, min_score: 0.5 } }
  last:
    policy: cascade
    targets: [ dead, ${ROUTE} ]
    escalate_on: { validation: { labels: [${EIGHT_LABELS.join(', ')}] } }
  paid:
    policy: cascade
    targets: [ vague, ${ROUTE}, teacher ]
    escalate_on: { validation: { labels: [${EIGHT_LABELS.join(', ')}] } }
  coarse:
    policy: static
    target: ${ROUTE}
    options:
      task: { type: classify, labels: [${COARSE.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 1 }
  via:
    policy: static
    target: coarse
  both:
    policy: cascade
    targets: [ coarse, ${ROUTE}, teacher ]
    escalate_on: { validation: { labels: [${EIGHT_LABELS.join(', ')}] } }
  ${ROUTE}:
    policy: static
    target: small
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 1 }
retry: { max_attempts: 1 }
`,
    { sqlite: db },
  );
  openai = h.openai('any');
  claude = h.anthropic('any');
  // Every model gives each question its true intent; the grader fails every answer (grade 1 of 5).
  h.sim.addScript({ model: 'standin-grader', match: '.', reply: '1' });
  for (const e of questions) h.sim.addScript({ exact: e.text, reply: e.label });
  // `vague` answers no question with a label: `paid`'s first step always escalates.
  h.sim.addScript({ model: 'standin-vague', exact: question.text, reply: 'It could be several things.' }, true);
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (content: string) => [{ role: 'user' as const, content }];
const LOCAL = `local:${ROUTE}@v1`;
/** `x-switchyard-route` of a local answer the cascade's step gave: the local model, then the cascade's check. */
const acceptedHeader = (cascade: string, check: string) => new RegExp(`^${ROUTE}>local \\(v1 answered at confidence (0|1)(\\.\\d+)?\\); ${cascade}>${ROUTE} \\(step 1 accepted: ${check}\\)$`);

describe('a classify route as a cascade’s first step', () => {
  it('answers a confident request locally once the cascade’s check passes it, whole and streamed (OpenAI SDK): cost 0, the local model named, the path in the header and on the trace', async () => {
    expect(question.text).not.toBe('');
    const { data, response } = await openai.chat.completions.create({ model: 'triage', messages: ask(question.text) }).withResponse();
    expect(data.model).toBe(LOCAL);
    expect(data.choices[0]?.message.content).toBe(question.label);
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
    expect(response.headers.get('x-switchyard-route')).toMatch(acceptedHeader('triage', 'passed validation'));
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ requestedModel: 'triage', provider: 'local', upstreamModel: LOCAL, costUsd: 0 });
    // No model was called: neither the cascade's next step nor support-intent's own target.
    expect(trace.attempts).toEqual([]);
    expect(trace.decisions?.local).toMatchObject({ answered: true, route: ROUTE, label: question.label, version: 1 });
    expect(trace.decisions?.route).toMatchObject({
      steps: [{ route: 'triage', policy: 'cascade', target: ROUTE, reason: 'step 1 accepted: passed validation' }],
      cascade: [{ target: ROUTE, model: LOCAL, action: 'accept', costUsd: 0, inputTokens: 0, outputTokens: 0 }],
      model: LOCAL,
    });
    // What the last target alone would have cost (the cascade's exact saving): teacher's price at the prompt's estimated tokens and the label's.
    const promptTokens = requestFeatures({ model: 'triage', messages: ask(question.text) }).promptTokens;
    expect((trace.decisions?.route as { alone?: unknown }).alone).toEqual({ target: 'teacher', model: 'teacher', from: 'price', latencyMs: null, costUsd: (promptTokens * 2.5 + estimateTokens(question.label) * 10) / 1e6 });

    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'triage', stream: true, messages: ask(question.text) }).withResponse();
    let text = '';
    const models = new Set<string>();
    for await (const chunk of stream) {
      models.add(chunk.model);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe(question.label);
    expect([...models]).toEqual([LOCAL]);
    expect(streamed.headers.get('x-switchyard-route')).toMatch(acceptedHeader('triage', 'passed validation'));
    expect((await h.traceOf(streamed)).costUsd).toBe(0);
  });

  it('sends an unconfident request to the cascade’s next step, not the classify route’s own target, whole and streamed, saying why', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'triage', messages: ask(UNFAMILIAR) }).withResponse();
    expect(data.model).toBe('standin-large');
    expect(response.headers.get('x-switchyard-route')).toMatch(/^support-intent>local \(v1 passed it on: [^)]+\); triage>support-intent \(step 1 escalated: its local model passed it on\); triage>teacher \(step 2 \(last\)\)$/);
    const trace = await h.traceOf(response);
    // One model call, the next step's: support-intent's own target (small) was not paid for too.
    expect(trace.attempts.map((a) => a.model)).toEqual(['standin-large']);
    expect(trace.costUsd).toBeGreaterThan(0);
    expect(trace.decisions?.local).toMatchObject({ answered: false, route: ROUTE, version: 1 });
    expect(trace.decisions?.route).toMatchObject({
      cascade: [
        { target: ROUTE, model: LOCAL, action: 'escalate', reason: 'step 1 escalated: its local model passed it on', costUsd: 0 },
        { target: 'teacher', action: 'final' },
      ],
      model: 'teacher',
    });

    let text = '';
    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'triage', stream: true, messages: ask(UNFAMILIAR) }).withResponse();
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(streamed.headers.get('x-switchyard-route')).toContain('triage>teacher (step 2 (last))');
    expect((await h.traceOf(streamed)).upstreamModel).toBe('standin-large');
  });

  it('answers an Anthropic client in its shape, whole and streamed, and escalates the unfamiliar', async () => {
    const { data: message, response } = await claude.messages.create({ model: 'triage', max_tokens: 20, messages: ask(question.text) }).withResponse();
    expect(message.model).toBe(LOCAL);
    expect(message.content).toMatchObject([{ type: 'text', text: question.label }]);
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
    const streamed = await claude.messages.stream({ model: 'triage', max_tokens: 20, messages: ask(question.text) }).finalMessage();
    expect(streamed.model).toBe(LOCAL);
    expect(streamed.content[0]).toMatchObject({ type: 'text', text: question.label });
    const escalated = await claude.messages.stream({ model: 'triage', max_tokens: 20, messages: ask(UNFAMILIAR) }).finalMessage();
    expect(escalated.model).toBe('standin-large');
  });

  it('answers a Responses API client, whole and streamed', async () => {
    const response = await openai.responses.create({ model: 'triage', input: question.text });
    expect(response.model).toBe(LOCAL);
    expect(response.output_text).toBe(question.label);
    const final = await openai.responses.stream({ model: 'triage', input: question.text }).finalResponse();
    expect(final.output_text).toBe(question.label);
  });

  it('answers a Gemini client in its shape, whole and streamed', async () => {
    const gemini = new GoogleGenAI({ apiKey: 'any', httpOptions: { baseUrl: h.gateway.url } });
    const whole = await gemini.models.generateContent({ model: 'triage', contents: question.text });
    expect(whole.text).toBe(question.label);
    expect(whole.modelVersion).toBe(LOCAL);
    let text = '';
    for await (const chunk of await gemini.models.generateContentStream({ model: 'triage', contents: question.text })) text += chunk.text ?? '';
    expect(text).toBe(question.label);
    expect((await gemini.models.generateContent({ model: 'triage', contents: UNFAMILIAR })).modelVersion).toBe('standin-large');
  });
});

describe('the cascade’s checks on a local answer', () => {
  it('escalates a confident answer that fails the label set to the next step, saying which check, and learns from the answer delivered', async () => {
    const local = h.gateway.locals.get(ROUTE);
    await local?.idle();
    const examplesBefore = local?.status().examples ?? -1;
    const { data, response } = await openai.chat.completions.create({ model: 'narrow', messages: ask(question.text) }).withResponse();
    expect(data.model).toBe('standin-large');
    expect(data.choices[0]?.message.content).toBe(question.label);
    const header = response.headers.get('x-switchyard-route') ?? '';
    expect(header).toMatch(/^support-intent>local \(v1 passed it on: cascade narrow's validation check failed it\); narrow>support-intent \(step 1 escalated on validation: answer "[a-z_]+" is not one of the 7 labels\); narrow>teacher \(step 2 \(last\)\)$/);
    const trace = await h.traceOf(response);
    expect(trace.decisions?.local).toMatchObject({ answered: false, route: ROUTE, label: question.label, reason: "cascade narrow's validation check failed it" });
    expect(trace.attempts.map((a) => a.model)).toEqual(['standin-large']);
    // The next step's answer (a label) became a training example for support-intent's model.
    await local?.idle();
    expect(local?.status().examples).toBe(examplesBefore + 1);
  });

  it('reads the local model’s confidence as its answer’s log-prob (ln p): accepted above the bar, escalated below it', async () => {
    const lenient = await openai.chat.completions.create({ model: 'lenient', messages: ask(question.text) }).withResponse();
    expect(lenient.data.model).toBe(LOCAL);
    expect(lenient.response.headers.get('x-switchyard-route')).toMatch(acceptedHeader('lenient', `mean logprob ${Math.log(question.confidence).toFixed(2)}`));
    // Below 0.9999 its log-prob is under -0.0001: the strict cascade's bar.
    const strict = await openai.chat.completions.create({ model: 'strict', messages: ask(question.text) }).withResponse();
    expect(strict.data.model).toBe('standin-large');
    expect(strict.response.headers.get('x-switchyard-route')).toContain(`strict>support-intent (step 1 escalated on confidence: mean token logprob ${Math.log(question.confidence).toFixed(3)} < -0.0001)`);
  });

  it('has a judge score the local answer, listing the judge’s call on the step', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'judged', messages: ask(question.text) }).withResponse();
    expect(data.model).toBe('standin-large');
    expect(response.headers.get('x-switchyard-route')).toContain('judged>support-intent (step 1 escalated on judge: score 0.00 < 0.5)');
    const trace = await h.traceOf(response);
    const [local] = (trace.decisions?.route as { cascade: { model: string; action: string; judge?: { score: number; minScore?: number; traceId: string } }[] }).cascade;
    expect(local).toMatchObject({ model: LOCAL, action: 'escalate', judge: { score: 0, minScore: 0.5 } });
    expect(local?.judge?.traceId).toMatch(/./);
  });
});

describe('a classify route as a cascade’s middle step', () => {
  it('answers locally after a paid step escalated: the call costs that step, whole and streamed', async () => {
    for (const stream of [false, true]) {
      const { data, response } = await openai.chat.completions.create({ model: 'paid', stream, messages: ask(question.text) }).withResponse();
      if (stream) for await (const _ of data as AsyncIterable<unknown>);
      const trace = await h.traceOf(response);
      expect(trace).toMatchObject({ provider: 'local', upstreamModel: LOCAL });
      expect(trace.attempts.map((a) => a.model)).toEqual(['standin-vague']);
      const [vague, local] = (trace.decisions?.route as { cascade: { model: string; action: string; costUsd: number; inputTokens: number }[] }).cascade;
      expect(vague).toMatchObject({ model: 'vague', action: 'escalate' });
      expect(local).toMatchObject({ model: LOCAL, action: 'accept', costUsd: 0, inputTokens: 0, outputTokens: 0 });
      expect(vague?.costUsd).toBeGreaterThan(0);
      // The trace's cost is the escalated step's, and the header says the same before the answer.
      expect(trace.costUsd).toBeCloseTo(vague?.costUsd ?? 0, 12);
      if (!stream) expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(trace.costUsd, 8);
      expect(response.headers.get('x-switchyard-route')).toMatch(/^paid>vague \(step 1 escalated on validation: [^)]+\); support-intent>local \(v1 answered at confidence [0-9.]+\); paid>support-intent \(step 2 accepted: passed validation\)$/);
    }
  });
});

describe('a classify route as a cascade’s last step', () => {
  it('answers locally after an earlier step failed; the unfamiliar goes to the classify route’s own target', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'last', messages: ask(question.text) }).withResponse();
    expect(data.model).toBe(LOCAL);
    expect(response.headers.get('x-switchyard-route')).toMatch(/^last>dead \(step 1 failed \([^)]+\), escalated\); support-intent>local \(v1 answered at confidence [0-9.]+\); last>support-intent \(step 2 accepted: passed validation\)$/);
    const trace = await h.traceOf(response);
    expect(trace.provider).toBe('local');
    expect(trace.decisions?.local).toMatchObject({ answered: true, route: ROUTE });

    const escalated = await openai.chat.completions.create({ model: 'last', messages: ask(UNFAMILIAR) }).withResponse();
    // Nowhere else to go: support-intent's own target answers.
    expect(escalated.data.model).toBe('standin-small');
    expect(escalated.response.headers.get('x-switchyard-route')).toMatch(/; support-intent>local \(v1 passed it on: [^)]+\); support-intent>small \(static route\); last>support-intent \(step 2 \(last\)\)$/);
  });
});

describe('two classify routes on a path', () => {
  const innerAnswer = (lead: string) => new RegExp(`^${lead}coarse>local \\(v1 passed it on: [^)]+\\); coarse>${ROUTE} \\(static route\\); ${ROUTE}>local \\(v1 answered at confidence [0-9.]+\\)$`);

  it('asks the inner one when the outer one passes the call on: by name, and through a static route', async () => {
    expect(finer.text).not.toBe('');
    const { data, response } = await openai.chat.completions.create({ model: 'coarse', messages: ask(finer.text) }).withResponse();
    expect(data.model).toBe(LOCAL);
    expect(data.choices[0]?.message.content).toBe(finer.label);
    expect(response.headers.get('x-switchyard-route')).toMatch(innerAnswer(''));
    const trace = await h.traceOf(response);
    // decisions.local is the model that answered; the outer one that passed it on is listed before it.
    expect(trace.decisions?.local).toMatchObject({ answered: true, route: ROUTE, label: finer.label, before: [{ answered: false, route: 'coarse', version: 1 }] });
    expect(trace.decisions?.route).toMatchObject({ steps: [{ route: 'coarse', target: ROUTE }], model: LOCAL });

    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'via', stream: true, messages: ask(finer.text) }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(finer.label);
    expect(streamed.headers.get('x-switchyard-route')).toMatch(innerAnswer('via>coarse \\(static route\\); '));
    const message = await claude.messages.create({ model: 'coarse', max_tokens: 20, messages: ask(finer.text) });
    expect(message.model).toBe(LOCAL);
  });

  it('asks each once, outer first, and both learn from the model that answers what neither knew', async () => {
    const locals = [h.gateway.locals.get('coarse'), h.gateway.locals.get(ROUTE)];
    for (const l of locals) await l?.idle();
    const before = locals.map((l) => l?.status().examples ?? -1);
    const { data, response } = await openai.chat.completions.create({ model: 'coarse', messages: ask(UNFAMILIAR) }).withResponse();
    // The inner route's own target answers, once: nothing is asked twice.
    expect(data.model).toBe('standin-small');
    expect(response.headers.get('x-switchyard-route')).toMatch(/^coarse>local \(v1 passed it on: [^)]+\); coarse>support-intent \(static route\); support-intent>local \(v1 passed it on: [^)]+\); support-intent>small \(static route\)$/);
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => a.model)).toEqual(['standin-small']);
    expect(trace.decisions?.local).toMatchObject({ answered: false, route: ROUTE, before: [{ answered: false, route: 'coarse' }] });
    // The scripted teacher gives the unfamiliar question no label: a labelled one trains both.
    h.sim.addScript({ exact: UNFAMILIAR, reply: EIGHT_LABELS[0] as string }, true);
    // Its trace is written once the call settled, when the examples are handed over.
    await h.traceOf((await openai.chat.completions.create({ model: 'coarse', messages: ask(UNFAMILIAR) }).withResponse()).response);
    for (const l of locals) await l?.idle();
    expect(locals.map((l) => l?.status().examples)).toEqual(before.map((n) => n + 1));
  });

  it('asks each classify step of a cascade in turn: the first passes, the second answers', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'both', messages: ask(finer.text) }).withResponse();
    expect(data.model).toBe(LOCAL);
    expect(response.headers.get('x-switchyard-route')).toMatch(/^coarse>local \(v1 passed it on: [^)]+\); both>coarse \(step 1 escalated: its local model passed it on\); support-intent>local \(v1 answered at confidence [0-9.]+\); both>support-intent \(step 2 accepted: passed validation\)$/);
    const trace = await h.traceOf(response);
    expect(trace.attempts).toEqual([]);
    expect(trace.decisions?.local).toMatchObject({ answered: true, route: ROUTE, before: [{ answered: false, route: 'coarse' }] });
  });
});

describe('the routes report', () => {
  it('counts the local answers, shadow checks and savings for the classify route; the cascade counts the step that answered', async () => {
    await h.gateway.locals.get(ROUTE)?.idle();
    await h.gateway.traces.flush();
    const traces = (await h.gateway.store.listTraces({ limit: 500 })).traces;
    const shadows = traces.filter((t) => t.keyName === SHADOW_KEY_NAME && t.requestedModel === ROUTE);
    const localAnswers = traces.filter((t) => t.provider === 'local');
    expect(localAnswers.length).toBeGreaterThanOrEqual(8);
    // Every local answer delivered was checked (shadow_rate: 1), by support-intent's own target; none the cascade's check rejected.
    expect(shadows.length).toBe(localAnswers.length);
    expect(shadows.every((t) => t.status === 200 && t.upstreamModel === 'standin-small')).toBe(true);

    const { routes } = (await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const inner = routes.find((r) => r.route === ROUTE) as RouteReport;
    expect(inner.branches.find((b) => b.branch === '(local)')?.requests).toBe(localAnswers.length);
    expect(inner.shadowChecks.requests).toBe(shadows.length);
    expect(inner.grossSavedUsd).toBeGreaterThan(0);
    expect(inner.local?.live?.precision).toBe(1);
    // The calls its model passed on to a cascade's next step count for it too, under the target that answered them.
    const passedToTeacher = traces.filter((t) => t.keyName !== SHADOW_KEY_NAME && t.upstreamModel === 'standin-large' && ['triage', 'narrow', 'strict', 'judged'].includes(t.requestedModel));
    expect(passedToTeacher.length).toBeGreaterThan(3);
    expect(inner.branches.find((b) => b.branch === 'teacher')?.requests).toBe(passedToTeacher.length);
    const triage = routes.find((r) => r.route === 'triage') as RouteReport;
    expect(triage.branches.map((b) => b.branch).sort()).toEqual([ROUTE, 'teacher']);
    expect(triage.localShare).toBe(0);
  });
});
