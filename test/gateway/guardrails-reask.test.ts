import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Re-asking on a JSON-schema failure, end to end with the official SDKs: the simulator answers
// "classify" with chatter and the re-ask prompt (which names the errors) with valid JSON.

let h: Harness;
let openai: OpenAI;
let claude: Anthropic;

const SCHEMA = '{ type: object, required: [intent], properties: { intent: { type: string } } }';
const REASKED = 'rejected because it does not match the required JSON schema';

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
  oai:  { type: openai, base_url: ${simUrl}/v1, api_key: sk-up, responses: native }
models:
  native-structured: { provider: oai,  model: standin-json }
  structured:        { provider: sim,  model: standin-json,      price: { input_per_mtok: 1.00, output_per_mtok: 2.00 } }
  claude-structured: { provider: anth, model: claude-standin,    price: { input_per_mtok: 3.00, output_per_mtok: 15.00 } }
  stubborn:          { provider: sim,  model: standin-stubborn,  price: { input_per_mtok: 1.00, output_per_mtok: 2.00 } }
  flowing:           { provider: sim,  model: standin-flowing }
keys:
  - { key: sk-sy-app, name: app }
guardrails:
  policies:
    reask:    { output: { json_schema: { schema: ${SCHEMA}, action: block, max_reasks: 1 } } }
    patient:  { output: { json_schema: { schema: ${SCHEMA}, action: block, max_reasks: 2 } } }
    streamed: { output: { json_schema: { schema: ${SCHEMA}, action: block, max_reasks: 1 }, stream: after } }
  apply:
    routes: { native-structured: reask, structured: reask, claude-structured: reask, stubborn: patient, flowing: streamed }
