import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  client = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('Anthropic SDK through the gateway', () => {
  it('passes native Anthropic traffic through to an Anthropic provider', async () => {
    const message = await client.messages.create({
      model: 'claude',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(message.type).toBe('message');
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/messages');
    expect(upstream?.body).toMatchObject({ model: 'claude-standin', system: 'Be brief.', max_tokens: 64 });
    expect(upstream?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('forwards the client\'s anthropic-beta header to Anthropic providers', async () => {
    await client.messages.create(
      { model: 'claude', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31' } },
    );
    expect(h.sim.stats().lastRequests.at(-1)?.headers['anthropic-beta']).toBe('prompt-caching-2024-07-31');
  });

  it('streams event for event and accounts usage', async () => {
    const stream = client.messages.stream({ model: 'claude', max_tokens: 128, messages: [{ role: 'user', content: 'Tell me a short story' }] });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();
    expect(final.content[0]?.type === 'text' && final.content[0].text.length).toBeGreaterThan(0);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types).toContain('content_block_delta');
    const { response } = await stream.withResponse();
    const trace = await h.waitForTrace((t) => t.id === response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ endpoint: 'messages', stream: true, provider: 'standin-anthropic', status: 200 });
    expect(trace?.outputTokens).toBe(final.usage.output_tokens);
  });

  it('translates to an OpenAI provider and back, tools included, streamed and not', async () => {
    const plain = await client.messages.create({
      model: 'small',
      max_tokens: 100,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/chat/completions');
    expect(upstream?.body).toMatchObject({ model: 'standin-small', tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(plain.stop_reason).toBe('tool_use');
    const toolUse = plain.content.find((b) => b.type === 'tool_use');
    expect(toolUse?.type === 'tool_use' && toolUse.name).toBe('get_weather');

    const streamed = await client.messages
      .stream({
        model: 'small',
        max_tokens: 100,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '4°C and clear' }] },
        ],
      })
      .finalMessage();
    expect(streamed.content.length).toBeGreaterThan(0);
    expect(streamed.usage.output_tokens).toBeGreaterThan(0);
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string; tool_call_id?: string }[] };
    expect(sent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sent.messages[2]?.tool_call_id).toBe('toolu_1');
  });

  it('answers a tool call the token limit cut short as each vendor does: from an OpenAI model the tool_use block and stop_reason max_tokens, from Claude finish_reason length, whole and streamed', async () => {
    const request = {
      model: 'small',
      max_tokens: 6,
      tools: [{ ...weatherTool, input_schema: { ...weatherTool.input_schema, properties: { city: { type: 'string' }, details: { type: 'string' } }, required: ['city', 'details'] } }],
      tool_choice: { type: 'any' as const },
      messages: [{ role: 'user' as const, content: 'Weather in Oslo, with all the details?' }],
    };
    // OpenAI itself cuts the call: finish_reason "length" and its arguments' JSON broken off.
    const openai = h.openai('sk-sy-test');
    const cut = await openai.chat.completions.create({ model: 'small', max_tokens: 6, tools: [{ type: 'function', function: { name: 'get_weather', parameters: request.tools[0]!.input_schema } }], tool_choice: 'required', messages: request.messages });
    expect(cut.choices[0]?.finish_reason).toBe('length');
    const args = cut.choices[0]?.message.tool_calls?.[0];
    expect(() => JSON.parse(args?.type === 'function' ? args.function.arguments : '{}')).toThrow();

    const before = h.sim.stats().requests;
    const whole = await client.messages.create(request);
    // One upstream call: the cut is an answer, not an upstream fault to retry into the same cut.
    expect(h.sim.stats().requests - before).toBe(1);
    expect(whole.stop_reason).toBe('max_tokens');
    expect(whole.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'get_weather', input: {} });
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.stop_reason).toBe('max_tokens');
    expect(streamed.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'get_weather' });

    // The other way round: Claude cut the call, and an OpenAI client hears "length", as from OpenAI.
    const openaiTools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: request.tools[0]!.input_schema } }];
    const fromClaude = await openai.chat.completions.create({ model: 'claude', max_tokens: 6, tools: openaiTools, tool_choice: 'required', messages: request.messages });
    expect(fromClaude.choices[0]).toMatchObject({ finish_reason: 'length', message: { tool_calls: [{ function: { name: 'get_weather' } }] } });
    const streamedFromClaude = await openai.chat.completions.stream({ model: 'claude', max_tokens: 6, tools: openaiTools, tool_choice: 'required', messages: request.messages }).finalChatCompletion();
    expect(streamedFromClaude.choices[0]?.finish_reason).toBe('length');
  });

  it('gives every answer a request id where the SDK reads it (message._request_id), whole and streamed, native and translated', async () => {
    for (const model of ['claude', 'small']) {
      const { data: message, response } = await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      // The SDK sets _request_id on the data withResponse() hands back too; its type there is the bare Message.
      const data: typeof message & { _request_id?: string | null } = message;
      expect(data._request_id).toMatch(/^req_/);
      expect(data._request_id).toBe(response.headers.get('x-request-id'));
      const stream = client.messages.stream({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      const final = await stream.finalMessage();
      expect(stream.request_id).toMatch(/^req_/);
      expect(final.content.length).toBeGreaterThan(0);
    }
  });

  it('answers errors in the Anthropic shape with a request id', async () => {
    const error = await client.messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect((apiError.error as { error: { message: string } }).error.message).toContain('model "nope" is not configured');
    expect(apiError.requestID).toMatch(/^req_/);

    const missing = await fetch(`${h.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-sy-test', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('"max_tokens" is required') } });
  });

  it('lists models in the Anthropic shape for the Anthropic SDK, the chat models only, as Anthropic lists what /v1/messages serves', async () => {
    const page = await client.models.list();
    // `embed` (an embedding model) is served on /v1/embeddings, not here: a model picker built on this list offered it as a chat model.
    expect(page.data.map((m) => m.id).sort()).toEqual(['claude', 'resilient', 'small']);
    expect(page.data[0]?.type).toBe('model');
  });

  it('pages the model list as the Anthropic API does (limit, after_id, before_id), so auto-pagination walks it', async () => {
    const all = (await client.models.list()).data.map((m) => m.id);
    const walked: string[] = [];
    for await (const model of client.models.list({ limit: 1 })) walked.push(model.id);
    expect(walked).toEqual(all);
    const first = await client.models.list({ limit: 2 });
    expect(first.data.map((m) => m.id)).toEqual(all.slice(0, 2));
    expect(first.has_more).toBe(true);
    expect(first.last_id).toBe(all[1]);
    const next = await client.models.list({ limit: 2, after_id: all[1] });
    expect(next.data.map((m) => m.id)).toEqual(all.slice(2, 4));
    expect(next.has_more).toBe(false);
    const before = await client.models.list({ limit: 1, before_id: all[2] });
    expect(before.data.map((m) => m.id)).toEqual([all[1]]);
    expect(before.has_more).toBe(true);
    const bad = await client.models.list({ limit: 0 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, error: { error: { message: expect.stringContaining('limit must be an integer from 1 to 1000') } } });
    const unknown = await client.models.list({ after_id: 'nope' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 400, error: { error: { message: expect.stringContaining('after_id: no model "nope"') } } });
  });
});

describe('the model list, as Anthropic\'s ModelInfo', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  mixed:
    fallbacks: [ { provider: anth, model: claude-sonnet-4-5-20250929 }, { provider: oai, model: gpt-4.1-mini } ]
  local: { provider: oai, model: standin-small }`);
  });
  afterAll(() => local.close());

  it('has every field the API reference marks as always present: the output limit every target gives, null for what the gateway does not know', async () => {
    const claude = local.anthropic('x');
    const info = await claude.models.retrieve('sonnet');
    expect(info).toEqual({
      type: 'model', id: 'sonnet', display_name: 'sonnet', created_at: expect.any(String),
      capabilities: null, deprecated_at: null, lifecycle: 'active', line: null, max_input_tokens: 200_000, max_tokens: 64_000, retires_at: null,
    });
    expect((await claude.models.retrieve('local')).max_input_tokens).toBeNull();
    const listed = Object.fromEntries((await claude.models.list()).data.map((m) => [m.id, m.max_tokens]));
    // A fallback may answer from GPT-4.1 mini (32,768); a stand-in's limit is unknown.
    expect(listed).toEqual({ sonnet: 64_000, mixed: 32_768, local: null });
    // The OpenAI SDK's list keeps OpenAI's Model shape.
    const openai = local.openai('x');
    expect((await openai.models.retrieve('sonnet'))).toEqual({ id: 'sonnet', object: 'model', created: expect.any(Number), owned_by: 'switchyard' });
  });
});

