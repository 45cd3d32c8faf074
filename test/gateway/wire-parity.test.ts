import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';
import { pngImage } from '../../src/test-support/png-image.js';

/**
 * What a client sees must not depend on which vendor answers: the same mistake gets the same 400,
 * and a translated answer carries every field the client's own API always sends.
 */
let h: Harness;
let openai: OpenAI;
/** The simulator as OpenAI itself, without the gateway. */
let direct: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim, `  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }`)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  native: { provider: oai-native, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
`);
  openai = h.openai('x');
  direct = new OpenAI({ apiKey: 'sk-up', baseURL: `${h.sim.url}/v1`, maxRetries: 0 });
});
afterAll(() => h.close());

/** The fields of an SDK error a client branches on. */
async function refusal(call: Promise<unknown>): Promise<{ status: unknown; type: unknown; param: unknown; code: unknown; message: unknown }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const { status, type, param, code, error: body } = error as InstanceType<typeof OpenAI.APIError>;
  return { status, type, param, code, message: (body as { message?: unknown } | undefined)?.message };
}

describe('top_logprobs without logprobs', () => {
  it('gets OpenAI’s own 400 from every backend, whole and streamed; with logprobs: true, OpenAI-wire backends answer with them', async () => {
    const messages = [{ role: 'user' as const, content: 'Say hi' }];
    const openAIs = await refusal(direct.chat.completions.create({ model: 'gpt-4.1-mini', messages, top_logprobs: 2 }));
    expect(openAIs).toEqual({ status: 400, type: 'invalid_request_error', param: 'top_logprobs', code: null, message: "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is specified." });
    for (const model of ['gpt', 'sonnet', 'flash']) {
      expect([model, await refusal(openai.chat.completions.create({ model, messages, top_logprobs: 2 }))]).toEqual([model, openAIs]);
      expect([model, await refusal(openai.chat.completions.create({ model, messages, top_logprobs: 2, logprobs: false, stream: true }))]).toEqual([model, openAIs]);
    }
    for (const model of ['gpt', 'flash']) {
      const answer = await openai.chat.completions.create({ model, messages, top_logprobs: 2, logprobs: true });
      expect([model, answer.choices[0]?.logprobs?.content?.[0]?.top_logprobs.length]).toEqual([model, 2]);
    }
  });
});

describe('the Messages API’s own refusals for an Anthropic client, on every backend', () => {
  it('an empty conversation, temperature above 1 and a thinking budget below 1,024 get Claude’s 400 in Claude’s words, whatever the model', async () => {
    const claude = new Anthropic({ apiKey: 'sk-ant-up', baseURL: h.sim.url, maxRetries: 0 });
    const anthropic = h.anthropic('x');
    const refused = (call: Promise<unknown>) =>
      call.then(
        () => 'answered',
        (e: InstanceType<typeof Anthropic.APIError>) => ({ status: e.status, error: (e.error as { error?: unknown }).error }),
      );
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const cases: Record<string, unknown>[] = [{ messages: [] }, { temperature: 1.5 }, { thinking: { type: 'enabled', budget_tokens: 500 }, max_tokens: 2000 }];
    for (const fields of cases) {
      const body = { max_tokens: 100, messages, ...fields };
      const claudes = await refused(claude.messages.create({ model: 'claude-sonnet-4-5-20250929', ...body } as Anthropic.MessageCreateParamsNonStreaming));
      expect(claudes).toMatchObject({ status: 400, error: { type: 'invalid_request_error' } });
      for (const model of ['sonnet', 'gpt', 'flash']) expect([model, await refused(anthropic.messages.create({ model, ...body } as Anthropic.MessageCreateParamsNonStreaming))]).toEqual([model, claudes]);
    }
  });
});

describe('stream_options without stream', () => {
  it('gets OpenAI’s own 400 (param stream_options, no code) from every backend', async () => {
    const messages = [{ role: 'user' as const, content: 'Say hi' }];
    const body = { messages, stream_options: { include_usage: true } };
    const openAIs = await refusal(direct.chat.completions.create({ model: 'gpt-4.1-mini', ...body }));
    expect(openAIs).toEqual({ status: 400, type: 'invalid_request_error', param: 'stream_options', code: null, message: "The 'stream_options' parameter is only allowed when 'stream' is enabled." });
    for (const model of ['gpt', 'sonnet', 'flash']) {
      expect([model, await refusal(openai.chat.completions.create({ model, ...body }))]).toEqual([model, openAIs]);
      expect([model, await refusal(openai.chat.completions.create({ model, ...body, stream: false }))]).toEqual([model, openAIs]);
    }
  });
});

describe('Responses API refusals on every backend', () => {
  it('max_output_tokens below 16 gets OpenAI’s 400 word for word, and input of the wrong type OpenAI’s param and code', async () => {
    const openAIs = await refusal(direct.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', max_output_tokens: 10 }));
    expect(openAIs).toEqual({ status: 400, type: 'invalid_request_error', param: 'max_output_tokens', code: 'integer_below_min_value', message: "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 10 instead." });
    const wrongInput = await refusal(direct.responses.create({ model: 'gpt-4.1-mini', input: 5 as unknown as string }));
    for (const model of ['native', 'gpt', 'sonnet', 'flash']) {
      expect([model, await refusal(openai.responses.create({ model, input: 'Hi', max_output_tokens: 10 }))]).toEqual([model, openAIs]);
      const { message: _, ...kind } = await refusal(openai.responses.create({ model, input: 5 as unknown as string }));
      expect([model, kind]).toEqual([model, { status: wrongInput.status, type: wrongInput.type, param: wrongInput.param, code: wrongInput.code }]);
    }
  });
});

describe('tool_choice without tools', () => {
  const messages = [{ role: 'user' as const, content: 'What time is it in Oslo?' }];
  const choices: OpenAI.ChatCompletionToolChoiceOption[] = ['auto', 'none', 'required', { type: 'function', function: { name: 'get_time' } }];

  it('gets OpenAI’s own 400 from every backend (chat completions), whole and streamed', async () => {
    for (const tool_choice of choices) {
      const openAIs = await refusal(direct.chat.completions.create({ model: 'gpt-4.1-mini', messages, tool_choice }));
      expect(openAIs).toEqual({
        status: 400,
        type: 'invalid_request_error',
        param: 'tool_choice',
        code: null,
        message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      });
      for (const model of ['gpt', 'sonnet', 'flash']) {
        expect([model, tool_choice, await refusal(openai.chat.completions.create({ model, messages, tool_choice }))]).toEqual([model, tool_choice, openAIs]);
        expect([model, tool_choice, await refusal(openai.chat.completions.create({ model, messages, tool_choice, stream: true }))]).toEqual([model, tool_choice, openAIs]);
      }
    }
    // With tools, or without tool_choice, each backend answers.
    for (const model of ['gpt', 'sonnet', 'flash']) {
      const answer = await openai.chat.completions.create({ model, messages });
      expect(answer.choices[0]?.message.content).toEqual(expect.any(String));
    }
  });

  it('gives a Responses client the Responses API’s answer on every backend: "auto" and "none" answer, "required" and a named function are refused', async () => {
    const nativeRequired = await refusal(direct.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', tool_choice: 'required' }));
    expect(nativeRequired).toMatchObject({ status: 400, param: 'tool_choice', message: "Tool choice 'required' must be specified with 'tools' parameter." });
    const nativeNamed = await refusal(direct.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', tool_choice: { type: 'function', name: 'get_time' } }));
    expect(nativeNamed).toMatchObject({ status: 400, param: 'tool_choice', message: "Tool choice 'get_time' not found in 'tools' parameter." });
    for (const model of ['native', 'gpt', 'sonnet', 'flash']) {
      for (const tool_choice of ['auto', 'none'] as const) {
        const response = await openai.responses.create({ model, input: 'Hi', tool_choice });
        expect([model, tool_choice, response.status, typeof response.output_text]).toEqual([model, tool_choice, 'completed', 'string']);
      }
      expect([model, await refusal(openai.responses.create({ model, input: 'Hi', tool_choice: 'required' }))]).toEqual([model, nativeRequired]);
      expect([model, await refusal(openai.responses.create({ model, input: 'Hi', tool_choice: { type: 'function', name: 'get_time' } }))]).toEqual([model, nativeNamed]);
    }
  });

  it('answers an Anthropic client’s tool_choice without tools on every backend, as Claude does (OpenAI’s refusal, in OpenAI’s words, reached it)', async () => {
    const anthropic = h.anthropic('x');
    for (const model of ['sonnet', 'gpt', 'flash']) {
      const message = await anthropic.messages.create({ model, max_tokens: 100, tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: 'Hi' }] });
      expect([model, message.stop_reason]).toEqual([model, 'end_turn']);
    }
  });
});

describe('an empty tools list', () => {
  const messages = [{ role: 'user' as const, content: 'What time is it in Oslo?' }];

  it('gets OpenAI’s own 400 (empty_array) from every backend (chat completions), whole and streamed, before any tool_choice', async () => {
    const openAIs = await refusal(direct.chat.completions.create({ model: 'gpt-4.1-mini', messages, tools: [] }));
    expect(openAIs).toEqual({
      status: 400,
      type: 'invalid_request_error',
      param: 'tools',
      code: 'empty_array',
      message: "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    });
    expect(await refusal(direct.chat.completions.create({ model: 'gpt-4.1-mini', messages, tools: [], tool_choice: 'auto' }))).toEqual(openAIs);
    for (const model of ['gpt', 'sonnet', 'flash']) {
      expect([model, await refusal(openai.chat.completions.create({ model, messages, tools: [] }))]).toEqual([model, openAIs]);
      expect([model, await refusal(openai.chat.completions.create({ model, messages, tools: [], stream: true }))]).toEqual([model, openAIs]);
      expect([model, await refusal(openai.chat.completions.create({ model, messages, tools: [], tool_choice: 'none' }))]).toEqual([model, openAIs]);
    }
  });

  it('is no tools to a Responses or an Anthropic client, as their own APIs take it', async () => {
    const anthropic = h.anthropic('x');
    for (const model of ['gpt', 'sonnet', 'flash']) {
      expect([model, (await openai.responses.create({ model, input: 'Hi', tools: [] })).status]).toEqual([model, 'completed']);
      expect([model, (await anthropic.messages.create({ model, max_tokens: 100, tools: [], messages: [{ role: 'user', content: 'Hi' }] })).stop_reason]).toEqual([model, 'end_turn']);
    }
  });
});

describe('a field that is there but of the wrong type', () => {
  /** A body field the SDK's types would refuse, sent as a careless client sends it. */
  const wrong = <T>(value: unknown) => value as T;

  it('is named with what was expected and what came, not called "required", for every client format', async () => {
    const anthropic = h.anthropic('x');
    const anthropicMessage = async (call: Promise<unknown>) => {
      const error = await call.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      return ((error as InstanceType<typeof Anthropic.APIError>).error as { error?: { message?: unknown } }).error?.message;
    };
    for (const model of ['gpt', 'sonnet']) {
      expect(await refusal(openai.chat.completions.create({ model, messages: wrong('Hi') }))).toEqual({
        status: 400,
        type: 'invalid_request_error',
        param: 'messages',
        code: 'invalid_type',
        message: 'invalid request: messages: expected array, got "Hi"',
      });
      expect(await anthropicMessage(anthropic.messages.create({ model, max_tokens: 50, messages: wrong('Hi') }))).toBe('invalid request: messages: expected array, got "Hi"');
      expect(await anthropicMessage(anthropic.messages.create({ model, max_tokens: 0, messages: [{ role: 'user', content: 'Hi' }] }))).toBe('invalid request: max_tokens: expected a positive integer, got 0');
      expect(await anthropicMessage(anthropic.messages.countTokens({ model, messages: wrong({ role: 'user' }) }))).toBe('invalid request: messages: expected array, got {"role":"user"}');
    }
    expect((await refusal(openai.chat.completions.create({ model: wrong(7), messages: [{ role: 'user', content: 'Hi' }] }))).message).toBe('invalid request: model: expected string (a configured model name), got 7');
    expect((await refusal(openai.responses.create({ model: wrong(['gpt']), input: 'Hi' }))).message).toBe('invalid request: model: expected string (a configured model name), got ["gpt"]');
    expect((await refusal(openai.embeddings.create({ model: wrong(false), input: 'Hi' }))).message).toBe('invalid request: model: expected string (a configured model name), got false');
  });

  it('keeps "is required" for a field that is missing', async () => {
    expect(await refusal(openai.chat.completions.create(wrong({ model: 'gpt' })))).toMatchObject({ param: 'messages', code: 'missing_required_parameter', message: '"messages" is required: an array of messages, got nothing' });
    const missing = await fetch(`${h.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'x', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'sonnet', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('"max_tokens" is required: a positive integer, got nothing');
  });
});

