/**
 * What a client and the traces see of a local task model's answer. It carries usage in every
 * shape a client reads it in, as a model's would: OpenAI's `usage` (and the last chunk of a
 * stream that asked for it), Anthropic's required `usage` (whole, and `message_start` /
 * `message_delta` streamed) and a Response's; the figures are the gateway's tokenizer-free
 * estimate, the same for every shape, and the trace's cost stays 0. Its shadow check (every
 * answer here: `shadow_rate: 1`) is traced in the client's session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printRoutes } from '../../src/cli/routes-report.js';
import { SHADOW_KEY_NAME } from '../../src/core/internal-caller.js';
import { usd } from '../../src/core/usd.js';
import { estimateAnthropicPromptTokens } from '../../src/gateway/client-formats/anthropic-prompt-estimate.js';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { promoteIntentModel } from '../../src/test-support/promoted-intent-model.js';
import { estimateTokens } from '../../src/tokens/estimate-tokens.js';
import type { Overview } from '../../src/monitor/overview.js';
import type { RouteReport } from '../../src/monitor/route-report.js';

const ROUTE = 'support-intent';
const dir = mkdtempSync(join(tmpdir(), 'sy-local-usage-'));
const db = join(dir, 'sy.db');
let h: Harness;
let openai: OpenAI;
let claude: Anthropic;
/** A question the live model answers locally, and its label. */
let question = '';

