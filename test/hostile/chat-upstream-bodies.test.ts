import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * An OpenAI-compatible chat upstream whose 200 is no chat completion, read for an Anthropic
 * client (a translation): a 502 in Claude's format naming what came, never a 500 "internal
 * error", and the gateway keeps serving (helper hostile17, 2026-12-07). The fake upstream
 * answers by the last user message.
 */
const KEY = 'sk-sy-chat-upstream-bodies';
const fine = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } };
const bodies: Record<string, unknown> = {
  fine,
  null: null,
  number: 5,
  'choices-number': { ...fine, choices: 5 },
  'choice-null': { ...fine, choices: [null] },
  'no-message': { ...fine, choices: [{ index: 0, finish_reason: 'stop' }] },
  'numeric-id': { ...fine, id: 5, model: { a: 1 }, created: 'yesterday' },
};

let upstream: FakeUpstream;
let h: Harness;
beforeAll(async () => {
  upstream = await startFakeUpstream((_req, raw, res) => {
    const asked = JSON.parse(raw) as { messages: { content: unknown }[]; stream?: boolean };
    const scenario = String(asked.messages.at(-1)?.content);
    if (scenario === 'long' && asked.stream === true) {
      // The same 17 MiB, streamed: 17 events of 1 MiB of text, then the usage.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (delta: object, more: object = {}) => `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...more })}\n\n`;
      res.write(event({ role: 'assistant', content: '' }));
      for (let i = 0; i < 17; i++) res.write(event({ content: 'x'.repeat(1024 * 1024) }));
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: fine.usage })}\n\n`);
      return res.end('data: [DONE]\n\n');
    }
    if (scenario === 'huge-declared' || scenario === 'huge-chunked' || scenario === 'huge-error') {
      // An answer far past any model's: declared so, or sent without a length and never ending.
      res.writeHead(scenario === 'huge-error' ? 500 : 200, { 'content-type': 'application/json', ...(scenario !== 'huge-chunked' ? { 'content-length': String(200 * 1024 * 1024) } : {}) });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('error', () => {});
      pump();
      return;
    }
    res.setHeader('content-type', 'application/json');
    // An answer within the read bound but past what a trace keeps (16 MiB): 17 MiB of text.
    if (scenario === 'long') return res.end(JSON.stringify({ ...fine, choices: [{ ...fine.choices[0], message: { role: 'assistant', content: 'x'.repeat(17 * 1024 * 1024) } }] }));
    res.end(JSON.stringify(scenario in bodies ? bodies[scenario] : fine));
  });
  h = await startHarness('', () => `
providers:
  compat: { type: openai, base_url: ${upstream.v1}, api_key: sk-up }
models:
  compat: { provider: compat, model: m, price: { input_per_mtok: 1, output_per_mtok: 2 } }
breaker: { enabled: false }
retry: { max_attempts: 1 }
keys:
  - { key: ${KEY}, name: chat-upstream-bodies }
`);
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const askClaude = (content: string) => h.anthropic(KEY).messages.create({ model: 'compat', max_tokens: 100, messages: [{ role: 'user', content }] });

describe('a chat upstream whose answer is no chat completion, for an Anthropic client', () => {
  it.each([
    ['null', /not a chat completion \(expected an object, got null\)/],
    ['number', /not a chat completion \(expected an object, got 5\)/],
    ['choices-number', /not a chat completion \(its choices are 5, not a list\)/],
    ['choice-null', /not a chat completion \(choices\[0\] is null, not a choice with a message object\)/],
    ['no-message', /not a chat completion \(choices\[0\] is \{"index":0,"finish_reason":"stop"\}, not a choice with a message object\)/],
  ])('%s: a 502 naming what came, and the gateway keeps serving', async (scenario, words) => {
    const failure = (await askClaude(scenario).catch((error: unknown) => error)) as { status: number; message: string };
    expect(failure.status).toBe(502);
    expect(failure.message).toMatch(words);
    expect((await askClaude('fine')).content).toEqual([{ type: 'text', text: 'hello' }]);
  });

  it.each(['huge-declared', 'huge-chunked'])("%s: an answer past 64 MiB is a 502 naming the bound, not held in memory until the timeout", async (scenario) => {
    const failure = (await askClaude(scenario).catch((error: unknown) => error)) as { status: number; message: string };
    expect(failure.status).toBe(502);
    expect(failure.message).toMatch(/the upstream's answer is (declared 209,715,200 bytes, )?more than 67,108,864 bytes: no model answer is that long/);
    expect((await askClaude('fine')).content).toEqual([{ type: 'text', text: 'hello' }]);
  });

  it('an error status whose body is past 64 MiB says so, not "(empty body)"', async () => {
    const failure = (await askClaude('huge-error').catch((error: unknown) => error)) as { status: number; message: string };
    expect(failure.message).toContain("answered 500: (not read: the upstream's answer is declared 209,715,200 bytes, more than 67,108,864 bytes");
    expect((await askClaude('fine')).content).toEqual([{ type: 'text', text: 'hello' }]);
  });

  it('answers when the id is a number (it was a 500: id.startsWith is not a function)', async () => {
    const message = await askClaude('numeric-id');
    expect(message.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(typeof message.id).toBe('string');
  });
});

describe('an answer past what a trace keeps (17 MiB, within the 64 MiB read bound)', () => {
  it('is answered whole, and its trace keeps the request but not the answer, saying why', async () => {
    const answer = await h.openai(KEY).chat.completions.create({ model: 'compat', messages: [{ role: 'user', content: 'long' }] }).withResponse();
    expect(answer.data.choices[0]?.message.content).toHaveLength(17 * 1024 * 1024);
    const trace = await h.traceOf(answer.response);
    expect(trace.response).toBeNull();
    expect(trace.request).toMatchObject({ model: 'compat' });
    expect(trace.decisions?.bodies).toMatch(/^dropped: the response \(17,826,020 characters\), more than the 16,777,216 a trace keeps$/);
    // A normal answer's trace keeps it.
    const fineAnswer = await h.openai(KEY).chat.completions.create({ model: 'compat', messages: [{ role: 'user', content: 'fine' }] }).withResponse();
    expect((await h.traceOf(fineAnswer.response)).response).toMatchObject({ choices: [{ message: { content: 'hello' } }] });
  });

  // Hostile input, walk 9 (helper hostile20): the bound held for an answer the gateway kept as text only.
  it('streamed, its trace keeps no answer either, saying why', async () => {
    const stream = await h.openai(KEY).chat.completions.create({ model: 'compat', stream: true, messages: [{ role: 'user', content: 'long' }] }).withResponse();
    let length = 0;
    for await (const chunk of stream.data) length += chunk.choices[0]?.delta.content?.length ?? 0;
    expect(length).toBe(17 * 1024 * 1024);
    const trace = await h.traceOf(stream.response);
    expect(trace.response).toBeNull();
    // The folded answer is measured by its text, up to the bound: 'over' the count it reached.
    expect(trace.decisions?.bodies).toMatch(/^dropped: the response \(over 17,\d{3},\d{3} characters\), more than the 16,777,216 a trace keeps$/);
  }, 60_000);

  it('translated for an Anthropic client, its trace keeps no answer either, saying why', async () => {
    const answer = await h.anthropic(KEY).messages.create({ model: 'compat', max_tokens: 100, messages: [{ role: 'user', content: 'long' }] }).withResponse();
    expect((answer.data.content[0] as { text: string }).text).toHaveLength(17 * 1024 * 1024);
    const trace = await h.traceOf(answer.response);
    expect(trace.response).toBeNull();
    expect(trace.decisions?.bodies).toMatch(/^dropped: the response \([\d,]+ characters\), more than the 16,777,216 a trace keeps$/);
  }, 60_000);
});