describe('the reasoning in a streamed call’s trace', () => {
  it('is kept as in a whole answer’s trace (reasoning_content), from OpenAI-compatible, Claude and Gemini models', async () => {
    h.sim.addScript({ match: 'ponder 91', thinking: '91 is 7 times 13.', reply: 'Not prime.' });
    for (const model of ['gpt', 'sonnet', 'flash']) {
      // gpt-4.1-mini does not reason: the simulator's script gives its reasoning, as vLLM or DeepSeek
      // would. Gemini's thought summaries come back when the client asks (`include_reasoning`).
      const effort = model === 'gpt' ? {} : { reasoning_effort: 'high' as const, ...(model === 'flash' ? { include_reasoning: true } : {}) };
      const body = { model, ...effort, max_completion_tokens: 3000, messages: [{ role: 'user' as const, content: 'Please ponder 91: prime?' }] };
      const whole = await openai.chat.completions.create(body).withResponse();
      const given = (whole.data.choices[0]?.message as { reasoning_content?: string }).reasoning_content;
      expect(given?.length, model).toBeGreaterThan(0);
      const wholeTrace = (await h.traceOf(whole.response.headers.get('x-switchyard-trace-id'))).response as { choices: { message: { reasoning_content?: string } }[] };
      expect([model, wholeTrace.choices[0]?.message.reasoning_content]).toEqual([model, given]);

      const streamed = await openai.chat.completions.create({ ...body, stream: true }).withResponse();
      let reasoning = '';
      for await (const chunk of streamed.data) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      expect(reasoning.length, model).toBeGreaterThan(0);
      const streamTrace = (await h.traceOf(streamed.response.headers.get('x-switchyard-trace-id'))).response as { choices: { message: { reasoning_content?: string } }[] };
      expect([model, streamTrace.choices[0]?.message.reasoning_content]).toEqual([model, reasoning]);
    }
  });
});

