import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
providers:
  google: { type: gemini, base_url: ${simUrl}, api_key: AIza-sim-key }
  google-stale: { type: gemini, base_url: ${simUrl}, api_key: invalid-rotated-key }
models:
  flash: { provider: google, model: gemini-2.5-flash, price: { input_per_mtok: 0.30, output_per_mtok: 2.50 } }
  gembed: { provider: google, model: gemini-embedding-001 }
  stale-first: { fallbacks: [ { provider: google-stale, model: gemini-2.5-flash }, { provider: google, model: gemini-2.5-flash } ] }
  stale-only: { provider: google-stale, model: gemini-2.5-flash }
retry: { base_delay_ms: 5, max_delay_ms: 50 }
`);
});
afterAll(async () => {
  await h.close();
});

describe('a Gemini model through the gateway', () => {
  it('keeps a client that takes one tool call a turn (parallel_tool_calls: false, disable_parallel_tool_use) to one, whole and streamed, and the loop goes on', async () => {
    // Gemini has no such setting and calls both functions here; an agent that said it takes one
    // answers the first only, and Gemini refuses a turn whose function responses miss a call.
    const client = h.openai('any');
    const tools: OpenAI.ChatCompletionFunctionTool[] = ['get_weather', 'get_time'].map((name) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: { place: { type: 'string' } }, required: ['place'] } } }));
    const asked: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in Oslo and time in Tokyo' };
    const request = { model: 'flash', messages: [asked], tools, tool_choice: 'required' as const };
    const both = await client.chat.completions.create(request);
    expect(both.choices[0]?.message.tool_calls).toHaveLength(2);
    const { data: one, response } = await client.chat.completions.create({ ...request, parallel_tool_calls: false }).withResponse();
    expect(one.choices[0]?.message.tool_calls?.map((call) => call.type === 'function' && call.function.name)).toEqual(['get_weather']);
    expect(one.choices[0]?.finish_reason).toBe('tool_calls');
    expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
    const streamed = await client.chat.completions.stream({ ...request, parallel_tool_calls: false }).finalChatCompletion();
    expect(streamed.choices[0]?.message.tool_calls).toHaveLength(1);
    const call = one.choices[0]!.message.tool_calls![0]!;
    const next = await client.chat.completions.create({ model: 'flash', tools, parallel_tool_calls: false, messages: [asked, one.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 18 °C' }] });
    expect(next.choices[0]?.message.content).toEqual(expect.any(String));
    const anthropic = h.anthropic('any');
    const message = await anthropic.messages.create({
      model: 'flash', max_tokens: 500, messages: [{ role: 'user', content: 'Weather in Oslo and time in Tokyo' }],
      tools: tools.map((tool) => ({ name: tool.function.name, input_schema: { type: 'object' as const, properties: { place: { type: 'string' } }, required: ['place'] } })),
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(message.content.filter((block) => block.type === 'tool_use')).toHaveLength(1);
  });

  it('streams to the OpenAI SDK, with usage and cost on the trace', async () => {
    const client = h.openai('any');
    const stream = await client.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'Say something about trains.' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    const trace = await h.waitForTrace((t) => t.requestedModel === 'flash' && t.stream);
    expect(trace).toMatchObject({ status: 200, provider: 'google', upstreamModel: 'gemini-2.5-flash' });
    expect(trace.costUsd).toBeGreaterThan(0);
  });

  it('keeps thinking within max_tokens, as Gemini 2.5 counts it: completion tokens include the reasoning tokens, the trace and cost agree', async () => {
    const client = h.openai('any');
    // The simulator thinks 32–144 tokens here: 150 leaves the answer a few.
    const answer = await client.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'Write a long essay about level crossings.' }], max_tokens: 150 });
    const usage = answer.usage!;
    const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(reasoning);
    expect(usage.completion_tokens).toBeLessThanOrEqual(150);
    expect(answer.choices[0]?.message.content?.length).toBeGreaterThan(0);
    if (answer.choices[0]?.finish_reason === 'length') expect(usage.completion_tokens).toBe(150);
    const trace = await h.waitForTrace((t) => t.requestedModel === 'flash' && !t.stream && t.outputTokens === usage.completion_tokens);
    expect(trace.inputTokens).toBe(usage.prompt_tokens);
    expect(trace.costUsd).toBeCloseTo((usage.prompt_tokens * 0.3 + usage.completion_tokens * 2.5) / 1e6, 10);
  });

  it('answers the OpenAI SDK whole, with a tool call when tools are offered', async () => {
    const client = h.openai('any');
    const answer = await client.chat.completions.create({
      model: 'flash',
      messages: [{ role: 'user', content: 'What is the weather in Paris? Use the tool.' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      tool_choice: 'required',
    });
    const call = answer.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(answer.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams to the Anthropic SDK', async () => {
    const claude = h.anthropic('any');
    const message = await claude.messages.stream({ model: 'flash', max_tokens: 100, messages: [{ role: 'user', content: 'Hello there' }] }).finalMessage();
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('embeds through Gemini for the OpenAI SDK (base64, its default)', async () => {
    const client = h.openai('any');
    const result = await client.embeddings.create({ model: 'gembed', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
    // The model that made the vectors, as OpenAI names its own and as chat answers do here.
    expect(result.model).toBe('gemini-embedding-001');
  });
});

describe('Gemini errors as the OpenAI SDK sees them', () => {
  it('names the client’s own field when Google refuses a setting translated from it (n beyond Gemini’s candidateCount)', async () => {
    const client = new OpenAI({ baseURL: h.baseURL, apiKey: 'any', maxRetries: 0 });
    for (const stream of [false, true]) {
      const error = await client.chat.completions.create({ model: 'flash', n: 10, stream, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
      expect((error as Error).message).toMatch(/candidateCount: must be an integer between 1 and 8, got 10.*\(the request's "n"\)/s);
    }
  });

  it('keeps a quota 429 a 429 (RateLimitError), as for the other vendors, after the gateway’s own retries', async () => {
    const client = h.openai('any');
    h.sim.addFault({ kind: 'status', status: 429, model: 'gemini-2.5-flash', times: 3 });
    try {
      const error = await client.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      const trace = await h.traceOf((error as InstanceType<typeof OpenAI.APIError>).headers);
      expect(trace.attempts.map((a) => a.status)).toEqual([429, 429, 429]);
    } finally {
      h.sim.clearFaults();
    }
  });

  it('treats a key Google refuses (400 API_KEY_INVALID) as the target’s fault: the next target answers, and alone it is a 502, never the client’s 400 or 401', async () => {
    const client = h.openai('any');
    const { data, response } = await client.chat.completions.create({ model: 'stale-first', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
    expect(data.choices[0]?.message.content).toEqual(expect.any(String));
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => [a.provider, a.status])).toEqual([['google-stale', 401], ['google', 200]]);
    const error = await client.chat.completions.create({ model: 'stale-only', messages: [{ role: 'user', content: 'Hello' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain('API key not valid');
  });
});
