import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A Responses API upstream that answers malformed, behind a model only that API serves (o3-pro):
 * the gateway's bridge (providers/openai-compatible/responses-upstream) reads its answer back for
 * chat and Anthropic clients. A broken answer is a 502-family error in the client's own format,
 * never a 500 "internal error" or an empty answer, and the gateway keeps serving (helper
 * hostile17, 2026-12-07). The fake upstream picks its answer by the last user message.
 */
const KEY = 'sk-sy-responses-upstream';

const finished = (over: Record<string, unknown> = {}) => ({
  id: 'resp_1',
  object: 'response',
  created_at: 1,
  model: 'o3-pro',
  status: 'completed',
  output: [{ type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'hello', annotations: [] }] }],
  usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
  ...over,
});

/** 100 kB of words, as a broken or hostile upstream might put in an error's message (no run a secret scrubber takes for a key). */
const longMessage = Array.from({ length: 5000 }, (_, i) => `the request failed at step ${i};`).join(' ');

/** Whole answers (a JSON body) by scenario. */
const whole: Record<string, unknown> = {
  fine: finished(),
  null: null,
  number: 5,
  'output-object': finished({ output: {} }),
  'in-progress': finished({ status: 'in_progress', output: [] }),
  'odd-items': finished({ output: [null, 7, { type: 'reasoning', summary: [null, { text: 'thought' }] }, { type: 'message', content: [null, { type: 'output_text', text: 'hello' }] }] }),
  'long-failure': finished({ status: 'failed', output: [], error: { code: 'server_error', message: longMessage } }),
  'odd-usage': finished({ usage: { input_tokens: 'lots', output_tokens: null, input_tokens_details: { cached_tokens: 'some' } } }),
  'numeric-id': finished({ id: 5, model: { a: 1 }, created_at: 'yesterday' }),
  'computer-call': finished({ output: [{ type: 'computer_call', id: 'cu_1', call_id: 'call_1', action: { type: 'screenshot' }, pending_safety_checks: [], status: 'completed' }] }),
};

const event = (data: unknown) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const created = event({ type: 'response.created', response: finished({ status: 'in_progress', output: [], usage: null }) });
const text = (delta: string) => event({ type: 'response.output_text.delta', output_index: 0, content_index: 0, delta });
const completed = event({ type: 'response.completed', response: finished() });

/** Streamed answers (SSE events) by scenario. */
const streamed: Record<string, string[]> = {
  fine: [created, text('hello'), completed],
  'not-json': [created, text('hel'), 'data: {oops\n\n', completed],
  'null-event': [created, text('hel'), 'data: null\n\n', completed],
  'numeric-id': [event({ type: 'response.created', response: { id: 5, model: { a: 1 }, created_at: 'x' } }), text('hello'), completed],
  'odd-usage': [created, text('hello'), event({ type: 'response.completed', response: finished({ usage: { input_tokens: 'lots', output_tokens: null } }) })],
  'long-error-event': [created, text('hel'), event({ type: 'error', code: 'server_error', message: longMessage })],
  'after-close': [created, text('hello'), completed, text(' LATE'), completed],
  'string-response': [event({ type: 'response.created', response: 'x' }), text('hello'), completed],
  'computer-call': [created, text('Looking.'), event({ type: 'response.output_item.added', output_index: 1, item: { type: 'computer_call', id: 'cu_1', call_id: 'call_1', status: 'in_progress' } }), completed],
};

let upstream: FakeUpstream;
let h: Harness;
beforeAll(async () => {
  upstream = await startFakeUpstream((_req, raw, res) => {
    const body = JSON.parse(raw) as { input: { content: unknown }[]; stream?: boolean };
    const scenario = String(body.input.at(-1)?.content);
    if (body.stream) stream(res, scenario);
    else answer(res, scenario);
  });
  h = await startHarness('', () => `
providers:
  oai: { type: openai, base_url: ${upstream.v1}, api_key: sk-up }
models:
  o3-pro: { provider: oai, model: o3-pro, price: { input_per_mtok: 20, output_per_mtok: 80 } }
breaker: { enabled: false }
retry: { max_attempts: 1 }
server: { admin_key: sk-admin-responses-upstream }
keys:
  - { key: ${KEY}, name: responses-upstream }
`);
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

function answer(res: ServerResponse, scenario: string): void {
  if (scenario === 'long-400') {
    res.statusCode = 400;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: { message: longMessage, type: 'invalid_request_error', param: null, code: null } }));
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(scenario in whole ? whole[scenario] : whole.fine));
}

/** Upstream streams the gateway closed: the endless one must be among them once its client leaves. */
const closedStreams: string[] = [];

function stream(res: ServerResponse, scenario: string): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'text/event-stream');
  res.on('close', () => closedStreams.push(scenario));
  if (scenario === 'endless') {
    // The first words, then nothing and no end: an upstream that hangs mid-answer.
    res.write(created + text('hel'));
    return;
  }
  for (const part of streamed[scenario] ?? streamed.fine ?? []) res.write(part);
  res.end();
}

