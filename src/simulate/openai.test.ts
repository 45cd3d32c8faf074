/**
 * The simulator as the official `openai` SDK sees it: if these pass, an application (or the
 * gateway) pointed at the simulator cannot tell it from the real Chat Completions API.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../test-support/pdf-document.js';
import { pngImage } from '../test-support/png-image.js';
import { satisfiesSchema } from '../test-support/satisfies-schema.js';
import { openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let client: OpenAI;

simulatorPerFile((started) => {
  sim = started;
  client = openaiOn(sim);
}, { clearBetweenTests: true });

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 2 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['city', 'unit', 'days'],
      additionalProperties: false,
    },
  },
};

describe('chat completions', () => {
  it('answers with a readable, deterministic completion and usage', async () => {
    const request = { model: 'standin-small', messages: [{ role: 'user' as const, content: 'Tell me about rate limits' }] };
    const first = await client.chat.completions.create(request);
    const second = await client.chat.completions.create(request);
    const content = first.choices[0]?.message.content ?? '';
    expect(first.object).toBe('chat.completion');
    expect(first.model).toBe('standin-small');
    expect(content).toMatch(/rate limits/);
    expect(second.choices[0]?.message.content).toBe(content);
    expect(first.id).not.toBe(second.id);
    expect(first.choices[0]?.finish_reason).toBe('stop');
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage?.completion_tokens).toBeGreaterThan(0);
    expect(first.usage?.total_tokens).toBe((first.usage?.prompt_tokens ?? 0) + (first.usage?.completion_tokens ?? 0));
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(first.system_fingerprint).toMatch(/^fp_/);
  });

  it("counts an image as OpenAI does for the model and detail: 85 + 170 a 512 px tile on gpt-4o, 85 at low detail, 32 px patches on gpt-4.1-mini", async () => {
    const dataUrl = (width: number, height: number) => `data:image/png;base64,${pngImage(width, height).toString('base64')}`;
    const prompt = async (model: string, image?: OpenAI.Chat.ChatCompletionContentPartImage.ImageURL) => {
      const content: OpenAI.Chat.ChatCompletionContentPart[] = [...(image ? [{ type: 'image_url' as const, image_url: image }] : []), { type: 'text', text: 'What is in this picture?' }];
      return (await client.chat.completions.create({ model, max_completion_tokens: 16, messages: [{ role: 'user', content }] })).usage?.prompt_tokens ?? 0;
    };
    const text = await prompt('gpt-4o');
    // 1,024 × 1,024 is scaled to 768 × 768 (the short side): 2 × 2 tiles.
    expect((await prompt('gpt-4o', { url: dataUrl(1024, 1024) })) - text).toBe(85 + 4 * 170);
    expect((await prompt('gpt-4o', { url: dataUrl(1024, 1024), detail: 'low' })) - text).toBe(85);
    // 2,048 × 4,096 fits 1,024 × 2,048, then 768 × 1,536: 2 × 3 tiles (OpenAI's worked example).
    expect((await prompt('gpt-4o', { url: dataUrl(2048, 4096), detail: 'high' })) - text).toBe(85 + 6 * 170);
    // A URL is not fetched: the most the formula allows (2 × 4 tiles).
    expect((await prompt('gpt-4o', { url: 'https://example.com/cat.png' })) - text).toBe(85 + 8 * 170);
    expect((await prompt('gpt-4.1-mini', { url: dataUrl(1024, 1024) })) - (await prompt('gpt-4.1-mini'))).toBe(Math.ceil(32 * 32 * 1.62));
  });

  it("refuses an image whose data URL is not base64, in OpenAI's words (it answered 'notbase64!!' as an image)", async () => {
    const ask = (url: string) =>
      client.chat.completions.create({ model: 'gpt-4o', max_completion_tokens: 16, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is it?' }, { type: 'image_url', image_url: { url } }] }] }).catch((e: unknown) => e);
    for (const url of ['data:image/png;base64,notbase64!!', 'data:image/png;base64,AAAAA', 'data:image/jpeg;base64,data:image/jpeg;base64,AAAA']) {
      const error = await ask(url);
      expect(error, url).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).error, url).toEqual({ message: 'Invalid base64 image_url.', type: 'invalid_request_error', param: null, code: 'invalid_base64' });
    }
    expect(await ask(`data:image/png;base64,${pngImage(64, 48).toString('base64')}`)).toMatchObject({ object: 'chat.completion' });
    // A URL is not fetched, and not base64.
    expect(await ask('https://example.com/cat.png')).toMatchObject({ object: 'chat.completion' });
  });

  it("refuses an image_url.url that is neither a web URL nor a data URL, and a verbosity outside low/medium/high, in OpenAI's words (it took both)", async () => {
    const refusal = (body: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming>) =>
      client.chat.completions.create({ model: 'gpt-5.4-mini', messages: [{ role: 'user', content: 'Hi' }], ...body }).then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    for (const url of ['not a url', 'iVBORw0KGgoAAAANSUhEUg==']) {
      const image = await refusal({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'What is it?' }, { type: 'image_url', image_url: { url } }] }] });
      expect(image, url).toBeInstanceOf(OpenAI.BadRequestError);
      expect(image?.error, url).toEqual({
        message: "Invalid image URL: 'messages[1].content[1].image_url.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the 'data:' prefix.",
        type: 'invalid_request_error',
        param: 'messages[1].content[1].image_url.url',
        code: 'invalid_value',
      });
    }
    const verbosity = await refusal({ verbosity: 'shouty' as 'low' });
    expect(verbosity).toBeInstanceOf(OpenAI.BadRequestError);
    expect(verbosity?.error).toEqual({ message: "Invalid value: 'shouty'. Supported values are: 'low', 'medium', and 'high'.", type: 'invalid_request_error', param: 'verbosity', code: 'invalid_value' });
    expect(await client.chat.completions.create({ model: 'gpt-5.4-mini', verbosity: 'low', messages: [{ role: 'user', content: 'Hi' }] })).toMatchObject({ object: 'chat.completion' });
  });

  it('refuses a file part OpenAI refuses: no file object, inline data that is no base64; takes an empty content array, as OpenAI does', async () => {
    // Before, each was answered as if the part had not been there.
    const ask = (content: unknown) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: content as OpenAI.Chat.ChatCompletionContentPart[] }] }).catch((e: unknown) => e);
    const missing = await ask([{ type: 'file' }, { type: 'text', text: 'Sum this up.' }]);
    expect(missing).toBeInstanceOf(OpenAI.BadRequestError);
    expect((missing as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({ message: "Missing required parameter: 'messages[0].content[0].file'.", type: 'invalid_request_error', param: 'messages[0].content[0].file', code: 'missing_required_parameter' });
    const refusals: [string, string][] = [['', 'empty base64-encoded bytes'], ['data:application/pdf;base64,', 'empty base64-encoded bytes'], ['https://example.com/r.pdf', 'an invalid base64-encoded value']];
    for (const [data, got] of refusals) {
      const refused = await ask([{ type: 'text', text: 'Sum this up.' }, { type: 'file', file: { filename: 'r.pdf', file_data: data } }]);
      expect(refused, data).toBeInstanceOf(OpenAI.BadRequestError);
      expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
        message: `Invalid file data: 'messages[0].content[1].file.file_data'. Expected a base64-encoded data URL with an application/pdf MIME type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got ${got}.`,
        param: 'messages[0].content[1].file.file_data',
      });
    }
    // OpenAI answers an empty content array (openai/openai-python#1812, a 200 on gpt-4o-mini).
    expect(await ask([])).toMatchObject({ object: 'chat.completion' });
  });

  it('counts an inlined PDF as OpenAI reads it: each page as an image at the model’s default detail, plus its text', async () => {
    const file = `data:application/pdf;base64,${pdfDocument(['x'.repeat(400), 'y'.repeat(400)], { compressed: true }).toString('base64')}`;
    const prompt = async (model: string, withPdf: boolean) => {
      const content: OpenAI.Chat.ChatCompletionContentPart[] = [...(withPdf ? [{ type: 'file' as const, file: { filename: 'r.pdf', file_data: file } }] : []), { type: 'text', text: 'Sum this up.' }];
      return (await client.chat.completions.create({ model, max_completion_tokens: 16, messages: [{ role: 'user', content }] })).usage?.prompt_tokens ?? 0;
    };
    // Two pages of 400 characters: 100 text tokens a page; gpt-4o reads pages at low detail (85 each).
    expect((await prompt('gpt-4o', true)) - (await prompt('gpt-4o', false))).toBe(2 * (85 + 100));
  });

  it('gives different answers to different prompts and seeds', async () => {
    const ask = async (content: string, seed?: number) =>
      (await client.chat.completions.create({ model: 'standin-small', seed, messages: [{ role: 'user', content }] })).choices[0]?.message.content;
    expect(await ask('alpha question')).not.toBe(await ask('beta question'));
    const seeded = await ask('same prompt', 1);
    expect(await ask('same prompt', 1)).toBe(seeded);
    expect(await ask('same prompt', 2)).not.toBe(seeded);
  });

  it('streams the same content the non-streaming call returns, with usage when asked', async () => {
    const request = { model: 'standin-small', messages: [{ role: 'user' as const, content: 'Stream me something' }] };
    const plain = await client.chat.completions.create(request);
    const stream = client.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
    let deltas = 0;
    stream.on('content', () => (deltas += 1));
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
    expect(deltas).toBeGreaterThan(3);
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.usage?.completion_tokens).toBe(plain.usage?.completion_tokens);
  });

  it('sends usage: null on every chunk and a final choices: [] chunk only with include_usage', async () => {
    const collect = async (includeUsage: boolean) => {
      const chunks = [];
      const stream = await client.chat.completions.create({
        model: 'standin-small',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    };
    const withUsage = await collect(true);
    const last = withUsage.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    expect(withUsage.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    const without = await collect(false);
    expect(without.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
  });

  it('truncates at max_tokens with finish_reason "length"', async () => {
    const completion = await client.chat.completions.create({ model: 'standin-small', max_completion_tokens: 3, messages: [{ role: 'user', content: 'Write a long essay about caching' }] });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('stops before a stop sequence', async () => {
    sim.addScript({ match: 'count', reply: 'one two three four' });
    const completion = await client.chat.completions.create({ model: 'standin-small', stop: [' three'], messages: [{ role: 'user', content: 'count to four' }] });
    expect(completion.choices[0]?.message.content).toBe('one two');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('refuses more than 128 tools, as OpenAI does', async () => {
    const tools = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'function' as const, function: { name: `tool_${i}`, parameters: { type: 'object' } } }));
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await expect(client.chat.completions.create({ model: 'standin-small', tools: tools(129), messages })).rejects.toMatchObject({
      status: 400,
      code: 'array_above_max_length',
      param: 'tools',
      message: expect.stringContaining("Invalid 'tools': array too long. Expected an array with maximum length 128, but got an array with length 129 instead."),
    });
    expect((await client.chat.completions.create({ model: 'standin-small', tools: tools(128), messages })).choices).toHaveLength(1);
  });

  it('refuses more than 2,048 messages and more than 128 tool calls in one message, as OpenAI does', async () => {
    const turns = (n: number) => Array.from({ length: n }, (_, i) => ({ role: (i % 2 === 0 ? 'user' : 'assistant') as 'user', content: `turn ${i}` }));
    await expect(client.chat.completions.create({ model: 'standin-small', messages: turns(2049) })).rejects.toMatchObject({
      status: 400,
      code: 'array_above_max_length',
      param: 'messages',
      message: expect.stringContaining("Invalid 'messages': array too long. Expected an array with maximum length 2048, but got an array with length 2049 instead."),
    });
    expect((await client.chat.completions.create({ model: 'standin-small', messages: turns(2047) })).choices).toHaveLength(1);
    const calls = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `call_${i}`, type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } }));
    const answered = (n: number) => [
      { role: 'user' as const, content: 'weather?' },
      { role: 'assistant' as const, tool_calls: calls(n) },
      ...calls(n).map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: 'sunny' })),
    ];
    await expect(client.chat.completions.create({ model: 'standin-small', tools: [weatherTool], messages: answered(129) })).rejects.toMatchObject({
      status: 400,
      code: 'array_above_max_length',
      param: 'messages[1].tool_calls',
      message: expect.stringContaining("Invalid 'messages[1].tool_calls': array too long. Expected an array with maximum length 128, but got an array with length 129 instead."),
    });
    expect((await client.chat.completions.create({ model: 'standin-small', tools: [weatherTool], messages: answered(128) })).choices).toHaveLength(1);
  });

  it('refuses more than 4 stop sequences, and any on a reasoning model, as OpenAI does', async () => {
    const messages = [{ role: 'user' as const, content: 'count' }];
    await expect(client.chat.completions.create({ model: 'standin-small', stop: ['a', 'b', 'c', 'd', 'e'], messages })).rejects.toMatchObject({
      status: 400,
      code: 'array_above_max_length',
      param: 'stop',
      message: expect.stringContaining("Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead."),
    });
    await expect(client.chat.completions.create({ model: 'o4-mini', stop: ['a'], messages })).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'stop' });
    expect((await client.chat.completions.create({ model: 'gpt-5-chat-latest', stop: ['a', 'b', 'c', 'd'], messages })).choices).toHaveLength(1);
  });

  it('returns n choices, the first unchanged by n', async () => {
    const messages = [{ role: 'user' as const, content: 'Give me options' }];
    const one = await client.chat.completions.create({ model: 'standin-small', messages });
    const three = await client.chat.completions.create({ model: 'standin-small', messages, n: 3 });
    expect(three.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(three.choices[0]?.message.content).toBe(one.choices[0]?.message.content);
    expect(new Set(three.choices.map((c) => c.message.content)).size).toBeGreaterThan(1);
    const streamed = await client.chat.completions.stream({ model: 'standin-small', messages, n: 3 }).finalChatCompletion();
    expect(streamed.choices.map((c) => c.message.content)).toEqual(three.choices.map((c) => c.message.content));
  });

  it('returns logprobs for each token when asked', async () => {
    const completion = await client.chat.completions.create({ model: 'standin-small', logprobs: true, top_logprobs: 2, messages: [{ role: 'user', content: 'hello' }] });
    const content = completion.choices[0]?.logprobs?.content ?? [];
    expect(content.map((t) => t.token).join('')).toBe(completion.choices[0]?.message.content);
    expect(content[0]?.top_logprobs).toHaveLength(2);
    expect(content[0]?.logprob).toBeLessThanOrEqual(0);
  });

  it('reports reasoning tokens for reasoning models', async () => {
    const completion = await client.chat.completions.create({ model: 'o3-standin', messages: [{ role: 'user', content: 'think' }] });
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(reasoning);
  });

  it('bills reasoning on gpt-5.1 to gpt-5.4 only when the request asks for it, as their default effort is "none"; gpt-5.6 reasons by default again', async () => {
    const ask = async (model: string, extra: Record<string, unknown> = {}) => {
      const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Where is my card?' }], ...extra });
      return completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    };
    // Before: ~100 unasked reasoning tokens an answer made gpt-5.4-mini dearer than claude-sonnet-4-6.
    expect(await ask('gpt-5.4-mini')).toBe(0);
    expect(await ask('gpt-5.4-mini', { reasoning_effort: 'low' })).toBeGreaterThan(0);
    expect(await ask('gpt-5-mini')).toBeGreaterThan(0);
    // gpt-5 cannot stop reasoning: "none" is OpenAI's 400 there; "minimal" reasons least.
    await expect(ask('gpt-5-mini', { reasoning_effort: 'none' })).rejects.toMatchObject({ status: 400, code: 'unsupported_value', param: 'reasoning_effort' });
    expect(await ask('gpt-5-mini', { reasoning_effort: 'minimal' })).toBeGreaterThan(0);
    expect(await ask('gpt-5.4-nano')).toBe(0);
    expect(await ask('gpt-5.6-luna')).toBeGreaterThan(0);
    expect(await ask('gpt-5.6-terra', { reasoning_effort: 'none' })).toBe(0);
  });

  it('reports cached prompt tokens when a long prompt prefix repeats', async () => {
    const system = 'You are a careful assistant. '.repeat(200);
    const ask = (question: string) =>
      client.chat.completions.create({ model: 'standin-cache', messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
    const first = await ask('first question');
    const second = await ask('second question');
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached).toBeLessThan(second.usage?.prompt_tokens ?? 0);
  });
});

describe('tools and structured output', () => {

  it('calls a required tool with arguments that satisfy its schema', async () => {
    const completion = await client.chat.completions.create({ model: 'standin-small', tools: [weatherTool], tool_choice: 'required', messages: [{ role: 'user', content: 'Oslo please' }] });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe('get_weather');
    expect(satisfiesSchema(weatherTool.function.parameters, JSON.parse(call.function.arguments))).toBe(true);
  });

  it('calls a tool on "auto" only when the prompt asks for it, and answers tool results in text', async () => {
    const ask = (content: string) => client.chat.completions.create({ model: 'standin-small', tools: [weatherTool], messages: [{ role: 'user', content }] });
    expect((await ask('Use get_weather for Paris')).choices[0]?.message.tool_calls).toHaveLength(1);
    expect((await ask('Just say hello')).choices[0]?.message.tool_calls).toBeUndefined();
    const answered = await client.chat.completions.create({
      model: 'standin-small',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Use get_weather for Paris' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '21 degrees' },
      ],
    });
    expect(answered.choices[0]?.message.content).toBeTruthy();
    expect(answered.choices[0]?.finish_reason).toBe('stop');
  });

  it('refuses a tool loop OpenAI refuses: a tool message without its id, answering no call, or a call left unanswered', async () => {
    // All four were answered in text: a gateway translation that lost or misplaced a tool result
    // passed here and would fail on OpenAI.
    const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
    const ask = (messages: OpenAI.ChatCompletionMessageParam[]) => client.chat.completions.create({ model: 'standin-small', tools: [weatherTool], messages }).catch((e: unknown) => e);
    const question = { role: 'user' as const, content: 'Weather in Paris and Oslo?' };
    const refusals: [OpenAI.ChatCompletionMessageParam[], object][] = [
      [[question, { role: 'tool', content: '21 degrees' } as never], { message: "Missing required parameter: 'messages[1].tool_call_id'.", param: 'messages[1].tool_call_id', code: 'missing_required_parameter' }],
      [[question, { role: 'tool', tool_call_id: 'call_1', content: '21 degrees' }], { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: 'messages.[1].role', code: null }],
      [[question, { role: 'assistant', tool_calls: [call('call_1')] }, { role: 'tool', tool_call_id: 'call_9', content: '21 degrees' }], { message: "Invalid parameter: 'tool_call_id' of 'call_9' not found in 'tool_calls' of previous message.", param: 'messages.[2].tool_call_id', code: null }],
      [
        [question, { role: 'assistant', tool_calls: [call('call_1'), call('call_2')] }, { role: 'tool', tool_call_id: 'call_1', content: '21 degrees' }, { role: 'user', content: 'And?' }],
        { message: "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_2", param: 'messages.[1].role', code: null },
      ],
    ];
    for (const [messages, error] of refusals) {
      const refused = await ask(messages);
      expect(refused, JSON.stringify(messages)).toBeInstanceOf(OpenAI.BadRequestError);
      expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({ type: 'invalid_request_error', ...error });
    }
    // Both calls answered, in any order, then the user speaks: the loop goes on; so does a
    // conversation that ends on the assistant's calls (its latest turn).
    const answered = await ask([question, { role: 'assistant', tool_calls: [call('call_1'), call('call_2')] }, { role: 'tool', tool_call_id: 'call_2', content: '3 degrees' }, { role: 'tool', tool_call_id: 'call_1', content: '21 degrees' }, { role: 'user', content: 'Warmer one?' }]);
    expect((answered as OpenAI.ChatCompletion).choices[0]?.message.content).toBeTruthy();
    expect(await ask([question, { role: 'assistant', tool_calls: [call('call_1')] }])).not.toBeInstanceOf(Error);
  });

  it('takes an agent’s tagged context beside the question for context: no tool call for a word of it', async () => {
    // Claude Code's reminder (here naming the weather) beside a question that asks for no tool, as
    // the gateway sends it on to an OpenAI model: the reminder's words called get_weather before.
    const reminder = '<system-reminder>\nThe weather tool reports the current weather of any city.\n</system-reminder>';
    const completion = await client.chat.completions.create({
      model: 'standin-small',
      tools: [weatherTool],
      messages: [{ role: 'user', content: [{ type: 'text', text: reminder }, { type: 'text', text: 'Tell me about rate limits' }] }],
    });
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    expect(completion.choices[0]?.message.content).toMatch(/rate limits/);
  });

  it('streams tool calls as deltas that the SDK reassembles', async () => {
    const request = { model: 'standin-small', tools: [weatherTool], tool_choice: { type: 'function' as const, function: { name: 'get_weather' } }, messages: [{ role: 'user' as const, content: 'Bergen' }] };
    const plain = await client.chat.completions.create(request);
    const final = await client.chat.completions.stream(request).finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    const plainCall = plain.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function' || plainCall?.type !== 'function') throw new Error('expected function calls');
    expect(call.function.arguments).toBe(plainCall.function.arguments);
    expect(satisfiesSchema(weatherTool.function.parameters, JSON.parse(call.function.arguments))).toBe(true);
    // A forced function ends with "stop", as the real API reports it.
    expect(final.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers json_schema requests with JSON that validates', async () => {
    const answerSchema = {
      type: 'object',
      properties: {
        label: { type: 'string', enum: ['spam', 'ham'] },
        score: { type: 'number', minimum: 0, maximum: 1 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        when: { type: 'string', format: 'date' },
      },
      required: ['label', 'score', 'tags', 'when'],
      additionalProperties: false,
    };
    const completion = await client.chat.completions.create({
      model: 'standin-small',
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema: answerSchema } },
      messages: [{ role: 'user', content: 'Classify: win a free cruise' }],
    });
    const parsed: unknown = JSON.parse(completion.choices[0]?.message.content ?? '');
    expect(satisfiesSchema(answerSchema, parsed)).toBe(true);
  });

  it('answers the deprecated functions / function_call with message.function_call, whole and streamed', async () => {
    // Answered in text before: an application (or a gateway path) on the form the SDK still types
    // met nothing of what OpenAI sends for it.
    const functions = [weatherTool.function];
    const auto = await client.chat.completions.create({ model: 'standin-small', functions, function_call: 'auto', messages: [{ role: 'user', content: 'Use get_weather for Paris' }] });
    expect(auto.choices[0]).toMatchObject({ finish_reason: 'function_call', message: { role: 'assistant', content: null, function_call: { name: 'get_weather' } } });
    expect(auto.choices[0]?.message.tool_calls).toBeUndefined();
    expect(JSON.parse(auto.choices[0]?.message.function_call?.arguments ?? '')).toBeTypeOf('object');
    // A named function is forced, finish_reason "stop" as for a forced tool; the stream assembles the same call.
    const stream = await client.chat.completions.create({ model: 'standin-small', functions, function_call: { name: 'get_weather' }, stream: true, messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    let name = '';
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      name += choice?.delta.function_call?.name ?? '';
      args += choice?.delta.function_call?.arguments ?? '';
      finish = choice?.finish_reason ?? finish;
    }
    expect({ name, finish }).toEqual({ name: 'get_weather', finish: 'stop' });
    expect(JSON.parse(args)).toBeTypeOf('object');
    // Its result comes back as a function message, and the model answers in text.
    const answered = await client.chat.completions.create({
      model: 'standin-small',
      functions,
      messages: [{ role: 'user', content: 'Use get_weather for Paris' }, { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } }, { role: 'function', name: 'get_weather', content: '21 degrees' }],
    });
    expect(answered.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expect.any(String) } });
  });

  it('refuses parallel_tool_calls without tools, as it refuses tool_choice then', async () => {
    const refused = await client.chat.completions.create({ model: 'standin-small', parallel_tool_calls: false, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      type: 'invalid_request_error',
      message: "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.",
      param: 'parallel_tool_calls',
      code: null,
    });
    const withTools = await client.chat.completions.create({ model: 'standin-small', parallel_tool_calls: false, tools: [weatherTool], messages: [{ role: 'user', content: 'Hi' }] });
    expect(withTools.choices[0]?.finish_reason).toBeTruthy();
  });

  it('refuses json_object when no message says "json", in OpenAI\'s words', async () => {
    const ask = (messages: OpenAI.ChatCompletionMessageParam[]) => client.chat.completions.create({ model: 'standin-small', response_format: { type: 'json_object' }, messages });
    const refused = await ask([{ role: 'user', content: 'The largest city of Norway' }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      type: 'invalid_request_error',
      message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      param: 'messages',
      code: null,
    });
    // Any message, any case, a text part too.
    const answered = await ask([{ role: 'system', content: [{ type: 'text', text: 'Reply as Json.' }] }, { role: 'user', content: 'The largest city of Norway' }]);
    expect(JSON.parse(answered.choices[0]?.message.content ?? '')).toBeTypeOf('object');
  });

  it('answers json_object requests with a JSON object', async () => {
    const completion = await client.chat.completions.create({ model: 'standin-small', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'JSON please' }] });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toBeTypeOf('object');
  });
});

describe('request checks', () => {
  it('refuses a json_schema format without its name and a seed that is not an integer, as OpenAI does', async () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await expect(client.chat.completions.create({ model: 'standin-small', messages, response_format: { type: 'json_schema', json_schema: { schema: {} } as unknown as OpenAI.ResponseFormatJSONSchema['json_schema'] } })).rejects.toMatchObject({
      status: 400,
      param: 'response_format.json_schema.name',
      code: 'missing_required_parameter',
    });
    await expect(client.chat.completions.create({ model: 'standin-small', messages, seed: 1.5 })).rejects.toMatchObject({ status: 400, param: 'seed', code: 'invalid_type' });
    expect((await client.chat.completions.create({ model: 'standin-small', messages, seed: 7 })).choices).toHaveLength(1);
  });

  it("refuses web_search_options on a model that is not a search model, in OpenAI's words (it answered without searching)", async () => {
    const messages = [{ role: 'user' as const, content: 'What happened today?' }];
    for (const model of ['gpt-4.1-mini', 'gpt-5', 'o4-mini']) {
      const error = await client.chat.completions.create({ model, messages, web_search_options: {} }).catch((e: unknown) => e);
      expect(error, model).toBeInstanceOf(OpenAI.BadRequestError);
      // As pydantic-ai (gpt-5) and LiteLLM (o4-mini) users quote it.
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).error, model).toEqual({ message: "Unknown parameter: 'web_search_options'.", type: 'invalid_request_error', param: 'web_search_options', code: 'unknown_parameter' });
    }
    // OpenAI's search models take it, and a stand-in any field of the API.
    for (const model of ['gpt-4o-search-preview', 'gpt-4o-mini-search-preview', 'gpt-5-search-api', 'standin-small']) {
      expect((await client.chat.completions.create({ model, messages, web_search_options: {} })).choices, model).toHaveLength(1);
    }
  });
});

describe('embeddings and models', () => {
  it('returns unit vectors that the SDK decodes from base64, at the requested dimension', async () => {
    const result = await client.embeddings.create({ model: 'standin-embed', input: ['the cat sat', 'the cat sat', 'quarterly revenue report'], dimensions: 256 });
    const [a, b, c] = result.data.map((d) => d.embedding);
    expect(a).toHaveLength(256);
    const dot = (x: number[] = [], y: number[] = []) => x.reduce((sum, v, i) => sum + v * (y[i] ?? 0), 0);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(b).toEqual(a);
    expect(Math.abs(dot(a, c))).toBeLessThan(0.5);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    const stats = sim.stats();
    expect((stats.lastRequests.at(-1)?.body as { encoding_format?: string }).encoding_format).toBe('base64');
  });

  it('refuses dimensions for text-embedding-ada-002, which has one size, as OpenAI does', async () => {
    const error = await client.embeddings.create({ model: 'text-embedding-ada-002', input: 'hello', dimensions: 256 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: null, code: null, error: { message: 'This model does not support specifying dimensions.', type: 'invalid_request_error' } });
    expect((await client.embeddings.create({ model: 'text-embedding-ada-002', input: 'hello' })).data[0]?.embedding).toHaveLength(1536);
  });

  it("refuses to chat with an embedding model, in OpenAI's words: a 404 naming model, streamed or not", async () => {
    for (const stream of [false, true]) {
      const error = await client.chat.completions.create({ model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'hi' }], stream }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error).toMatchObject({
        status: 404,
        param: 'model',
        code: null,
        error: { message: 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?', type: 'invalid_request_error' },
      });
    }
    // A chat model, and a stand-in name, still chat.
    expect((await client.chat.completions.create({ model: 'standin-small', messages: [{ role: 'user', content: 'hi' }] })).choices).toHaveLength(1);
  });

  it('returns floats when asked and the native size by default', async () => {
    const result = await client.embeddings.create({ model: 'standin-embed', input: 'hello', encoding_format: 'float' });
    expect(result.data[0]?.embedding).toHaveLength(1536);
  });

  it('lists models, including ones clients used, and retrieves any model', async () => {
    await client.chat.completions.create({ model: 'my-custom-model', messages: [{ role: 'user', content: 'hi' }] });
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('standin-small');
    expect(ids).toContain('my-custom-model');
    expect((await client.models.retrieve('gpt-anything')).id).toBe('gpt-anything');
  });
});

describe('errors', () => {
  it('rejects a missing key with AuthenticationError', async () => {
    const response = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    const noKey = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'invalid-key', maxRetries: 0 });
    await expect(noKey.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('names the missing field in a 400', async () => {
    const error = await client.chat.completions.create({ model: 'standin-small' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
    const response = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{not json' });
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(response.status).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/parse the JSON body/);
  });

  it("refuses a cap above the model's completion limit, naming the field sent; a stand-in name has no limit", async () => {
    const messages = [{ role: 'user' as const, content: 'x' }];
    const legacy = (await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 200_000 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(legacy).toBeInstanceOf(OpenAI.BadRequestError);
    expect(legacy.param).toBe('max_tokens');
    expect(legacy.type).toBe('invalid_request_error');
    expect(legacy.message).toContain('max_tokens is too large: 200000. This model supports at most 16384 completion tokens, whereas you provided 200000.');
    const current = (await client.chat.completions.create({ model: 'gpt-5.4-mini', messages, max_completion_tokens: 128_001 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(current.param).toBe('max_completion_tokens');
    expect(current.message).toContain('at most 128000 completion tokens');
    expect((await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 16_384 })).object).toBe('chat.completion');
    expect((await client.chat.completions.create({ model: 'standin-small', messages, max_tokens: 200_000 })).object).toBe('chat.completion');
  });

  it('refuses parameters the real API refuses, naming them', async () => {
    const refused = async (body: object) => ((await client.chat.completions.create(body as never).catch((e: unknown) => e)) as { status: number; param: string }).param;
    const messages = [{ role: 'user', content: 'x' }];
    expect(await refused({ model: 'standin-small', messages, stream_options: { include_usage: true } })).toBe('stream_options');
    expect(await refused({ model: 'o3-mini', messages, max_tokens: 10 })).toBe('max_tokens');
    expect(await refused({ model: 'standin-small', messages, temperature: 3 })).toBe('temperature');
    expect(await refused({ model: 'standin-small', messages, n: 0 })).toBe('n');
    expect(await refused({ model: 'standin-small', messages, tool_choice: 'required' })).toBe('tool_choice');
    // The range in OpenAI's words and code, as its users quote the 400.
    const hot = (await client.chat.completions.create({ model: 'standin-small', messages: [{ role: 'user', content: 'x' }], temperature: 2.5 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(hot.error).toEqual({ message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.", type: 'invalid_request_error', param: 'temperature', code: 'decimal_above_max_value' });
  });

  it('sends headers like the real API', async () => {
    const { response } = await client.chat.completions.create({ model: 'standin-small', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    expect(Number(response.headers.get('x-ratelimit-remaining-requests'))).toBeLessThan(Number(response.headers.get('x-ratelimit-limit-requests')));
  });
});

describe("a value of the wrong type, in OpenAI's words", () => {
  // The SDK's message starts with the status; the API's own words are the body's error.message.
  const failureOf = (error: unknown) => {
    const { status, param, code, error: body } = error as { status: number; param?: string | null; code?: string | null; error?: { message?: string } };
    return { status, param, code, message: body?.message };
  };

  it('refuses a boolean field that holds a string or a number, naming it and what came with its article', async () => {
    const cases = [
      { body: { store: 'yes' }, param: 'store', got: 'a string' },
      { body: { logprobs: 1 }, param: 'logprobs', got: 'an integer' },
      { body: { parallel_tool_calls: {} }, param: 'parallel_tool_calls', got: 'an object' },
    ];
    for (const { body, param, got } of cases) {
      const failure = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...(body as object) })
        .catch(failureOf);
      expect(failure).toMatchObject({ status: 400, param, code: 'invalid_type' });
      expect((failure as { message?: string }).message).toBe(`Invalid type for '${param}': expected a boolean, but got ${got} instead.`);
    }
    const stored = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi', store: 'no' as unknown as boolean }).catch(failureOf);
    expect(stored).toMatchObject({ status: 400, param: 'store', code: 'invalid_type', message: "Invalid type for 'store': expected a boolean, but got a string instead." });
    const answered = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], store: false, logprobs: null });
    expect(answered.object).toBe('chat.completion');
  });

  it('refuses a nested boolean field that holds no boolean, naming its path: stream_options, a JSON schema format\'s strict, a function tool\'s strict', async () => {
    const schema = { name: 'answer', schema: { type: 'object', properties: {}, additionalProperties: false } };
    const chat = [
      { body: { stream: true, stream_options: { include_usage: 'true' } }, param: 'stream_options.include_usage', got: 'a string' },
      { body: { stream: true, stream_options: { include_obfuscation: 0 } }, param: 'stream_options.include_obfuscation', got: 'an integer' },
      { body: { response_format: { type: 'json_schema', json_schema: { ...schema, strict: 'yes' } } }, param: 'response_format.json_schema.strict', got: 'a string' },
    ];
    for (const { body, param, got } of chat) {
      const failure = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...(body as object) } as never).catch(failureOf);
      expect(failure).toMatchObject({ status: 400, param, code: 'invalid_type', message: `Invalid type for '${param}': expected a boolean, but got ${got} instead.` });
    }
    const responses = [
      { body: { stream: true, stream_options: { include_obfuscation: 'no' } }, param: 'stream_options.include_obfuscation', got: 'a string' },
      { body: { text: { format: { type: 'json_schema', ...schema, strict: 1 } } }, param: 'text.format.strict', got: 'an integer' },
      { body: { tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: [] }] }, param: 'tools[0].strict', got: 'an array' },
    ];
    for (const { body, param, got } of responses) {
      const failure = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi', ...(body as object) } as never).catch(failureOf);
      expect(failure).toMatchObject({ status: 400, param, code: 'invalid_type', message: `Invalid type for '${param}': expected a boolean, but got ${got} instead.` });
    }
    // Booleans and nulls there are taken.
    const answered = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: false, response_format: { type: 'json_schema', json_schema: { ...schema, strict: true } } });
    expect(answered.object).toBe('chat.completion');
  });

  it('names an array, a decimal number and null as OpenAI does', async () => {
    const seed = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], seed: 1.5 }).catch(failureOf);
    expect(seed).toMatchObject({ status: 400, message: "Invalid type for 'seed': expected an integer, but got a decimal number instead." });
    const messages = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: { role: 'user' } as never }).catch(failureOf);
    expect(messages).toMatchObject({ status: 400, message: "Invalid type for 'messages': expected an array of objects, but got an object instead." });
    const message = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [null as never] }).catch(failureOf);
    expect(message).toMatchObject({ status: 400, param: 'messages[0]', message: "Invalid type for 'messages[0]': expected an object, but got null instead." });
    const tools = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi', tools: 'none' as never }).catch(failureOf);
    expect(tools).toMatchObject({ status: 400, message: "Invalid type for 'tools': expected an array, but got a string instead." });
  });
});
