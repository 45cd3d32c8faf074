/**
 * The simulator as the official `@anthropic-ai/sdk` sees it: messages, streaming events in the
 * documented order, tool use, prompt caching, token counting and errors.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../test-support/pdf-document.js';
import { pngImage } from '../test-support/png-image.js';
import { satisfiesSchema } from '../test-support/satisfies-schema.js';
import { anthropicOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let client: Anthropic;

simulatorPerFile((started) => {
  sim = started;
  client = anthropicOn(sim);
}, { clearBetweenTests: true });

const lookupTool = {
  name: 'lookup_order',
  description: 'Find an order',
  input_schema: {
    type: 'object' as const,
    properties: { order_id: { type: 'string' }, include_items: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 10 } },
    required: ['order_id', 'include_items', 'limit'],
  },
};

describe('messages', () => {
  it('answers deterministically with a text block and usage', async () => {
    const request = { model: 'claude-standin', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Explain circuit breakers' }] };
    const first = await client.messages.create(request);
    const second = await client.messages.create(request);
    const block = first.content[0];
    expect(first.type).toBe('message');
    expect(first.id).toMatch(/^msg_01/);
    expect(block?.type).toBe('text');
    expect(block?.type === 'text' && block.text).toMatch(/circuit breakers/);
    expect(second.content).toEqual(first.content);
    expect(first.stop_reason).toBe('end_turn');
    expect(first.usage.input_tokens).toBeGreaterThan(0);
    expect(first.usage.output_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);
  });

  it('accepts a system prompt as a string or as blocks, and it changes the answer', async () => {
    const ask = (system?: string | { type: 'text'; text: string }[]) =>
      client.messages.create({ model: 'claude-standin', max_tokens: 200, ...(system ? { system } : {}), messages: [{ role: 'user', content: 'Hello' }] });
    const none = await ask();
    const asString = await ask('Be brief.');
    const asBlocks = await ask([{ type: 'text', text: 'Be brief.' }]);
    expect(asString.content).toEqual(asBlocks.content);
    expect(asString.content).not.toEqual(none.content);
  });

  it('streams events in the documented order and the SDK assembles the same message', async () => {
    const request = { model: 'claude-standin', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Stream a reply' }] };
    const plain = await client.messages.create(request);
    const stream = client.messages.stream(request);
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();
    expect(final.content).toEqual(plain.content);
    expect(final.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(final.stop_reason).toBe('end_turn');
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(3);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  it('sends a ping and named events on the wire', async () => {
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-standin', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const names = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.at(-1)).toBe('message_stop');
  });

  it("refuses an embedding model as Claude refuses a model it does not have, a 404 not_found_error naming it, on messages and count_tokens (it answered one)", async () => {
    const asked = { max_tokens: 20, messages: [{ role: 'user' as const, content: 'hi' }] };
    for (const model of ['text-embedding-3-small', 'gemini-embedding-001']) {
      for (const stream of [false, true]) {
        const error = await client.messages.create({ model, ...asked, stream }).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(Anthropic.NotFoundError);
        expect(error).toMatchObject({ status: 404, error: { type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } } });
      }
      const counted = await client.messages.countTokens({ model, messages: asked.messages }).then(() => undefined, (e: unknown) => e);
      expect(counted).toMatchObject({ status: 404, error: { error: { type: 'not_found_error', message: `model: ${model}` } } });
    }
    // A malformed request is still a 400 first, as the body is checked before the model is looked up.
    expect(await client.messages.create({ model: 'text-embedding-3-small', max_tokens: 20, messages: [] }).then(() => undefined, (e: unknown) => e)).toBeInstanceOf(Anthropic.BadRequestError);
    expect((await client.messages.create({ model: 'claude-standin', ...asked })).content).toHaveLength(1);
  });

  it('stops at max_tokens and at stop sequences', async () => {
    const short = await client.messages.create({ model: 'claude-standin', max_tokens: 2, messages: [{ role: 'user', content: 'Write a lot' }] });
    expect(short.stop_reason).toBe('max_tokens');
    expect(short.usage.output_tokens).toBe(2);
    sim.addScript({ match: 'recite', reply: 'alpha beta END gamma' });
    const stopped = await client.messages.create({ model: 'claude-standin', max_tokens: 50, stop_sequences: ['END'], messages: [{ role: 'user', content: 'recite' }] });
    expect(stopped.stop_reason).toBe('stop_sequence');
    expect(stopped.stop_sequence).toBe('END');
    expect(stopped.content[0]?.type === 'text' && stopped.content[0].text).toBe('alpha beta ');
  });

  it('describes a model with every field of Anthropic\'s ModelInfo, its window and output limit where known', async () => {
    expect(await client.models.retrieve('claude-sonnet-4-5')).toEqual({
      type: 'model', id: 'claude-sonnet-4-5', display_name: 'claude-sonnet-4-5', created_at: expect.any(String),
      capabilities: null, deprecated_at: null, lifecycle: 'active', line: null, max_input_tokens: 200_000, max_tokens: 64_000, retires_at: null,
    });
    expect(await client.models.retrieve('claude-standin')).toMatchObject({ max_input_tokens: null, max_tokens: null });
  });

  it('refuses empty turns and empty or whitespace-only text blocks as Claude does, a final assistant prefill aside', async () => {
    const ask = (messages: Anthropic.MessageParam[]) => client.messages.create({ model: 'claude-standin', max_tokens: 20, messages }).catch((e: unknown) => e);
    for (const [messages, message] of [
      [[{ role: 'user', content: '' }], 'messages.0: all messages must have non-empty content except for the optional final assistant message'],
      [[{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [] }, { role: 'user', content: 'Hi?' }], 'messages.1: all messages must have non-empty content except for the optional final assistant message'],
      [[{ role: 'user', content: [{ type: 'text', text: '' }] }], 'messages: text content blocks must be non-empty'],
      [[{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '\n\n' }, { role: 'user', content: 'Hi?' }], 'messages: text content blocks must contain non-whitespace text'],
    ] as const) {
      const error = await ask(messages as unknown as Anthropic.MessageParam[]);
      expect(error, message).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message } });
    }
    expect(await ask([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '' }])).toMatchObject({ type: 'message' });
  });

  it("refuses a base64 image Claude cannot read, in Claude's words (it answered one whose data was not base64)", async () => {
    const png = pngImage(64, 48).toString('base64');
    const image = (data: string, media_type = 'image/png') => ({ type: 'image' as const, source: { type: 'base64' as const, media_type: media_type as 'image/png', data } });
    const ask = (content: Anthropic.ContentBlockParam[]) => client.messages.create({ model: 'claude-standin', max_tokens: 20, messages: [{ role: 'user', content }] }).catch((e: unknown) => e);
    for (const [content, message] of [
      [[image('notbase64!!'), { type: 'text', text: 'What is it?' }], 'messages.0.content.0.image.source.base64: invalid base64 data'],
      [[{ type: 'text', text: 'What is it?' }, image('')], 'messages.0.content.1.image.source.base64: image cannot be empty'],
      [[image(png, 'image/jpeg')], 'messages.0.content.0.image.source.base64.data: Image does not match the provided media type image/jpeg'],
    ] as const) {
      const error = await ask(content as unknown as Anthropic.ContentBlockParam[]);
      expect(error, message).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message } });
    }
    const screenshot = await client.messages
      .create({ model: 'claude-standin', max_tokens: 20, messages: [
        { role: 'user', content: 'Take a screenshot' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [image('AAAA=')] }] },
      ], tools: [{ name: 'screenshot', input_schema: { type: 'object' } }] })
      .catch((e: unknown) => e);
    expect((screenshot as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { message: 'messages.2.content.0.tool_result.content.0.image.source.base64: invalid base64 data' } });
    expect(await ask([image(png), { type: 'text', text: 'What is it?' }])).toMatchObject({ type: 'message' });
  });

  it('refuses an empty or whitespace-only stop sequence, as Claude does (OpenAI takes stop: ["\\n"])', async () => {
    const ask = (stop_sequences: string[]) =>
      client.messages.create({ model: 'claude-standin', max_tokens: 50, stop_sequences, messages: [{ role: 'user', content: 'recite' }] }).catch((e: unknown) => e);
    for (const [stops, message] of [
      [['END', '\n'], 'stop_sequences: each stop sequence must contain non-whitespace'],
      [[' \t'], 'stop_sequences: each stop sequence must contain non-whitespace'],
      [[''], 'stop_sequences: each stop sequence must be non-empty'],
    ] as const) {
      const error = await ask([...stops]);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message } });
    }
    expect(await ask(['\nEND'])).toMatchObject({ type: 'message' });
  });

  it("refuses a boolean field that holds no boolean, naming its path in the API's words (a stream of \"true\" was answered whole)", async () => {
    const ask = (body: Record<string, unknown>) =>
      client.messages.create({ model: 'claude-standin', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }], ...body } as never).catch((e: unknown) => e);
    const toolTurns = (is_error: unknown) => ({
      tools: [lookupTool],
      messages: [
        { role: 'user', content: 'Find A-1' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup_order', input: { order_id: 'A-1' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'shipped', is_error }] },
      ],
    });
    const document = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The sky is blue.' }, citations: { enabled: 'on' } };
    for (const [body, message] of [
      [{ stream: 'true' }, 'stream: Input should be a valid boolean'],
      [{ tools: [lookupTool], tool_choice: { type: 'auto', disable_parallel_tool_use: 'yes' } }, 'tool_choice.auto.disable_parallel_tool_use: Input should be a valid boolean'],
      [{ tools: [{ ...lookupTool, strict: 1 }] }, 'tools.0.custom.strict: Input should be a valid boolean'],
      [toolTurns('no'), 'messages.2.content.0.tool_result.is_error: Input should be a valid boolean'],
      [{ messages: [{ role: 'user', content: [document, { type: 'text', text: 'What colour?' }] }] }, 'messages.0.content.0.document.citations.enabled: Input should be a valid boolean'],
    ] as const) {
      const error = await ask(body);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message } });
    }
    // Booleans there are taken.
    expect(await ask({ ...toolTurns(true), tool_choice: { type: 'auto', disable_parallel_tool_use: true } })).toMatchObject({ type: 'message' });
  });

  it('uses tools: tool_use blocks whose input satisfies the schema, streamed as input_json_delta', async () => {
    const request = { model: 'claude-standin', max_tokens: 200, tools: [lookupTool], tool_choice: { type: 'any' as const }, messages: [{ role: 'user' as const, content: 'order 42' }] };
    const plain = await client.messages.create(request);
    const final = await client.messages.stream(request).finalMessage();
    const use = final.content.find((block) => block.type === 'tool_use');
    expect(final.stop_reason).toBe('tool_use');
    if (use?.type !== 'tool_use') throw new Error('expected a tool_use block');
    expect(use.id).toMatch(/^toolu_01/);
    expect(use.name).toBe('lookup_order');
    expect(satisfiesSchema(lookupTool.input_schema, use.input)).toBe(true);
    const withoutIds = (blocks: readonly { type: string }[]) => blocks.map((b) => (b.type === 'tool_use' ? { ...b, id: '' } : b));
    expect(withoutIds(final.content)).toEqual(withoutIds(plain.content));
  });

  it('cuts a tool call at max_tokens: the tool_use block with its input broken off, stop_reason max_tokens, whole and streamed', async () => {
    const request = { model: 'claude-standin', max_tokens: 6, tools: [lookupTool], tool_choice: { type: 'any' as const }, messages: [{ role: 'user' as const, content: 'order 42' }] };
    const plain = await client.messages.create(request);
    expect(plain.stop_reason).toBe('max_tokens');
    expect(plain.usage.output_tokens).toBe(6);
    expect(plain.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'lookup_order', input: {} });
    const partial: string[] = [];
    const stream = client.messages.stream(request).on('inputJson', (delta) => partial.push(delta));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('max_tokens');
    expect(final.content.at(-1)?.type).toBe('tool_use');
    // The JSON streamed as far as the limit let it, and no further.
    expect(() => JSON.parse(partial.join(''))).toThrow();
    expect(partial.join('').length).toBeGreaterThan(0);
  });

  it('explains an automatic tool call in text first, and answers tool results in text', async () => {
    const first = await client.messages.create({ model: 'claude-standin', max_tokens: 200, tools: [lookupTool], messages: [{ role: 'user', content: 'Please lookup order 7' }] });
    expect(first.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    const use = first.content[1];
    if (use?.type !== 'tool_use') throw new Error('expected a tool_use block');
    const followUp = await client.messages.create({
      model: 'claude-standin',
      max_tokens: 200,
      tools: [lookupTool],
      messages: [
        { role: 'user', content: 'Please lookup order 7' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'shipped' }] },
      ],
    });
    expect(followUp.stop_reason).toBe('end_turn');
    expect(followUp.content.map((b) => b.type)).toEqual(['text']);
  });

  it('refuses a turn that leaves some of the previous turn’s tool_use blocks without a tool_result, as Claude does', async () => {
    const calls: Anthropic.ContentBlockParam[] = [
      { type: 'tool_use', id: 'toolu_01a', name: 'lookup_order', input: { order_id: '7', include_items: false, limit: 1 } },
      { type: 'tool_use', id: 'toolu_01b', name: 'lookup_order', input: { order_id: '8', include_items: false, limit: 1 } },
    ];
    const ask = (answer: Anthropic.MessageParam['content']) =>
      client.messages.create({ model: 'claude-standin', max_tokens: 200, tools: [lookupTool], messages: [{ role: 'user', content: 'Look up orders 7 and 8' }, { role: 'assistant', content: calls }, { role: 'user', content: answer }] });
    const one = await ask([{ type: 'tool_result', tool_use_id: 'toolu_01a', content: 'shipped' }]).catch((e: unknown) => e);
    expect(one).toBeInstanceOf(Anthropic.BadRequestError);
    expect((one as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01b. Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    );
    const none = await ask('Never mind').catch((e: unknown) => e);
    expect((none as Error).message).toContain('immediately after: toolu_01a, toolu_01b.');
    // Both answered, in any order: the turn goes on.
    const both = await ask([{ type: 'tool_result', tool_use_id: 'toolu_01b', content: 'lost' }, { type: 'tool_result', tool_use_id: 'toolu_01a', content: 'shipped' }]);
    expect(both.stop_reason).toBe('end_turn');
  });

  it('refuses a tool_result whose tool_use is not in the turn before, as Claude does', async () => {
    // It was answered in text: an OpenAI client's tool message with no call before it reached the
    // simulated Claude as a tool_result and passed, where Claude refuses it.
    const refused = await client.messages
      .create({ model: 'claude-standin', max_tokens: 200, tools: [lookupTool], messages: [{ role: 'user', content: [{ type: 'text', text: 'Order 7?' }, { type: 'tool_result', tool_use_id: 'toolu_01z', content: 'shipped' }] }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      error: { type: 'invalid_request_error', message: 'messages.0.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01z. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.' },
    });
  });

  it('reports cache creation, then cache reads, for a cache_control breakpoint', async () => {
    const system = [{ type: 'text' as const, text: 'Policy handbook. '.repeat(400), cache_control: { type: 'ephemeral' as const } }];
    const ask = (content: string) => client.messages.create({ model: 'claude-cache', max_tokens: 20, system, messages: [{ role: 'user', content }] });
    const first = await ask('question one');
    const second = await ask('question two');
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(50);
  });

  it('returns thinking blocks first when extended thinking is enabled', async () => {
    const request = { model: 'claude-standin', max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'Think first' }] };
    const final = await client.messages.stream(request).finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const thinking = final.content[0];
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(0);
  });

  it('takes its own thinking blocks back, and refuses one with an empty or altered signature as Anthropic does', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const first = await client.messages.create({ model: 'claude-standin', max_tokens: 2048, thinking, messages: [{ role: 'user', content: 'Think first' }] });
    const block = first.content[0];
    if (block?.type !== 'thinking') throw new Error(`expected a thinking block, got ${block?.type}`);
    const again = (sent: Anthropic.ContentBlockParam) =>
      client.messages.create({ model: 'claude-standin', max_tokens: 2048, thinking, messages: [{ role: 'user', content: 'Think first' }, { role: 'assistant', content: [sent, { type: 'text', text: 'ok' }] }, { role: 'user', content: 'And then?' }] });
    expect((await again({ type: 'thinking', thinking: block.thinking, signature: block.signature })).content[0]?.type).toBe('thinking');
    const refusal = { status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: 'messages.1.content.0: Invalid `signature` in `thinking` block' } } };
    await expect(again({ type: 'thinking', thinking: block.thinking, signature: '' })).rejects.toMatchObject(refusal);
    await expect(again({ type: 'thinking', thinking: `${block.thinking} (edited)`, signature: block.signature })).rejects.toMatchObject(refusal);
  });

  it("refuses a thinking budget under 1,024 or not below max_tokens, as the API does, except with the interleaved-thinking beta", async () => {
    const ask = (max_tokens: number, budget_tokens: number, headers?: Record<string, string>) =>
      client.messages.create({ model: 'claude-standin', max_tokens, thinking: { type: 'enabled', budget_tokens }, messages: [{ role: 'user', content: 'Think' }] }, { headers });
    await expect(ask(400, 1024)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('`max_tokens` must be greater than `thinking.budget_tokens`') });
    await expect(ask(4096, 500)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024') });
    const interleaved = await ask(400, 1024, { 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    expect(interleaved.content[0]?.type).toBe('thinking');
  });

  it('counts tokens like usage.input_tokens', async () => {
    const messages = [{ role: 'user' as const, content: 'How many tokens is this?' }];
    const counted = await client.messages.countTokens({ model: 'claude-standin', messages });
    const created = await client.messages.create({ model: 'claude-standin', max_tokens: 10, messages });
    expect(counted.input_tokens).toBe(created.usage.input_tokens);
  });

  it('counts an image as Claude does: 28 px patches of its size, scaled down past the native resolution, a URL at the most the model reads', async () => {
    const tokens = (model: string, image?: Anthropic.ImageBlockParam['source']) =>
      client.messages
        .countTokens({ model, messages: [{ role: 'user', content: [...(image ? [{ type: 'image' as const, source: image }] : []), { type: 'text', text: 'What is this?' }] }] })
        .then((counted) => counted.input_tokens);
    const png = (width: number, height: number): Anthropic.ImageBlockParam['source'] => ({ type: 'base64', media_type: 'image/png', data: pngImage(width, height).toString('base64') });
    const text = await tokens('claude-sonnet-4-6');
    // 1,000 × 1,000: ⌈1000 / 28⌉² patches; the image's bytes are no text.
    expect((await tokens('claude-sonnet-4-6', png(1000, 1000))) - text).toBe(36 * 36);
    // 4,000 × 3,000 is past 1,568 px and ~1,600 tokens: scaled down first. Opus 4.7 reads up to 2,576 px.
    expect((await tokens('claude-sonnet-4-6', png(4000, 3000))) - text).toBe(1564);
    expect((await tokens('claude-opus-4-7', png(4000, 3000))) - (await tokens('claude-opus-4-7'))).toBe(4661);
    // Not fetched: counted as the largest image the model reads.
    expect((await tokens('claude-sonnet-4-6', { type: 'url', url: 'https://example.com/cat.png' })) - text).toBe(1600);
    // usage.input_tokens says the same.
    const created = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: png(1000, 1000) }, { type: 'text', text: 'What is this?' }] }] });
    expect(created.usage.input_tokens).toBe(text + 36 * 36);
  });

  it('counts a PDF as Claude does: per page an image of the page plus the text it shows; a URL as one page', async () => {
    const withDocument = (source?: Anthropic.DocumentBlockParam['source']) => [{ role: 'user' as const, content: [...(source ? [{ type: 'document' as const, source }] : []), { type: 'text' as const, text: 'Summarise this.' }] }];
    const tokens = (source?: Anthropic.DocumentBlockParam['source']) => client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: withDocument(source) }).then((counted) => counted.input_tokens);
    const pdf = (pages: string[], compressed = false): Anthropic.DocumentBlockParam['source'] => ({ type: 'base64', media_type: 'application/pdf', data: pdfDocument(pages, { compressed }).toString('base64') });
    const text = await tokens();
    const page = 'y'.repeat(2000); // 500 tokens of text a page
    // US Letter: 35 × 45 patches a page (scaled to the native resolution), and the text.
    expect((await tokens(pdf([page, page, page]))) - text).toBe(3 * (35 * 45 + 500));
    // The same pages written as PDF 1.5 does (compressed streams, pages in an object stream) count the same.
    expect((await tokens(pdf([page, page, page], true))) - text).toBe(3 * (35 * 45 + 500));
    expect((await tokens({ type: 'url', url: 'https://example.com/report.pdf' })) - text).toBe(35 * 45);
    const created = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: withDocument(pdf([page])) });
    expect(created.usage.input_tokens).toBe(text + 35 * 45 + 500);
  });

  it('lists models in Anthropic shape', async () => {
    const page = await client.models.list();
    expect(page.data[0]?.type).toBe('model');
    expect(page.data.map((m) => m.id)).toContain('claude-standin');
  });
});

describe('errors', () => {
  it('requires an API key and the anthropic-version header', async () => {
    const missingKey = await fetch(`${sim.url}/v1/messages`, { method: 'POST', headers: { 'anthropic-version': '2023-06-01' }, body: '{}' });
    expect(missingKey.status).toBe(401);
    expect(await missingKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' }, request_id: expect.stringMatching(/^req_/) });
    const missingVersion = await fetch(`${sim.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: '{}' });
    expect(missingVersion.status).toBe(400);
    expect(((await missingVersion.json()) as { error: { message: string } }).error.message).toMatch(/anthropic-version/);
    const bad = new Anthropic({ baseURL: sim.url, apiKey: 'invalid-key', maxRetries: 0 });
    await expect(bad.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('names a missing max_tokens in a 400 invalid_request_error', async () => {
    const error = await client.messages.create({ model: 'claude-standin', messages: [{ role: 'user', content: 'x' }] } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it("refuses max_tokens above the model's output limit, naming the model as sent; a stand-in name has no limit", async () => {
    // An explicit timeout: without one the SDK refuses a non-streamed call this large itself.
    const ask = (model: string, max_tokens: number) => client.messages.create({ model, max_tokens, messages: [{ role: 'user', content: 'x' }] }, { timeout: 10_000 }).catch((e: unknown) => e);
    const error = await ask('claude-sonnet-4-5-20250929', 200_000);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: 200000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929' },
    });
    expect(await ask('claude-sonnet-4-5-20250929', 64_000)).toMatchObject({ type: 'message' });
    expect(await ask('claude-sonnet-4-6', 128_000)).toMatchObject({ type: 'message' });
    expect(await ask('claude-standin', 200_000)).toMatchObject({ type: 'message' });
  });

  it('refuses a content block of a type the API does not know, naming the block and the accepted tags', async () => {
    const error = await client.messages
      .create({ model: 'claude-standin', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'picture', url: 'x' }] }] } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const message = (error as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { type: string; message: string } };
    expect(message.error.type).toBe('invalid_request_error');
    expect(message.error.message).toMatch(/^messages\.0\.content\.1: Input tag 'picture' found using 'type' does not match any of the expected tags: 'text', 'image'/);
    // Known types, including server-tool results, still pass.
    const fine = await client.messages.create({
      model: 'claude-standin', max_tokens: 5,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'abc' }, { type: 'text', text: 'ok' }] }, { role: 'user', content: 'more' }],
    } as never);
    expect(fine.type).toBe('message');
    const noType = await client.messages.create({ model: 'claude-standin', max_tokens: 5, messages: [{ role: 'user', content: [{ text: 'hi' }] }] } as never).catch((e: unknown) => e);
    expect((noType as InstanceType<typeof Anthropic.BadRequestError>).status).toBe(400);
  });

  it("refuses a tool search's tool_reference without a string tool_name, in the API's validation words", async () => {
    const turn = (reference: Record<string, unknown>) => ({
      model: 'claude-standin',
      max_tokens: 5,
      tools: [{ name: 'ToolSearch', input_schema: { type: 'object' } }, { name: 'Read', defer_loading: true, input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'find' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'ToolSearch', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'tool_reference', ...reference }] }] },
      ],
    });
    const message = async (reference: Record<string, unknown>) => {
      const error = await client.messages.create(turn(reference) as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      return ((error as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } }).error.message;
    };
    expect(await message({ tool_name: 5 })).toBe('messages.2.content.0.tool_result.content.0.tool_reference.tool_name: Input should be a valid string');
    expect(await message({})).toBe('messages.2.content.0.tool_result.content.0.tool_reference.tool_name: Field required');
    expect((await client.messages.create(turn({ tool_name: 'Read' }) as never)).type).toBe('message');
  });

  it('sends 529 overloaded_error and 429 rate_limit_error with retry-after', async () => {
    sim.addFault({ kind: 'status', status: 529, times: 1 });
    const overloaded = await client.messages.create({ model: 'claude-standin', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ error: { type: 'overloaded_error' } });
    sim.addFault({ kind: 'status', status: 429, retryAfter: 7, times: 1 });
    const limited = await client.messages.create({ model: 'claude-standin', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it('sends overloaded_error as an error event in the middle of a stream', async () => {
    sim.addFault({ kind: 'status', status: 529, afterChunks: 4, times: 1 });
    const stream = client.messages.stream({ model: 'claude-standin', max_tokens: 100, messages: [{ role: 'user', content: 'long story' }] });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('makes the SDK stream throw when the connection is cut mid-stream', async () => {
    sim.addFault({ kind: 'stream_cut', afterChunks: 3, times: 1 });
    const stream = client.messages.stream({ model: 'claude-standin', max_tokens: 100, messages: [{ role: 'user', content: 'long story' }] });
    await expect(stream.finalMessage()).rejects.toThrow();
  });
});