describe('usage an Anthropic client gets from OpenAI and Gemini models', () => {
  /** Every field of the SDK's `Usage` (the compiler refuses this object when the SDK adds or drops one). */
  const USAGE_FIELDS: Record<keyof Anthropic.Usage, true> = {
    cache_creation: true,
    cache_creation_input_tokens: true,
    cache_read_input_tokens: true,
    inference_geo: true,
    input_tokens: true,
    output_tokens: true,
    output_tokens_details: true,
    server_tool_use: true,
    service_tier: true,
    speed: true,
  };

  it('carries every field of Anthropic’s Usage, whole and streamed, as Claude sends them', async () => {
    const anthropic = h.anthropic('x');
    const request = { max_tokens: 100, messages: [{ role: 'user' as const, content: 'Say hello' }] };
    const claude = await anthropic.messages.create({ model: 'sonnet', ...request });
    for (const model of ['gpt', 'flash']) {
      const whole = await anthropic.messages.create({ model, ...request });
      const streamed = await anthropic.messages.stream({ model, ...request }).finalMessage();
      for (const [how, usage] of [['whole', whole.usage], ['streamed', streamed.usage]] as const) {
        expect([model, how, Object.keys(usage).sort()]).toEqual([model, how, Object.keys(USAGE_FIELDS).sort()]);
        // What Claude itself sends has the same values where no server tool ran.
        expect([model, how, usage]).toMatchObject([
          model,
          how,
          {
            cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            service_tier: claude.usage.service_tier,
            inference_geo: claude.usage.inference_geo,
            server_tool_use: null,
            speed: null,
          },
        ]);
        expect([model, how, usage.input_tokens > 0, usage.output_tokens > 0]).toEqual([model, how, true, true]);
      }
      expect([model, streamed.usage.input_tokens]).toEqual([model, whole.usage.input_tokens]);
    }
    expect(claude.usage).toMatchObject({ service_tier: 'standard', inference_geo: 'not_available' });
  });

  /** Every field of the SDK's `Message`, checked by the compiler as USAGE_FIELDS is. */
  const MESSAGE_FIELDS: Record<keyof Anthropic.Message, true> = {
    id: true,
    type: true,
    role: true,
    model: true,
    content: true,
    stop_reason: true,
    stop_sequence: true,
    stop_details: true,
    container: true,
    diagnostics: true,
    usage: true,
  };

  it('answers with every field of Anthropic’s Message, whole and streamed: stop_details, container and diagnostics null', async () => {
    const anthropic = h.anthropic('x');
    const request = { max_tokens: 100, messages: [{ role: 'user' as const, content: 'Say hello' }] };
    for (const model of ['gpt', 'flash']) {
      const whole = await anthropic.messages.create({ model, ...request });
      const streamed = await anthropic.messages.stream({ model, ...request }).finalMessage();
      for (const [how, message] of [['whole', whole], ['streamed', streamed]] as const) {
        // parsed_output is the SDK stream helper's own addition.
        const fields = Object.keys(message).filter((key) => key !== 'parsed_output');
        expect([model, how, fields.sort()]).toEqual([model, how, Object.keys(MESSAGE_FIELDS).sort()]);
        expect([model, how, message.stop_details, message.container, message.diagnostics]).toEqual([model, how, null, null, null]);
      }
    }
  });

  it('reports the upstream’s reasoning tokens as output_tokens_details.thinking_tokens', async () => {
    const anthropic = h.anthropic('x');
    const message = await anthropic.messages.create({ model: 'flash', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Think, then say hi' }] });
    expect(message.usage.output_tokens_details).toEqual({ thinking_tokens: expect.any(Number) });
    expect(message.usage.output_tokens_details!.thinking_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens_details!.thinking_tokens).toBeLessThanOrEqual(message.usage.output_tokens);
  });
});

describe('count_tokens with images, on models without a counting endpoint', () => {
  it('counts each image as OpenAI (by model and size) and Gemini (by tiles) charge it', async () => {
    const anthropic = h.anthropic('x');
    const text = { type: 'text' as const, text: 'What is in these pictures?' };
    const image = (width: number, height: number) => ({ type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: pngImage(width, height).toString('base64') } });
    const count = async (model: string, content: Anthropic.ContentBlockParam[]) => (await anthropic.messages.countTokens({ model, messages: [{ role: 'user', content }] })).input_tokens;
    // gpt-4.1-mini counts 32 px patches × 1.62 (1,024 for 1024 × 1024, 70 for 200 × 300, at most 1,536); Gemini 2.5 258 a tile (one up to 384 × 384).
    const expected: Record<string, [number, number, number]> = { gpt: [1659, 114, 2489], flash: [1032, 258, 258] };
    for (const [model, [square, small, url]] of Object.entries(expected)) {
      const alone = await count(model, [text]);
      expect([model, (await count(model, [text, image(1024, 1024)])) - alone]).toEqual([model, square]);
      expect([model, (await count(model, [text, image(1024, 1024), image(200, 300)])) - alone]).toEqual([model, square + small]);
      // An image by URL is not fetched: OpenAI's largest cost for the model, Gemini's one tile.
      const byUrl = await count(model, [text, { type: 'image', source: { type: 'url', url: 'https://example.com/photo.png' } }]);
      expect([model, byUrl - alone]).toEqual([model, url]);
    }
  });
});

describe('Claude’s thinking signature through a Responses API tool loop', () => {
  const tools: OpenAI.Responses.FunctionTool[] = [
    { type: 'function', name: 'get_weather', description: 'Weather in a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  ];
  const asked: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'What is the weather in Oslo?' };
  const request = { model: 'sonnet', tools, reasoning: { effort: 'low' as const }, store: false, include: ['reasoning.encrypted_content' as const] };

  /** The next turn's input: the question, every output item as the SDK gave it, and the call's result. */
  function nextInput(first: OpenAI.Responses.Response): OpenAI.Responses.ResponseInputItem[] {
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call?.type === 'function_call' && call.name).toBe('get_weather');
    return [asked, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: (call as OpenAI.Responses.ResponseFunctionToolCall).call_id, output: '4°C and clear' }];
  }

  /** The last request Claude received: its thinking setting and the answered turn's blocks. */
  function sentToClaude(): { thinking?: { type: string }; messages: { role: string; content: { type: string; signature?: string }[] }[] } {
    return h.sim.stats().lastRequests.at(-1)?.body as ReturnType<typeof sentToClaude>;
  }

  it('carries the signed thinking in encrypted_content when include asks, so the next turn thinks again, whole and streamed', async () => {
    for (const stream of [false, true]) {
      const first = stream ? await openai.responses.stream({ ...request, input: [asked] }).finalResponse() : await openai.responses.create({ ...request, input: [asked] });
      const reasoning = first.output.find((item) => item.type === 'reasoning') as OpenAI.Responses.ResponseReasoningItem | undefined;
      expect([stream, typeof reasoning?.encrypted_content]).toEqual([stream, 'string']);
      const signature = sentToClaude().thinking?.type === 'enabled' ? 'sent' : 'none';
      expect([stream, signature]).toEqual([stream, 'sent']);

      const second = stream
        ? await openai.responses.stream({ ...request, input: nextInput(first) }).finalResponse()
        : await openai.responses.create({ ...request, input: nextInput(first) });
      expect([stream, second.status]).toEqual([stream, 'completed']);
      const sent = sentToClaude();
      // Thinking stays on, and the answered turn starts with Claude's own signed block (the simulator checks the signature as Claude does).
      expect([stream, sent.thinking?.type]).toEqual([stream, 'enabled']);
      const turn = sent.messages.find((message) => message.role === 'assistant');
      expect([stream, turn?.content[0]?.type, turn?.content.at(-1)?.type]).toEqual([stream, 'thinking', 'tool_use']);
      expect([stream, typeof turn?.content[0]?.signature, (turn?.content[0]?.signature ?? '').length > 0]).toEqual([stream, 'string', true]);
    }
  });

  it('leaves encrypted_content out unless include asks, and the next turn goes without thinking as before', async () => {
    const { include: _, ...plain } = request;
    const first = await openai.responses.create({ ...plain, input: [asked] });
    expect(first.output.find((item) => item.type === 'reasoning')).not.toHaveProperty('encrypted_content');
    const second = await openai.responses.create({ ...plain, input: nextInput(first) });
    expect(second.status).toBe('completed');
    expect(sentToClaude().thinking).toBeUndefined();
  });

  it('keeps the signed thinking server-side for a stored response, so previous_response_id thinks again without include, and never shows it, whole and streamed', async () => {
    const { include: _, store: __, ...stored } = request;
    for (const stream of [false, true]) {
      const first = stream ? await openai.responses.stream({ ...stored, input: [asked] }).finalResponse() : await openai.responses.create({ ...stored, input: [asked] });
      const reasoning = first.output.find((item) => item.type === 'reasoning');
      expect([stream, reasoning?.type, reasoning]).toEqual([stream, 'reasoning', expect.not.objectContaining({ encrypted_content: expect.anything() })]);
      const call = first.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
      const next = { ...stored, previous_response_id: first.id, input: [{ type: 'function_call_output' as const, call_id: call.call_id, output: '4°C and clear' }] };
      const second = stream ? await openai.responses.stream(next).finalResponse() : await openai.responses.create(next);
      expect([stream, second.status]).toEqual([stream, 'completed']);
      const sent = sentToClaude();
      // Thinking stays on, and the answered turn starts with Claude's own signed block (the simulator checks the signature as Claude does).
      expect([stream, sent.thinking?.type]).toEqual([stream, 'enabled']);
      const turn = sent.messages.find((message) => message.role === 'assistant');
      expect([stream, turn?.content[0]?.type, (turn?.content[0]?.signature ?? '').length > 0, turn?.content.at(-1)?.type]).toEqual([stream, 'thinking', true, 'tool_use']);
      // What the client can read back of either turn carries none of it.
      for (const shown of [first, second, await openai.responses.retrieve(first.id), await openai.responses.retrieve(second.id), await openai.responses.inputItems.list(second.id)]) {
        expect([stream, JSON.stringify(shown).includes('encrypted_content')]).toEqual([stream, false]);
      }
    }
  });

  it('takes the same items to another vendor, which gets no Claude thinking (a chat client’s thinking_blocks: chat-thinking-blocks.test.ts)', async () => {
    const first = await openai.responses.create({ ...request, input: [asked] });
    // gpt-4.1-mini does not reason, and refuses reasoning.effort as OpenAI does.
    const { reasoning: _, ...noEffort } = request;
    for (const model of ['gpt', 'flash']) {
      const second = await openai.responses.create({ ...(model === 'gpt' ? noEffort : request), model, input: nextInput(first) });
      expect([model, second.status]).toEqual([model, 'completed']);
      expect([model, JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body).includes('thinking_blocks')]).toEqual([model, false]);
    }
  });
});