describe("an upstream's own 400", () => {
  const ask = { max_tokens: 20, messages: [{ role: 'user' as const, content: 'Hi' }] };

  it('reaches an Anthropic client of an Anthropic provider as the provider wrote it, with the gateway\'s request id', async () => {
    h.sim.addFault({ kind: 'status', status: 400, message: 'messages.0.content: Input should be a valid list', model: 'claude-standin', times: 1 });
    const error = (await client.messages.create({ model: 'claude', ...ask }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'messages.0.content: Input should be a valid list' }, request_id: error.requestID });
    expect(error.requestID).toMatch(/^req_/);
    const trace = await h.traceOf(error.headers?.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 400, errorMessage: 'provider "standin-anthropic" answered 400: messages.0.content: Input should be a valid list' });
  });

  it('reaches a translated client in its own shape, naming the provider', async () => {
    // Anthropic client, OpenAI provider: Anthropic's type for the status.
    h.sim.addFault({ kind: 'status', status: 400, message: "Invalid 'messages[0].content': string too long.", model: 'standin-small', times: 1 });
    const claudeSide = (await client.messages.create({ model: 'small', ...ask }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(claudeSide).toBeInstanceOf(Anthropic.BadRequestError);
    expect(claudeSide.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: `provider "standin-openai" answered 400: Invalid 'messages[0].content': string too long.` } });
    // OpenAI client, Anthropic provider: OpenAI's type, the gateway's code (OpenAI has none for the case).
    h.sim.addFault({ kind: 'status', status: 400, message: 'max_tokens: 100000 > 64000, which is the maximum allowed', model: 'claude-standin', times: 1 });
    const openai = h.openai('sk-sy-test');
    const openaiSide = (await openai.chat.completions.create({ model: 'claude', messages: ask.messages }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(openaiSide).toBeInstanceOf(OpenAI.BadRequestError);
    expect(openaiSide.error).toEqual({ message: 'provider "standin-anthropic" answered 400: max_tokens: 100000 > 64000, which is the maximum allowed', type: 'invalid_request_error', param: null, code: 'upstream_error' });
  });

  it("gives an OpenAI client of Claude OpenAI's context_length_exceeded for Claude's 'prompt is too long', and an Anthropic client Claude's words", async () => {
    const tooLong = 'prompt is too long: 208310 tokens > 200000 maximum';
    h.sim.addFault({ kind: 'status', status: 400, message: tooLong, model: 'claude-standin', times: 1 });
    const openai = h.openai('sk-sy-test');
    const openaiSide = (await openai.chat.completions.create({ model: 'claude', messages: ask.messages }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(openaiSide).toBeInstanceOf(OpenAI.BadRequestError);
    expect(openaiSide.error).toMatchObject({ type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' });
    h.sim.addFault({ kind: 'status', status: 400, message: tooLong, model: 'claude-standin', times: 1 });
    const claudeSide = (await client.messages.create({ model: 'claude', ...ask }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(claudeSide.error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: tooLong }, request_id: claudeSide.requestID });
  });
});

describe('an overload Claude reports in-band before it answers', () => {
  it('is retried unheard: the client streams the retry\'s message alone, one message_start, no error event', async () => {
    // Anthropic sends its 200 and message_start, then `event: error` (overloaded_error): before
    // anything was said, so the attempt can still be retried as a whole answer's 529 is.
    h.sim.addFault({ kind: 'status', status: 529, afterChunks: 1, model: 'claude-standin', times: 1 });
    const { data: stream, response } = await client.messages.create({ model: 'claude', max_tokens: 128, stream: true, messages: [{ role: 'user', content: 'Tell me a short story' }] }).withResponse();
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(types).toContain('content_block_delta');
    expect(types.at(-1)).toBe('message_stop');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 200, stream: true });
    expect(trace.attempts.map((attempt) => attempt.code ?? attempt.status)).toEqual([529, 200]);
  });
});

describe('errors an OpenAI-compatible upstream sends mid-stream', () => {
  it('reach an Anthropic client as an error event of the type their status stands for (429: rate_limit_error)', async () => {
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 3, model: 'standin-small', times: 1 });
    const stream = client.messages.stream({ model: 'small', max_tokens: 256, messages: [{ role: 'user', content: 'Tell me a long story' }] });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    // No status: the error came in-band, after the 200 and the first events.
    expect(error).toMatchObject({ status: undefined, type: 'rate_limit_error', error: { type: 'error', error: { type: 'rate_limit_error' } } });
  });

  it.each([
    // OpenAI's and OpenAI-compatible servers' names for an overload, a timeout, a spent quota; a generic server error stays api_error.
    [{ type: 'server_error', code: 'engine_overloaded' }, 'overloaded_error', 503],
    [{ type: 'server_error', code: 'server_is_overloaded' }, 'overloaded_error', 503],
    [{ type: 'service_unavailable', code: 'service_unavailable' }, 'overloaded_error', 503],
    [{ type: 'server_error', code: 'timeout' }, 'timeout_error', 504],
    [{ type: 'insufficient_quota', code: 'insufficient_quota' }, 'rate_limit_error', 429],
    [{ type: 'server_error', code: 'server_error' }, 'api_error', 502],
    // OpenAI's own today, and its older overload: server_error, code null, only the words say it.
    [{ type: 'service_unavailable_error', code: 'server_is_overloaded' }, 'overloaded_error', 503],
    [{ type: 'server_error', message: 'That model is currently overloaded with other requests.' }, 'overloaded_error', 503],
  ])('map an in-band %o to the Anthropic type it stands for: %s (traced as %d)', async (named, type, status) => {
    h.sim.addFault({ kind: 'status', status: 500, afterChunks: 3, model: 'standin-small', times: 1, ...named });
    const { data: stream, response } = await client.messages.create({ model: 'small', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] }).withResponse();
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    // Before: every one but the quota reached the client as api_error.
    expect(error).toMatchObject({ status: undefined, type, error: { type: 'error', error: { type } } });
    expect(await h.traceOf(response.headers.get('x-switchyard-trace-id'))).toMatchObject({ stream: true, status });
  });

  it('are traced with the status of the in-band error, not as 502s', async () => {
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 3, model: 'standin-small', times: 1 });
    const { data: stream, response } = await client.messages.create({ model: 'small', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] }).withResponse();
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: undefined, type: 'rate_limit_error' });
    expect(response.status).toBe(200);
    expect(await h.traceOf(response.headers.get('x-switchyard-trace-id'))).toMatchObject({ stream: true, status: 429, errorCode: 'upstream_error' });
  });
});