const ask = (content: string) => h.openai(KEY).chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content }] });
const askClaude = (content: string) => h.anthropic(KEY).messages.create({ model: 'o3-pro', max_tokens: 100, messages: [{ role: 'user', content }] });
type Failure = { status: number; message: string; type?: string };
const failureOf = (error: unknown) => error as Failure;

describe('a whole answer that is not a Response', () => {
  it.each([
    ['null', /not a Response \(expected an object, got null\)/],
    ['number', /not a Response \(expected an object, got 5\)/],
    ['output-object', /not a Response \(its output is \{\}, not a list\)/],
    ['in-progress', /not a Response \(its status is "in_progress", not completed, incomplete, failed or cancelled\)/],
  ])('%s: a 502 naming what came, for a chat and an Anthropic client, and the gateway keeps serving', async (scenario, words) => {
    const chat = await ask(scenario).catch(failureOf);
    expect(chat).toMatchObject({ status: 502 });
    expect((chat as Failure).message).toMatch(words);
    const claude = await askClaude(scenario).catch(failureOf);
    expect(claude).toMatchObject({ status: 502 });
    expect((claude as Failure).message).toMatch(words);
    expect((await ask('fine')).choices[0]?.message.content).toBe('hello');
  });

  it('reads the items it can of an output holding null, numbers and null parts', async () => {
    const answer = await ask('odd-items');
    expect(answer.choices[0]?.message.content).toBe('hello');
    const message = await askClaude('odd-items');
    expect(message.content.filter((block) => block.type === 'text')).toEqual([{ type: 'text', text: 'hello' }]);
  });

  it('answers an Anthropic client when the Response id is a number (it was a 500: id.startsWith is not a function)', async () => {
    const message = await askClaude('numeric-id');
    expect(message.content).toEqual([{ type: 'text', text: 'hello' }]);
    const answer = await ask('numeric-id');
    expect(typeof answer.id).toBe('string');
    expect(typeof answer.model).toBe('string');
  });
});

/** A chat client's stream read to its end: the text, the finish reasons and usages seen, and the error that ended it. */
async function streamChat(content: string): Promise<{ text: string; finishes: string[]; usages: number; error?: Failure }> {
  const out: { text: string; finishes: string[]; usages: number; error?: Failure } = { text: '', finishes: [], usages: 0 };
  try {
    const chunks = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content }] });
    for await (const chunk of chunks) {
      out.text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) out.finishes.push(chunk.choices[0].finish_reason);
      if (chunk.usage) out.usages++;
    }
  } catch (error) {
    out.error = failureOf(error);
  }
  return out;
}

/** An Anthropic client's stream read to its end: the text and the error that ended it. */
async function streamClaude(content: string): Promise<{ text: string; error?: Failure }> {
  const out: { text: string; error?: Failure } = { text: '' };
  try {
    const events = await h.anthropic(KEY).messages.create({ model: 'o3-pro', max_tokens: 100, stream: true, messages: [{ role: 'user', content }] });
    for await (const e of events) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') out.text += e.delta.text;
  } catch (error) {
    out.error = failureOf(error);
  }
  return out;
}

describe('a streamed answer with an event that is no event', () => {
  it.each([
    ['not-json', /sent a stream event that is not JSON: "\{oops"/],
    ['null-event', /sent a stream event that is not an object: null/],
  ])('%s: the text before it, then an error naming it (not "broke the connection"), traced as the upstream\'s error', async (scenario, words) => {
    const chat = await streamChat(scenario);
    expect(chat.text).toBe('hel');
    expect(chat.error?.message).toMatch(words);
    const claude = await streamClaude(scenario);
    expect(claude.text).toBe('hel');
    expect(claude.error?.message).toMatch(words);
    const trace = await h.waitForTrace((t) => t.endpoint === 'messages' && t.status === 502 && words.test(t.errorMessage ?? ''));
    expect(trace.errorCode).toBe('upstream_error');
    expect((await streamChat('fine')).text).toBe('hello');
  });

  it.each(['numeric-id', 'string-response'])('%s in response.created: the answer reaches an Anthropic client, and a chat client gets string ids', async (scenario) => {
    expect(await streamClaude(scenario)).toEqual({ text: 'hello' });
    const chunks = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', stream: true, messages: [{ role: 'user', content: scenario }] });
    for await (const chunk of chunks) {
      expect(typeof chunk.id).toBe('string');
      expect(typeof chunk.model).toBe('string');
      expect(typeof chunk.created).toBe('number');
    }
  });
});

describe('events after the closing response.completed', () => {
  it('are not relayed: one finish, one usage, the text before the close', async () => {
    expect(await streamChat('after-close')).toEqual({ text: 'hello', finishes: ['stop'], usages: 1 });
    expect(await streamClaude('after-close')).toEqual({ text: 'hello' });
  });
});

