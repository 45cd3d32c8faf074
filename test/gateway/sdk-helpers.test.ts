/**
 * The official SDKs' helper surfaces through the gateway, across formats: the helpers parse,
 * assemble and loop on the wire shapes, so a field out of place breaks an application that
 * never looks at the JSON. One simulator and one gateway for every case.
 */
import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import OpenAI from 'openai';
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(
  sim,
  `  anth-slow: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up, headers: { x-sim-tokens-per-second: "40" } }
  oai-slow:  { type: openai, base_url: "${sim}/v1", api_key: sk-up, headers: { x-sim-tokens-per-second: "40" } }
  gem-slow:  { type: gemini, base_url: "${sim}", api_key: AIza-x, headers: { x-sim-tokens-per-second: "40" } }`,
)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  o4: { provider: oai, model: o4-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
  embed: { provider: oai, model: text-embedding-3-small }
  gembed: { provider: gem, model: gemini-embedding-001 }
  slow-sonnet: { provider: anth-slow, model: claude-sonnet-4-5-20250929 }
  slow-gpt: { provider: oai-slow, model: gpt-4.1-mini }
  slow-flash: { provider: gem-slow, model: gemini-2.5-flash }
  once: { provider: oai, model: gpt-4.1-nano, retry: { max_attempts: 1 } }
  twice: { provider: oai, model: gpt-4.1-nano, retry: { max_attempts: 2 } }
keys:
  - { key: sk-sy-test, name: compat }
retry: { base_delay_ms: 5, max_delay_ms: 50 }
`);
  openai = h.openai('sk-sy-test');
  anthropic = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const CHAT_MODELS = ['gpt', 'sonnet', 'flash'] as const;
const lastSent = () => h.sim.stats().lastRequests.at(-1);

describe.each(CHAT_MODELS)('OpenAI chat helpers on %s', (model) => {
  it('parses strict zodFunction tool arguments', async () => {
    const Lookup = z.object({ order_id: z.string(), include_items: z.boolean() });
    const completion = await openai.chat.completions.parse({
      model,
      messages: [{ role: 'user', content: 'Where is order 1234?' }],
      tools: [zodFunction({ name: 'lookup_order', parameters: Lookup, description: 'Find an order' })],
      tool_choice: 'required',
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') return;
    expect(call.function.name).toBe('lookup_order');
    expect(Lookup.safeParse(call.function.parsed_arguments).success).toBe(true);
  });

  it('parses zodResponseFormat structured output', async () => {
    const Triage = z.object({ category: z.enum(['billing', 'technical']), urgent: z.boolean() });
    const completion = await openai.chat.completions.parse({
      model,
      messages: [{ role: 'user', content: 'Charged twice!' }],
      response_format: zodResponseFormat(Triage, 'triage'),
    });
    expect(Triage.safeParse(completion.choices[0]?.message.parsed).success).toBe(true);
  });

  it('runs a tool loop with runTools until the model answers in text', async () => {
    const calls: string[] = [];
    const runner = openai.chat.completions.runTools({
      model,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            function: (args: { city: string }) => {
              calls.push(args.city);
              return { city: args.city, celsius: 18 };
            },
            parse: JSON.parse,
          },
        },
      ],
    });
    const content = await runner.finalContent();
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(typeof content).toBe('string');
    const messages = runner.messages;
    expect(messages.some((m) => m.role === 'tool')).toBe(true);
  });

  it('streams with .stream(): content events, tool argument events and a final completion', async () => {
    let deltas = '';
    let contentDone: string | undefined;
    const stream = openai.chat.completions.stream({ model, messages: [{ role: 'user', content: 'Tell me a short story' }], stream_options: { include_usage: true } });
    stream.on('content', (delta) => {
      deltas += delta;
    });
    stream.on('content.done', (event) => {
      contentDone = event.content;
    });
    const final = await stream.finalChatCompletion();
    expect(deltas.length).toBeGreaterThan(0);
    expect(final.choices[0]?.message.content).toBe(deltas);
    expect(contentDone).toBe(deltas);
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);

    let argsDone: unknown;
    const toolStream = openai.chat.completions.stream({
      model,
      messages: [{ role: 'user', content: 'Where is order 1234?' }],
      tools: [zodFunction({ name: 'lookup_order', parameters: z.object({ order_id: z.string() }) })],
      tool_choice: 'required',
    });
    toolStream.on('tool_calls.function.arguments.done', (event) => {
      argsDone = event.parsed_arguments;
    });
    const toolFinal = await toolStream.finalChatCompletion();
    const call = toolFinal.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('lookup_order');
    expect(argsDone).toMatchObject({ order_id: expect.any(String) });
  });

  it('stops at a whitespace-only stop sequence as OpenAI does, whole and streamed (Claude refuses one: the gateway applies it)', async () => {
    h.sim.addScript({ match: 'two paragraphs please', reply: 'First paragraph here.\n\nSecond paragraph here.' });
    const request = { model, messages: [{ role: 'user' as const, content: 'two paragraphs please' }], stop: ['\n\n', 'never said'] };
    const whole = await openai.chat.completions.create(request);
    expect([whole.choices[0]?.message.content, whole.choices[0]?.finish_reason]).toEqual(['First paragraph here.', 'stop']);
    if (model === 'sonnet') expect(lastSent()?.body).toMatchObject({ stop_sequences: ['never said'] });
    let deltas = '';
    const stream = openai.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
    stream.on('content', (delta) => {
      deltas += delta;
    });
    const final = await stream.finalChatCompletion();
    expect([deltas, final.choices[0]?.message.content, final.choices[0]?.finish_reason]).toEqual(['First paragraph here.', 'First paragraph here.', 'stop']);
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('takes a conversation holding whitespace-only text (a model\'s "\\n\\n" before its tool call), as OpenAI does', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Where is order 1234?' },
      { role: 'assistant', content: '\n\n', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"1234"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
      { role: 'assistant', content: [{ type: 'text', text: 'It has shipped.' }, { type: 'text', text: ' ' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks! When will it arrive?' }, { type: 'text', text: '\n' }] },
    ];
    const tools = [zodFunction({ name: 'lookup_order', parameters: z.object({ order_id: z.string() }) })];
    const answer = await openai.chat.completions.create({ model, messages, tools });
    expect(answer.choices[0]?.finish_reason).toBeDefined();
    const streamed = await openai.chat.completions.stream({ model, messages, tools }).finalChatCompletion();
    expect(streamed.choices[0]?.finish_reason).toBeDefined();
  });

  it('streams a zod response format and parses the final message', async () => {
    const Triage = z.object({ category: z.enum(['billing', 'technical']), urgent: z.boolean() });
    const stream = openai.chat.completions.stream({ model, messages: [{ role: 'user', content: 'Charged twice!' }], response_format: zodResponseFormat(Triage, 'triage') });
    const final = await stream.finalChatCompletion();
    expect(Triage.safeParse(final.choices[0]?.message.parsed).success).toBe(true);
  });

  it('gives .withResponse() the request id and trace headers, and _request_id', async () => {
    const { data: completion, response, request_id } = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    // The SDK sets _request_id on the data withResponse() hands back too; its type there is the bare ChatCompletion.
    const data: typeof completion & { _request_id?: string | null } = completion;
    expect(request_id).toEqual(expect.any(String));
    expect(data._request_id).toBe(request_id);
    expect(response.headers.get('x-switchyard-trace-id')).toEqual(expect.any(String));
  });
});

describe('a client that stops reading a stream (AbortController), on every wire', () => {
  // The answer trickles at 40 tokens a second, so the client leaves long before it ends: the
  // trace must say the client left (499 client_closed), never that the upstream failed.
  it.each(['slow-gpt', 'slow-flash'])('Anthropic messages.stream().abort() on %s', async (model) => {
    const stream = anthropic.messages.stream({ model, max_tokens: 400, messages: [{ role: 'user', content: 'Tell me a long story' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify({ abort: model }) } });
    stream.on('text', () => stream.abort());
    await expect(stream.done()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    const trace = await h.waitForTrace((t) => (t.metadata as { abort?: string } | undefined)?.abort === model);
    expect(trace).toMatchObject({ status: 499, errorCode: 'client_closed', stream: true });
  });

  it.each(['slow-sonnet', 'slow-flash'])('OpenAI chat.completions.stream() aborted by its AbortController on %s', async (model) => {
    const controller = new AbortController();
    const stream = openai.chat.completions.stream({ model, messages: [{ role: 'user', content: 'Tell me a long story' }] }, { signal: controller.signal, headers: { 'x-switchyard-metadata': JSON.stringify({ abort: model }) } });
    stream.on('content', () => controller.abort());
    await expect(stream.done()).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    const trace = await h.waitForTrace((t) => (t.metadata as { abort?: string } | undefined)?.abort === model);
    expect(trace).toMatchObject({ status: 499, errorCode: 'client_closed', stream: true });
  });

  // Claude's message_start says output_tokens: 1 and the real count comes only at the end: a
  // client that stops reading (a chat UI's stop button) was billed, budgeted and traced for one
  // output token however much it had received. Both clients, native and translated.
  it.each(['anthropic', 'openai'] as const)('books the output a %s client received from Claude before it left, and keeps the reported input', async (client) => {
    const prompt = 'Tell me a long story about the harbour';
    const whole = await anthropic.messages.create({ model: 'slow-sonnet', max_tokens: 400, messages: [{ role: 'user', content: prompt }] });
    const tag = { headers: { 'x-switchyard-metadata': JSON.stringify({ cut: client }) } };
    let received = '';
    let deltas = 0;
    if (client === 'anthropic') {
      const stream = anthropic.messages.stream({ model: 'slow-sonnet', max_tokens: 400, messages: [{ role: 'user', content: prompt }] }, tag);
      stream.on('text', (text) => {
        received += text;
        if (++deltas === 12) stream.abort();
      });
      await expect(stream.done()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    } else {
      const stream = await openai.chat.completions.create({ model: 'slow-sonnet', max_tokens: 400, stream: true, messages: [{ role: 'user', content: prompt }] }, tag);
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? '';
        if (received && ++deltas === 12) break;
      }
    }
    const trace = await h.waitForTrace((t) => (t.metadata as { cut?: string } | undefined)?.cut === client);
    expect(trace).toMatchObject({ status: 499, errorCode: 'client_closed', usageEstimated: true, inputTokens: whole.usage.input_tokens });
    expect(received.split(' ').length).toBeGreaterThan(6);
    expect(trace.outputTokens).toBeGreaterThanOrEqual(received.split(' ').length - 1);
    expect(trace.outputTokens).toBeLessThan(whole.usage.output_tokens);
  });
});

describe('an upstream 429 with retry-after, once the gateway has made its attempts', () => {
  it('reaches either SDK as a RateLimitError carrying the upstream retry-after, and x-should-retry: false after gateway retries', async () => {
    h.sim.addFault({ kind: 'status', status: 429, model: 'gpt-4.1-nano', times: 3, retryAfter: 7 });
    // maxRetries 2 would wait out retry-after twice; the gateway already retried, so the SDK does not.
    const retrying = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 2 });
    const before = h.sim.stats().requests;
    const error = await retrying.chat.completions.create({ model: 'twice', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const headers = (error as InstanceType<typeof OpenAI.APIError>).headers;
    expect(headers?.get('retry-after')).toBe('7');
    expect(headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests - before).toBe(2);
    const claude = await anthropic.messages.create({ model: 'once', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(claude).toBeInstanceOf(Anthropic.RateLimitError);
    expect((claude as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('7');
  });

  it('leaves the retry to the SDK, after retry-after, when the gateway made one attempt (max_attempts: 1)', async () => {
    h.sim.addFault({ kind: 'status', status: 429, model: 'gpt-4.1-nano', times: 1, retryAfter: 1 });
    const retrying = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 1 });
    const before = h.sim.stats().requests;
    const { data, response } = await retrying.chat.completions.create({ model: 'once', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    expect(data.choices[0]?.message.content).toEqual(expect.any(String));
    expect(response.status).toBe(200);
    expect(h.sim.stats().requests - before).toBe(2);
  });

  it.each([408, 409])('leaves a %i tried once to either SDK, which retries it as it would the provider’s', async (status) => {
    for (const client of ['openai', 'anthropic'] as const) {
      h.sim.addFault({ kind: 'status', status, model: 'gpt-4.1-nano', times: 1, retryAfter: 0 });
      const before = h.sim.stats().requests;
      const answer =
        client === 'openai'
          ? (await new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 1 }).chat.completions.create({ model: 'once', messages: [{ role: 'user', content: 'x' }] })).choices[0]?.message.content
          : (await new Anthropic({ apiKey: 'sk-sy-test', baseURL: h.gateway.url, maxRetries: 1 }).messages.create({ model: 'once', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).content[0]?.type;
      expect([client, typeof answer, h.sim.stats().requests - before]).toEqual([client, 'string', 2]);
    }
  });
});

describe('an OpenAI client sending a PDF', () => {
  it('is answered with OpenAI\'s own 400 when file_data has no filename, as OpenAI answers it', async () => {
    const pdf = `data:application/pdf;base64,${Buffer.from('%PDF-1.4').toString('base64')}`;
    const error = await openai.chat.completions
      .create({ model: 'gpt', messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: pdf } }, { type: 'text', text: 'Summarise' }] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param: 'messages[0].content[0].file.file_id', code: 'missing_required_parameter' });
    const named = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf', file_data: pdf } }] }] });
    expect(named.choices[0]?.message.content).toEqual(expect.any(String));
  });
});

describe('an OpenAI client sending a text file to Claude', () => {
  const file = (filename: string, mediaType: string, text: string) => ({ type: 'file' as const, file: { filename, file_data: `data:${mediaType};base64,${Buffer.from(text).toString('base64')}` } });

  it('sends it as a text document, which Claude takes (base64 it takes for PDFs only), over chat and the Responses API', async () => {
    // Sent as base64, Claude answered 400 `….document.source.base64.media_type: Input should be 'application/pdf'`.
    const chat = await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: [file('notes.md', 'text/markdown', 'The grass is green.'), { type: 'text', text: 'Read it' }] }] });
    expect(chat.choices[0]?.message.content).toEqual(expect.any(String));
    const sent = () => (h.sim.stats().lastRequests.at(-1)?.body as { messages: { content: unknown[] }[] }).messages[0]?.content[0];
    expect(sent()).toEqual({ type: 'document', title: 'notes.md', source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' } });
    const data = `data:text/csv;base64,${Buffer.from('a,b\n1,2').toString('base64')}`;
    const response = await openai.responses.create({ model: 'sonnet', input: [{ role: 'user', content: [{ type: 'input_file', filename: 'table.csv', file_data: data }, { type: 'input_text', text: 'Read it' }] }] });
    expect(response.status).toBe('completed');
    expect(sent()).toMatchObject({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'a,b\n1,2' } });
  });

  it('refuses a file Claude cannot read with a 400 naming the part, before it leaves', async () => {
    const before = h.sim.stats().requests;
    const docx = { type: 'file' as const, file: { filename: 'a.docx', file_data: `data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,${Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff]).toString('base64')}` } };
    const error = await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: [docx, { type: 'text', text: 'Read it' }] }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, param: 'messages[0].content[0].file.file_data' });
    expect((error as Error).message).toContain('Claude takes PDF and text files (UTF-8) as documents');
    expect(h.sim.stats().requests).toBe(before);
  });
});

describe('OpenAI embeddings', () => {
  it.each(['embed', 'gembed'])('decodes the SDK default base64 and honours dimensions on %s', async (model) => {
    const result = await openai.embeddings.create({ model, input: ['the cat sat', 'the dog ran'] });
    expect(result.data).toHaveLength(2);
    expect(Array.isArray(result.data[0]?.embedding)).toBe(true);
    const norm = Math.hypot(...(result.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 3);
    const floats = await openai.embeddings.create({ model, input: 'the cat sat', encoding_format: 'float' });
    expect(floats.data[0]?.embedding[0]).toBeCloseTo(result.data[0]?.embedding[0] ?? NaN, 6);
    const small = await openai.embeddings.create({ model, input: 'the cat sat', dimensions: 256 });
    expect(small.data[0]?.embedding).toHaveLength(256);
    const raw = await openai.embeddings.create({ model, input: 'x', encoding_format: 'base64' });
    expect(typeof raw.data[0]?.embedding).toBe('string');
  });
});

describe('a batch of embeddings larger than Gemini takes in one call', () => {
  it('embeds 250 inputs (LangChain sends 512) in calls of 100, in order, each as it would alone', async () => {
    const input = Array.from({ length: 250 }, (_, i) => `document chunk number ${i}`);
    const before = h.sim.stats().requests;
    const result = await openai.embeddings.create({ model: 'gembed', input, dimensions: 16 });
    expect(h.sim.stats().requests - before).toBe(3);
    expect(result.data.map((d) => d.index)).toEqual(input.map((_, i) => i));
    const alone = await openai.embeddings.create({ model: 'gembed', input: input[213] as string, dimensions: 16 });
    expect(result.data[213]?.embedding).toEqual(alone.data[0]?.embedding);
    expect(result.usage.prompt_tokens).toBeGreaterThan(250);
  });
});

describe('OpenAI models list', () => {
  it('iterates the list with for await', async () => {
    const ids: string[] = [];
    for await (const m of openai.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(['sonnet', 'gpt', 'flash', 'embed']));
    const one = await openai.models.retrieve('sonnet');
    expect(one.id).toBe('sonnet');
  });
});

describe.each(['gpt', 'flash', 'sonnet'] as const)('Anthropic helpers on %s', (model) => {
  it('streams with messages.stream(): text events, inputJson and finalMessage', async () => {
    let text = '';
    const stream = anthropic.messages.stream({ model, max_tokens: 200, messages: [{ role: 'user', content: 'Tell me a story' }] });
    stream.on('text', (delta) => {
      text += delta;
    });
    const message = await stream.finalMessage();
    expect(text.length).toBeGreaterThan(0);
    expect(message.content[0]?.type === 'text' && message.content[0].text).toBe(text);
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    const snapshots: unknown[] = [];
    const toolStream = anthropic.messages.stream({
      model,
      max_tokens: 200,
      tool_choice: { type: 'tool', name: 'lookup_order' },
      tools: [{ name: 'lookup_order', description: 'Find an order', input_schema: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }],
      messages: [{ role: 'user', content: 'Where is order 1234?' }],
    });
    toolStream.on('inputJson', (_partial, snapshot) => {
      snapshots.push(snapshot);
    });
    const toolMessage = await toolStream.finalMessage();
    const call = toolMessage.content.find((b) => b.type === 'tool_use');
    expect(call?.type === 'tool_use' && call.input).toMatchObject({ order_id: expect.any(String) });
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.at(-1)).toEqual(call?.type === 'tool_use' ? call.input : undefined);
  });

  it('counts tokens', async () => {
    const counted = await anthropic.messages.countTokens({ model, system: 'Be brief.', messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    expect(counted.input_tokens).toBeGreaterThan(3);
  });

  it('runs a tool loop with beta.messages.toolRunner: refused a message thread, the SDK sends the whole history', async () => {
    const seen: string[] = [];
    const before = h.sim.stats().requests;
    const runner = anthropic.beta.messages.toolRunner({
      model,
      max_tokens: 300,
      max_iterations: 4,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [
        betaTool({
          name: 'get_weather',
          description: 'Weather for a city',
          inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          run: (input) => {
            seen.push(input.city);
            return `18 degrees in ${input.city}`;
          },
        }),
      ],
    });
    const final = await runner.runUntilDone();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(final.content.some((b) => b.type === 'text')).toBe(true);
    // The upstream saw the call and its result in one conversation, with the tool declared.
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
    const text = JSON.stringify(upstream);
    expect(text).toContain('What is the weather in Paris?');
    expect(text).toContain('18 degrees in');
    expect(text).toMatch(/get_weather/);
    expect(h.sim.stats().requests - before).toBe(seen.length + 1);
  });

  it('streams tool_use with create({ stream: true }) and thinking enabled', async () => {
    const stream = await anthropic.messages.create({
      model,
      max_tokens: 4000,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools: [{ name: 'lookup_order', description: 'Find an order', input_schema: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }],
      messages: [{ role: 'user', content: 'Think, then look up order 1234.' }],
    });
    const types: string[] = [];
    let json = '';
    for await (const event of stream) {
      types.push(event.type === 'content_block_start' ? `start:${event.content_block.type}` : event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') json += event.delta.partial_json;
    }
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    if (types.includes('start:tool_use')) expect(() => JSON.parse(json)).not.toThrow();
  });

  it('takes a system prompt as text blocks with cache_control, and base64 image blocks', async () => {
    const message = await anthropic.messages.create({
      model,
      max_tokens: 100,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Long policy text.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } }, { type: 'text', text: 'Describe it' }] }],
    });
    expect(message.content[0]?.type).toBe('text');
  });

  it('sends an untitled base64 PDF document block in the target\'s own shape (OpenAI needs a filename beside file_data)', async () => {
    const pdf = Buffer.from('%PDF-1.4\ntrailer<<>>\n%%EOF').toString('base64');
    const message = await anthropic.messages.create({
      model,
      max_tokens: 50,
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }, { type: 'text', text: 'Summarise it' }] }],
    });
    expect(message.content[0]?.type).toBe('text');
    const part = JSON.stringify(lastSent()?.body);
    if (model === 'gpt') expect(part).toContain(JSON.stringify({ type: 'file', file: { filename: 'document.pdf', file_data: `data:application/pdf;base64,${pdf}` } }));
    if (model === 'flash') expect(part).toContain(JSON.stringify({ inlineData: { mimeType: 'application/pdf', data: pdf } }));
    if (model === 'sonnet') expect(part).toContain(JSON.stringify({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }));
  });

  it('parses zodOutputFormat structured output with messages.parse', async () => {
    const Triage = z.object({ category: z.enum(['billing', 'technical']), urgent: z.boolean() });
    const message = await anthropic.messages.parse({
      model,
      max_tokens: 300,
      messages: [{ role: 'user', content: 'Charged twice!' }],
      output_config: { format: zodOutputFormat(Triage) },
    });
    expect(Triage.safeParse(message.parsed_output).success).toBe(true);
  });
});

describe('adaptive thinking and effort from an Anthropic client (as current Claude clients send them)', () => {
  it('reaches OpenAI reasoning models as reasoning_effort and Gemini as a thinking budget, with thinking blocks back', async () => {
    const ask = (model: string) =>
      anthropic.messages.create({ model, max_tokens: 8000, thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, messages: [{ role: 'user', content: 'Think it over: is 91 prime?' }] });
    await ask('o4');
    expect(lastSent()?.body).toMatchObject({ reasoning_effort: 'high' });
    const gemini = await ask('flash');
    // Effort max is 24,576 tokens of thinking, but Gemini counts thinking within max_tokens: half of 8,000 is kept for the answer.
    expect(lastSent()?.body).toMatchObject({ generationConfig: { maxOutputTokens: 8000, thinkingConfig: { thinkingBudget: 4000, includeThoughts: true } } });
    expect(gemini.content.map((b) => b.type)).toEqual(['thinking', 'text']);
  });
});

describe('what the gateway does not serve, said in the Anthropic shape', () => {
  it('refuses a message thread with thread_unsupported_request, the code the SDK recovers from', async () => {
    const error = await anthropic.beta.messages
      .create({ model: 'gpt', max_tokens: 10, thread: { type: 'create' }, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ status: 400, errorCode: 'thread_unsupported_request' });
    expect((error as Error).message).toContain('(message threads) is not supported by this gateway');
    const thread = anthropic.beta.messages.thread({ model: 'gpt', max_tokens: 10 });
    await expect(thread.send({ role: 'user', content: 'hi' })).rejects.toMatchObject({ errorCode: 'thread_unsupported_request' });
  });

  it('answers message batches with a 404 naming the endpoint', async () => {
    const error = await anthropic.messages.batches
      .create({ requests: [{ custom_id: 'a', params: { model: 'gpt', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] } }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as Error).message).toContain('no route POST /v1/messages/batches: the Message Batches API is not served: send each request to POST /v1/messages');
    const openaiBatch = await openai.batches.create({ input_file_id: 'file-1', endpoint: '/v1/chat/completions', completion_window: '24h' }).catch((e: unknown) => e);
    expect(openaiBatch).toBeInstanceOf(OpenAI.NotFoundError);
    expect((openaiBatch as Error).message).toContain('no route POST /v1/batches: the Batch and Files APIs are not served');
  });
});