describe('text read together with an in-band error', () => {
  it.each([
    ['claude', 'claude-standin', 'the same format'],
    ['small', 'standin-small', 'a translated stream'],
  ])('reaches the client ahead of the error, and the trace has its time to first token (%s: %s)', async (model, upstream) => {
    // The simulator writes the first events and the error at once: one read for the gateway.
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 6, model: upstream, times: 1 });
    const { data: stream, response } = await client.messages.create({ model, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] }).withResponse();
    let text = '';
    const error = await (async () => {
      for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: undefined, type: 'rate_limit_error' });
    expect(text.length).toBeGreaterThan(0);
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace.status).toBe(429);
    expect(trace.ttftMs).toBeGreaterThan(0);
  });
});

describe('errors Claude sends mid-stream to an Anthropic client', () => {
  it('reach it as Claude wrote them, with the gateway\'s request id, and are traced in the gateway\'s words', async () => {
    h.sim.addFault({ kind: 'status', status: 529, afterChunks: 3, model: 'claude-standin', times: 1 });
    const { data: stream, response } = await client.messages.create({ model: 'claude', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] }).withResponse();
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(response.status).toBe(200);
    const requestId = response.headers.get('request-id');
    expect(requestId).toMatch(/^req_/);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: requestId });
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ stream: true, status: 529, errorCode: 'upstream_error' });
    expect(trace.errorMessage).toContain('provider "standin-anthropic"');
  });

  it("keep the upstream's words, less the credentials they echo", async () => {
    h.sim.addFault({ kind: 'status', status: 500, afterChunks: 2, model: 'claude-standin', times: 1, message: 'Internal server error (upstream key sk-ant-upstream rejected by a shard)' });
    const stream = client.messages.stream({ model: 'claude', max_tokens: 256, messages: [{ role: 'user', content: 'Tell me a long story' }] });
    const error = (await stream.finalMessage().catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'api_error', message: 'Internal server error (upstream key [redacted] rejected by a shard)' } });
  });
});