describe('usage whose counts are no numbers', () => {
  it('reaches a chat client as numbers, whole and streamed, and the trace counts the tokens itself', async () => {
    const { data: answer, response } = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'odd-usage' }] }).withResponse();
    expect(answer.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } });
    const trace = await h.traceOf(response);
    expect(trace.usageEstimated).toBe(true);
    expect(trace.inputTokens).toBeGreaterThan(0);
    const chunks = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'odd-usage' }] });
    for await (const chunk of chunks) if (chunk.usage) expect(chunk.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });
});

describe('a stream that never ends', () => {
  it('is ended by the client leaving: traced as the client closing (499), not as an upstream error, and the upstream call is closed', async () => {
    const controller = new AbortController();
    const chunks = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', stream: true, messages: [{ role: 'user', content: 'endless' }] }, { signal: controller.signal });
    let said = '';
    // The SDK ends the iteration quietly or with an abort error, by version: either is the client leaving.
    await (async () => {
      for await (const chunk of chunks) {
        said += chunk.choices[0]?.delta.content ?? '';
        if (said === 'hel') controller.abort();
      }
    })().catch(() => undefined);
    expect(said).toBe('hel');
    const trace = await h.waitForTrace((t) => t.status === 499);
    expect(trace).toMatchObject({ errorCode: 'client_closed', stream: true, requestedModel: 'o3-pro' });
    await expect.poll(() => closedStreams.includes('endless')).toBe(true);
    expect((await streamChat('fine')).text).toBe('hello');
  });
});

describe('an upstream error whose message is 100 kB', () => {
  it.each(['long-400', 'long-failure', 'long-error-event'])('%s: the client and the trace get its start, not all of it', async (scenario) => {
    const words = scenario === 'long-error-event' ? (await streamClaude(scenario)).error : ((await askClaude(scenario).catch(failureOf)) as Failure);
    expect(words?.message).toMatch(/the request failed at step 0;/);
    expect(words?.message.length).toBeLessThan(2_000);
    const trace = await h.waitForTrace((t) => t.endpoint === 'messages' && (t.errorMessage ?? '').includes('the request failed at step 0;') && !seen.includes(t.id));
    seen.push(trace.id);
    expect(trace.errorMessage?.length).toBeLessThan(2_000);
    expect(JSON.stringify(await h.gateway.store.getTrace(trace.id)).length).toBeLessThan(10_000);
  });
});
const seen: string[] = [];

describe('the same broken streams, to a Gemini and a Responses client', () => {
  const post = (path: string, body: unknown, headers: Record<string, string>) => fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const gemini = (content: string) => post('/v1beta/models/o3-pro:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: content }] }] }, { 'x-goog-api-key': KEY });
  const responses = (content: string) => post('/v1/responses', { model: 'o3-pro', stream: true, input: [{ role: 'user', content }] }, { authorization: `Bearer ${KEY}` });

  it.each(['numeric-id', 'string-response', 'after-close'])('%s: the answer, once, and a clean end', async (scenario) => {
    const g = await (await gemini(scenario)).text();
    expect(g).toMatch(/"text":"hello"/);
    expect(g).not.toMatch(/LATE|error/i);
    const r = await (await responses(scenario)).text();
    expect(r.match(/event: response\.completed/g)).toHaveLength(1);
    expect(r).not.toMatch(/LATE|event: error/);
  });

  it('not-json: the text before it, then an error in the client format naming it', async () => {
    const g = await (await gemini('not-json')).text();
    expect(g).toMatch(/"text":"hel"/);
    expect(g).toMatch(/sent a stream event that is not JSON/);
    const r = await (await responses('not-json')).text();
    expect(r).toMatch(/"delta":"hel"/);
    expect(r).toMatch(/event: response\.failed/);
    expect(r).toMatch(/sent a stream event that is not JSON/);
  });
});

describe('an item chat has no place for (a computer_call)', () => {
  const words = /answered with a computer_call item \(a computer action for the client to take\), which a chat completion has no place for: call o3-pro on \/v1\/responses through a provider with responses: native/;

  it('is a 502 naming it for a chat client, whole and streamed after the text before it, with the attempt booked (it was an empty answer, finish_reason stop)', async () => {
    const chat = await ask('computer-call').catch(failureOf);
    expect(chat).toMatchObject({ status: 502 });
    expect((chat as Failure).message).toMatch(words);
    const trace = await h.waitForTrace((t) => t.endpoint === 'chat' && t.status === 502 && words.test(t.errorMessage ?? ''));
    // Its own reason on the trace: it read as a body that is not JSON, though the Response was well formed.
    expect(trace.attempts[0]?.billed).toMatchObject({ why: 'unreadable_item', estimated: true, outputTokens: 0 });
    expect(trace.attempts[0]?.billed?.reason).toMatch(/^the provider answered with an output item the client's format has no place for \(the attempt's error names it\)/);
    const streamedChat = await streamChat('computer-call');
    expect(streamedChat.text).toBe('Looking.');
    expect(streamedChat.error?.message).toMatch(words);
    expect(streamedChat.finishes).toEqual([]);
    expect((await ask('fine')).choices[0]?.message.content).toBe('hello');
  });
});