beforeAll(async () => {
  // A version registered and promoted, as `local train --promote` leaves it.
  await promoteIntentModel(db, ROUTE);
  h = await startHarness(
    '',
    (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
routes:
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
  for (const e of questions) {
    const answer = await openai.chat.completions.create({ model: ROUTE, messages: [{ role: 'user', content: e.text }] });
    if (answer.model.startsWith('local:')) {
      question = e.text;
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const messages = () => [{ role: 'user' as const, content: question }];
/** What the estimate reads for the question, framed as one user message. */
const promptTokens = () => estimateAnthropicPromptTokens({ messages: messages() });

describe('usage on a local model’s answer', () => {
  it('is in an OpenAI chat completion, whole and as the last chunk of a stream that asked for it', async () => {
    expect(question).not.toBe('');
    const { data, response } = await openai.chat.completions.create({ model: ROUTE, messages: messages() }).withResponse();
    expect(data.model).toMatch(/^local:/);
    const label = data.choices[0]?.message.content ?? '';
    expect(data.usage).toMatchObject({ prompt_tokens: promptTokens(), completion_tokens: estimateTokens(label), total_tokens: promptTokens() + estimateTokens(label) });
    expect(data.usage?.prompt_tokens).toBeGreaterThan(7);
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(data.usage?.prompt_tokens_details).toEqual({ cached_tokens: 0, audio_tokens: 0 });
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBe(0);

    const chunks = [];
    for await (const chunk of await openai.chat.completions.create({ model: ROUTE, messages: messages(), stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toEqual(data.usage);
    // Without include_usage, as OpenAI: no usage chunk.
    const plain = [];
    for await (const chunk of await openai.chat.completions.create({ model: ROUTE, messages: messages(), stream: true })) plain.push(chunk);
    expect(plain.some((c) => c.usage)).toBe(false);
  });

  it('is in an Anthropic Message, whole and streamed, message_start and message_delta agreeing', async () => {
    const message = await claude.messages.create({ model: ROUTE, max_tokens: 20, messages: messages() });
    expect(message.model).toMatch(/^local:/);
    const label = message.content[0]?.type === 'text' ? message.content[0].text : '';
    expect(message.usage).toMatchObject({ input_tokens: promptTokens(), output_tokens: estimateTokens(label) });
    const stream = claude.messages.stream({ model: ROUTE, max_tokens: 20, messages: messages() });
    let started: number | undefined;
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') started = event.message.usage.input_tokens;
    });
    const streamed = await stream.finalMessage();
    expect(started).toBe(promptTokens());
    expect(streamed.usage).toMatchObject({ input_tokens: promptTokens(), output_tokens: estimateTokens(label) });
  });

  it('is in a Response, whole and on response.completed', async () => {
    const response = await openai.responses.create({ model: ROUTE, input: question });
    expect(response.model).toMatch(/^local:/);
    // The Responses input reaches the local model as one user message: the same estimate.
    expect(response.usage).toMatchObject({ input_tokens: promptTokens(), output_tokens: estimateTokens(response.output_text), total_tokens: promptTokens() + estimateTokens(response.output_text) });
    const stream = openai.responses.stream({ model: ROUTE, input: question });
    const final = await stream.finalResponse();
    expect(final.usage).toEqual(response.usage);
  });
});

describe('a local answer’s shadow check', () => {
  it('is traced in the session of the client call it checks', async () => {
    const session = `local-shadow-${Date.now()}`;
    const client = new OpenAI({ baseURL: h.baseURL, apiKey: 'any', maxRetries: 0, defaultHeaders: { 'x-switchyard-session': session } });
    const { data, response } = await client.chat.completions.create({ model: ROUTE, messages: messages() }).withResponse();
    expect(data.model).toMatch(/^local:/);
    const shadow = await h.waitForTrace((t) => t.session === session && t.id !== response.headers.get('x-switchyard-trace-id'));
    expect(shadow.requestedModel).toBe(ROUTE);
    expect(shadow.upstreamModel).toBe('standin-large');
    expect((await h.traceOf(response)).session).toBe(session);
  });
});

describe('what a local model saved', () => {
  it('is net of its shadow checks, which are in no branch: GET /api/routes, the overview by route and switchyard routes --gateway', async () => {
    // A question outside the model's domain goes to the teacher: the paid branch a local answer stands in for.
    expect((await openai.chat.completions.create({ model: ROUTE, messages: [{ role: 'user', content: 'What is the capital of France? One word, please.' }] })).model).toBe('standin-large');
    for (let i = 0; i < 3; i++) expect((await openai.chat.completions.create({ model: ROUTE, messages: messages() })).model).toMatch(/^local:/);
    await h.gateway.locals.get(ROUTE)?.idle();
    await h.gateway.traces.flush();
    const traces = (await h.gateway.store.listTraces({ limit: 500, model: ROUTE })).traces;
    const shadows = traces.filter((t) => t.keyName === SHADOW_KEY_NAME);
    const shadowUsd = shadows.reduce((sum, t) => sum + t.costUsd, 0);
    expect(shadows.length).toBeGreaterThanOrEqual(3);
    // Every check reached the teacher, those of streamed answers too (they were a 400: stream_options without a stream).
    expect(shadows.filter((t) => t.status !== 200)).toEqual([]);
    expect(shadowUsd).toBeGreaterThan(0);

    const { routes } = (await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const report = routes.find((r) => r.route === ROUTE) as RouteReport;
    expect(report.shadowChecks.requests).toBe(shadows.length);
    expect(report.shadowChecks.costUsd).toBeCloseTo(shadowUsd, 12);
    // The route's traffic is its clients' calls: the checks are no branch and no share of it.
    expect(report.requests).toBe(traces.length - shadows.length);
    expect(report.branches.map((b) => b.branch).sort()).toEqual(['(local)', 'teacher']);
    const local = report.branches.find((b) => b.branch === '(local)');
    expect(report.grossSavedUsd).toBeCloseTo((local?.requests ?? 0) * report.savedUsdPerLocalRequest, 12);
    // Before: the gross figure, as if sending everything to the teacher had needed the checks too.
    expect(report.savedUsd).toBeCloseTo(report.grossSavedUsd - shadowUsd, 12);

    // The overview's split by route shows where that money went, beside the branches.
    const overview = (await (await fetch(`${h.gateway.url}/api/overview?range=1h&by=route&top=50`)).json()) as Overview;
    const row = overview.breakdown.find((b) => b.name === `${ROUTE} > (shadow)`);
    expect(row?.requests).toBe(shadows.length);
    expect(row?.costUsd).toBeCloseTo(shadowUsd, 12);

    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((text: unknown) => void lines.push(...String(text).split('\n')));
    try {
      await printRoutes({ gateway: h.gateway.url, range: '1h' });
    } finally {
      log.mockRestore();
    }
    expect(lines.join('\n')).toContain(`${usd(report.savedUsd)} net of ${usd(shadowUsd)} on ${shadows.length} shadow checks`);
  });
});