describe('count_tokens', () => {
  it('forwards to an Anthropic provider and counts locally for an OpenAI one', async () => {
    const messages = [{ role: 'user' as const, content: 'How many tokens is this sentence, roughly speaking?' }];
    const native = await client.messages.countTokens({ model: 'claude', messages });
    expect(native.input_tokens).toBeGreaterThan(5);
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/messages/count_tokens', body: { model: 'claude-standin' } });
    const local = await client.messages.countTokens({ model: 'small', messages, system: 'Be brief.' });
    expect(local.input_tokens).toBeGreaterThan(10);
    expect(local.input_tokens).toBeLessThan(40);
    const error = await client.messages.countTokens({ model: 'nope', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe('an upstream that stays overloaded through the gateway’s own retries', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
providers:
  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
models:
  busy-a: { provider: anth, model: claude-sonnet-4-5-20250929 }
  busy-b: { provider: anth, model: claude-haiku-4-5-20251001 }
retry: { max_attempts: 2, base_delay_ms: 5, max_delay_ms: 20 }`);
  });
  afterAll(() => local.close());

  it('answers an Anthropic client 529 overloaded_error, and an OpenAI client 503', async () => {
    local.sim.addFault({ kind: 'status', status: 529, model: 'claude-sonnet-4-5-20250929', times: 2 });
    const anthropic = local.anthropic('x');
    const error = await anthropic.messages.create({ model: 'busy-a', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });

    local.sim.addFault({ kind: 'status', status: 529, model: 'claude-haiku-4-5-20251001', times: 2 });
    const openai = local.openai('x');
    const failed = await openai.chat.completions.create({ model: 'busy-b', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed).toMatchObject({ status: 503, type: 'service_unavailable_error', code: 'server_is_overloaded' });
    expect(local.sim.stats().requests).toBe(4);
  });
});