retry: { max_attempts: 1 }
`);
  openai = h.openai('sk-sy-app');
  claude = h.anthropic('sk-sy-app');
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sim.clearScripts();
  h.sim.addScript({ match: REASKED, model: 'standin-stubborn', reply: 'I really cannot do JSON.', usage: { prompt_tokens: 200, completion_tokens: 20 } });
  h.sim.addScript({ match: REASKED, reply: { json: { intent: 'refund' } }, usage: { prompt_tokens: 150, completion_tokens: 5 } });
  h.sim.addScript({ match: 'classify', reply: 'Sure! That one is a refund.', usage: { prompt_tokens: 100, completion_tokens: 10 } });
});

type Entry = { name: string; action: string; reason: string };


describe('re-ask on a JSON-schema failure', () => {
  it('OpenAI: the invalid answer goes back with the errors; the client gets the valid one; every attempt is paid and traced', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'structured', messages: [{ role: 'user', content: 'classify: my card was charged twice' }] }).withResponse();
    expect(JSON.parse(data.choices[0]?.message.content ?? '')).toEqual({ intent: 'refund' });
    // The client's usage is the delivered answer's; the trace and the cost header count every attempt.
    expect(data.usage).toMatchObject({ prompt_tokens: 150, completion_tokens: 5 });
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=reask; json-schema=reask; json-schema=pass');
    // What the provider got the second time: the conversation, the rejected answer, the errors.
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(upstream.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(upstream.messages[1]?.content).toBe('Sure! That one is a refund.');
    expect(upstream.messages[2]?.content).toMatch(/\(not JSON: .*\)[\s\S]*"required":\["intent"\]/);
    // Both answers are billed: (100 + 150) input at $1/M and (10 + 5) output at $2/M.
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(0.00028, 10);
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ inputTokens: 250, outputTokens: 15 });
    expect(trace.costUsd).toBeCloseTo(0.00028, 10);
    expect(trace.attempts).toHaveLength(2);
    const entries = trace.decisions?.guardrails as Entry[];
    expect(entries.map((e) => `${e.name}=${e.action}`)).toEqual(['json-schema=reask', 'json-schema=pass']);
    expect(entries[0]?.reason).toMatch(/^answer 1: not JSON: .*; asked again \(1 of 1\)$/);
    expect(trace.decisions?.reask).toEqual({
      check: 'json-schema',
      max: 1,
      attempts: [
        { attempt: 1, action: 'reask', inputTokens: 100, outputTokens: 10, cachedTokens: 0, costUsd: expect.closeTo(0.00012, 10) },
        { attempt: 2, action: 'pass', inputTokens: 150, outputTokens: 5, cachedTokens: 0, costUsd: expect.closeTo(0.00016, 10) },
      ],
    });
    // The trace keeps the answer the client got.
    expect(JSON.stringify(trace.response)).toContain('refund');
    expect(JSON.stringify(trace.response)).not.toContain('Sure!');
  });

  it('OpenAI streaming: the stream is held while checked, so only the valid answer is streamed', async () => {
    const { data: stream, response } = await openai.chat.completions.create({ model: 'structured', messages: [{ role: 'user', content: 'classify this' }], stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(JSON.parse(text)).toEqual({ intent: 'refund' });
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=reask; json-schema=reask; json-schema=pass');
  });

  it('Anthropic: re-asked whole and streamed, with the answer in Anthropic shape', async () => {
    const { data: message, response } = await claude.messages.create({ model: 'claude-structured', max_tokens: 100, messages: [{ role: 'user', content: 'classify: refund please' }] }).withResponse();
    expect(message.content[0]?.type === 'text' ? JSON.parse(message.content[0].text) : null).toEqual({ intent: 'refund' });
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=reask; json-schema=reask; json-schema=pass');
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/messages');
    expect((upstream?.body as { messages: { role: string }[] }).messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    const trace = await h.traceOf(response);
    // Anthropic prices: (100 + 150) × $3/M + (10 + 5) × $15/M.
    expect(trace.costUsd).toBeCloseTo(0.000975, 10);

    // The re-ask goes to Anthropic natively: extended thinking and the system prompt's cache point are still there.
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const system = [{ type: 'text' as const, text: 'You label support mail.', cache_control: { type: 'ephemeral' as const } }];
    await claude.messages.create({ model: 'claude-structured', max_tokens: 2000, thinking, system, messages: [{ role: 'user', content: 'classify: refund please' }] });
    const reasked = h.sim.stats().lastRequests.at(-1);
    expect(reasked?.path).toBe('/v1/messages');
    expect(reasked?.body).toMatchObject({ thinking, system });
    const turns = (reasked?.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(turns.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns[1]?.content).toEqual([{ type: 'text', text: 'Sure! That one is a refund.' }]);

    const stream = claude.messages.stream({ model: 'claude-structured', max_tokens: 100, messages: [{ role: 'user', content: 'classify: refund please' }] });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    await stream.finalMessage();
    expect(JSON.parse(text)).toEqual({ intent: 'refund' });
  });

  it('Responses: re-asked natively to a Responses provider (built-in tools kept) and translated to any other', async () => {
    const { data, response } = await openai.responses.create({ model: 'native-structured', tools: [{ type: 'web_search' }], input: 'classify this' }).withResponse();
    expect(JSON.parse(data.output_text)).toEqual({ intent: 'refund' });
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=reask; json-schema=reask; json-schema=pass');
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/responses');
    const body = upstream?.body as { tools: unknown; input: { role: string; content: string }[] };
    expect(body.tools).toEqual([{ type: 'web_search' }]);
    expect(body.input.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.input[1]?.content).toBe('Sure! That one is a refund.');
    expect(body.input[2]?.content).toMatch(/rejected because it does not match the required JSON schema/);

    const translated = await openai.responses.create({ model: 'structured', input: 'classify this' });
    expect(JSON.parse(translated.output_text)).toEqual({ intent: 'refund' });
    expect(h.sim.stats().lastRequests.at(-1)?.path).toBe('/v1/chat/completions');
  });

  it('Responses conversation: the stored turn is the client\'s own, without the rejected answer and the re-ask', async () => {
    const first = await openai.responses.create({ model: 'native-structured', input: 'classify this' });
    const items = await openai.responses.inputItems.list(first.id);
    expect(items.data.map((i) => (i as { role?: string }).role)).toEqual(['user']);
    await openai.responses.create({ model: 'native-structured', previous_response_id: first.id, input: 'classify this' });
    // The last upstream request is this turn's re-ask: the earlier turn (question, valid answer),
    // this question, then this turn's own rejected answer and re-ask — the first call's are not in it.
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as { input: { role: string }[] };
    expect(upstream.input.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(JSON.stringify(upstream.input.slice(0, 3))).not.toContain('Sure!');
    expect(JSON.stringify(upstream.input[1])).toContain('{\\"intent\\":\\"refund\\"}');
  });

  it('still invalid after the last re-ask: the configured action applies (a 422 naming the guard), and all three answers are paid', async () => {
    const error = await openai.chat.completions.create({ model: 'stubborn', messages: [{ role: 'user', content: 'classify this' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    const e = error as InstanceType<typeof OpenAI.UnprocessableEntityError>;
    expect(e.message).toMatch(/answer blocked by the "json-schema" guardrail \(policy "patient"\): not JSON/);
    expect(e.headers?.get('x-switchyard-guardrails')).toBe('policy=patient; json-schema=reask; json-schema=reask; json-schema=block');
    const trace = await h.traceOf({ headers: { get: (name) => e.headers?.get(name) ?? null } });
    expect(trace).toMatchObject({ status: 422, inputTokens: 500, outputTokens: 50, errorCode: 'guardrail_blocked' });
    expect(trace.costUsd).toBeCloseTo((500 * 1 + 50 * 2) / 1e6, 10);
    expect((trace.decisions?.reask as { attempts: { action: string }[] }).attempts.map((a) => a.action)).toEqual(['reask', 'reask', 'block']);
  });

  it('a valid first answer is not re-asked', async () => {
    h.sim.addScript({ match: 'already fine', reply: { json: { intent: 'other' } } }, true);
    const { response } = await openai.chat.completions.create({ model: 'structured', messages: [{ role: 'user', content: 'already fine' }] }).withResponse();
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=reask; json-schema=pass');
    const trace = await h.traceOf(response);
    expect(trace.attempts).toHaveLength(1);
    expect(trace.decisions?.reask).toBeUndefined();
  });

  it('`stream: after`: a stream flows at once and cannot be re-asked (the verdict says so); a whole answer still is', async () => {
    const { data: stream, response } = await openai.chat.completions.create({ model: 'flowing', messages: [{ role: 'user', content: 'classify this' }], stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Sure! That one is a refund.');
    const trace = await h.traceOf(response);
    const entry = (trace.decisions?.guardrails as Entry[]).find((d) => d.name === 'json-schema');
    expect(entry).toMatchObject({ action: 'flag', reason: expect.stringContaining('not re-asked: the stream was already sent (stream: after)') });

    const whole = await openai.chat.completions.create({ model: 'flowing', messages: [{ role: 'user', content: 'classify this' }] }).withResponse();
    expect(JSON.parse(whole.data.choices[0]?.message.content ?? '')).toEqual({ intent: 'refund' });
    expect(whole.response.headers.get('x-switchyard-guardrails')).toBe('policy=streamed; json-schema=reask; json-schema=pass');
  });
});
