import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// Some models refuse sampling parameters that clients send by default (LangChain, the AI SDK and
// many apps send `temperature`): Claude Opus 4.7 on refuse `temperature`, `top_p` and `top_k`
// outright, OpenAI's reasoning models refuse all but `temperature: 1`, Gemini 2.5 on refuse
// penalties. The simulator refuses them as each vendor does; the gateway leaves them out for the
// model it sends to, per target, and names them on the trace with the reason.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim, `  oair: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }`)}
models:
  gpt5r: { provider: oair, model: gpt-5-mini }
  opus: { provider: anth, model: claude-opus-4-7 }
  claude-opus-4-7: { provider: anth, model: claude-opus-4-7 }
  gpt-5-mini: { provider: oai, model: gpt-5-mini }
  sonnet: { provider: anth, model: claude-sonnet-4-6 }
  gpt5: { provider: oai, model: gpt-5-mini }
  gpt52: { provider: oai, model: gpt-5.2 }
  sol62: { provider: oai, model: gpt-6.2-sol }
  astra62: { provider: oai, model: gpt-6.2-astra }
  gpt-6.2-sol: { provider: oai, model: gpt-6.2-sol }
  flash: { provider: gem, model: gemini-2.5-flash }
  chain:
    fallbacks: [ { provider: oai, model: gpt-4o }, { provider: anth, model: claude-opus-4-7 } ]
retry: { base_delay_ms: 5, max_delay_ms: 50 }`);
  openai = h.openai('x');
  anthropic = h.anthropic('x');
});
afterAll(() => h.close());

const sent = () => h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
const refused = async (response: Response) => (await h.traceOf(response)).decisions?.refused_sampling as Record<string, { params: string[]; reason: string }> | undefined;
const hi = [{ role: 'user' as const, content: 'Hi' }];
// The Anthropic SDK (1.16) no longer types temperature, top_p or top_k; clients still send them.
const sampling = (params: { temperature?: number; top_p?: number; top_k?: number }) => params as Record<string, never>;

describe('the simulator refuses sampling parameters as each vendor does', () => {
  it('answers Anthropic’s 400 for temperature on Claude Opus 4.7', async () => {
    const direct = new Anthropic({ apiKey: 'x', baseURL: h.sim.url, maxRetries: 0 });
    const error = await direct.messages.create({ model: 'claude-opus-4-7', max_tokens: 64, ...sampling({ temperature: 0.2 }), messages: hi }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: '`temperature` is deprecated for this model.' } });
    const topK = await direct.messages.create({ model: 'claude-mythos-5', max_tokens: 64, ...sampling({ top_k: 5 }), messages: hi }).catch((e: unknown) => e);
    expect((topK as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { message: '`top_k` is deprecated for this model.' } });
  });

  it('answers OpenAI’s unsupported_value and unsupported_parameter on a reasoning model, with the param', async () => {
    const direct = new OpenAI({ apiKey: 'x', baseURL: `${h.sim.url}/v1`, maxRetries: 0 });
    const hot = (await direct.chat.completions.create({ model: 'gpt-5-mini', temperature: 0.2, messages: hi }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect([hot.status, hot.type, hot.param, hot.code, hot.message]).toEqual([
      400, 'invalid_request_error', 'temperature', 'unsupported_value', "400 Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
    ]);
    // The Responses API words temperature as the other parameters, with no code (pydantic-ai's recorded probes).
    const responsesHot = (await direct.responses.create({ model: 'gpt-5', temperature: 0.5, input: 'Hi' }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect([responsesHot.status, responsesHot.param, responsesHot.code, responsesHot.message]).toEqual([400, 'temperature', null, "400 Unsupported parameter: 'temperature' is not supported with this model."]);
    const topP = (await direct.responses.create({ model: 'o4-mini', top_p: 0.9, input: 'Hi' }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect([topP.status, topP.param, topP.code, topP.message]).toEqual([400, 'top_p', 'unsupported_parameter', "400 Unsupported parameter: 'top_p' is not supported with this model."]);
    // The default temperature is taken, and gpt-5.2 samples when it does not reason (its default).
    await expect(direct.chat.completions.create({ model: 'gpt-5-mini', temperature: 1, messages: hi })).resolves.toBeTruthy();
    await expect(direct.chat.completions.create({ model: 'gpt-5.2', temperature: 0.2, messages: hi })).resolves.toBeTruthy();
    const reasoning = (await direct.chat.completions.create({ model: 'gpt-5.2', reasoning_effort: 'low', temperature: 0.2, messages: hi }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(reasoning.code).toBe('unsupported_value');
  });

  it('answers Google’s 400 for a penalty on Gemini 2.5', async () => {
    const response = await fetch(`${h.sim.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'AIza-x' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { frequencyPenalty: 0.5 } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, message: 'Penalty is not enabled for models/gemini-2.5-flash', status: 'INVALID_ARGUMENT' } });
  });
});

describe('the gateway sends each model only the sampling parameters it takes', () => {
  it('answers an OpenAI client’s temperature and top_p on Claude Opus 4.7, and names them with the reason', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'opus', temperature: 0.2, top_p: 0.9, messages: hi }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(sent()).not.toHaveProperty('temperature');
    expect(sent()).not.toHaveProperty('top_p');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature, top_p');
    const why = await refused(response);
    expect(why?.['claude-opus-4-7']?.params).toEqual(['temperature', 'top_p']);
    expect(why?.['claude-opus-4-7']?.reason).toContain('`temperature` is deprecated for this model.');
  });

  it('streams to Claude Opus 4.7 too, and still sends temperature to Claude Sonnet 4.6', async () => {
    const stream = await openai.chat.completions.create({ model: 'opus', stream: true, temperature: 0.7, messages: hi });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBeTruthy();
    expect(sent()).not.toHaveProperty('temperature');
    const { response } = await openai.chat.completions.create({ model: 'sonnet', temperature: 0.7, messages: hi }).withResponse();
    expect(sent()).toMatchObject({ temperature: 0.7 });
    expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
  });

  it('answers an Anthropic client’s temperature and top_p on gpt-5-mini', async () => {
    const { data, response } = await anthropic.messages.create({ model: 'gpt5', max_tokens: 256, ...sampling({ temperature: 0.2, top_p: 0.9 }), messages: hi }).withResponse();
    expect(data.content[0]).toMatchObject({ type: 'text' });
    expect(sent()).not.toHaveProperty('temperature');
    expect(sent()).not.toHaveProperty('top_p');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature, top_p');
    expect((await refused(response))?.['gpt-5-mini']?.params).toEqual(['temperature', 'top_p']);
  });

  it('keeps an Anthropic client’s temperature for gpt-5.2 when it does not reason, and drops it when it thinks', async () => {
    await anthropic.messages.create({ model: 'gpt52', max_tokens: 256, ...sampling({ temperature: 0.2 }), messages: hi });
    expect(sent()).toMatchObject({ temperature: 0.2 });
    const { response } = await anthropic.messages
      .create({ model: 'gpt52', max_tokens: 4096, ...sampling({ temperature: 0.5 }), thinking: { type: 'enabled', budget_tokens: 1024 }, messages: hi })
      .withResponse();
    expect(sent()).toMatchObject({ reasoning_effort: 'low' });
    expect(sent()).not.toHaveProperty('temperature');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature');
  });

  it('leaves out an Anthropic client’s temperature for Claude Opus 4.7 behind an alias on the same-format path, as it holds the output cap there', async () => {
    const { data, response } = await anthropic.messages.create({ model: 'opus', max_tokens: 64, ...sampling({ temperature: 0.5, top_k: 40 }), messages: hi }).withResponse();
    expect(data.content[0]).toMatchObject({ type: 'text' });
    expect(sent()).not.toHaveProperty('temperature');
    expect(sent()).not.toHaveProperty('top_k');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature, top_k');
    expect((await refused(response))?.['claude-opus-4-7']?.params).toEqual(['temperature', 'top_k']);
  });

  it('leaves out an OpenAI client’s LangChain-style defaults for gpt-5-mini on the same-format path, and keeps temperature 1', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'gpt5', temperature: 0, top_p: 1, presence_penalty: 0, frequency_penalty: 0, messages: hi })
      .withResponse();
    for (const name of ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty']) expect(sent()).not.toHaveProperty(name);
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature, top_p, presence_penalty, frequency_penalty');
    await openai.chat.completions.create({ model: 'gpt5', temperature: 1, messages: hi });
    expect(sent()).toMatchObject({ temperature: 1 });
  });

  it('sends a same-format request that names the upstream model itself as it came: the client meets the provider’s own 400', async () => {
    const claude = await anthropic.messages.create({ model: 'claude-opus-4-7', max_tokens: 64, ...sampling({ temperature: 0.5 }), messages: hi }).catch((e: unknown) => e);
    expect(claude).toBeInstanceOf(Anthropic.BadRequestError);
    expect((claude as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message: '`temperature` is deprecated for this model.' } });
    const gpt = (await openai.chat.completions.create({ model: 'gpt-5-mini', temperature: 0.2, messages: hi }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect([gpt.status, gpt.param, gpt.code]).toEqual([400, 'temperature', 'unsupported_value']);
  });

  it('answers a Responses client’s temperature on gpt-5-mini (translated to chat)', async () => {
    const { data, response } = await openai.responses.create({ model: 'gpt5', temperature: 0.3, input: 'Hi' }).withResponse();
    expect(data.output_text).toBeTruthy();
    expect(sent()).not.toHaveProperty('temperature');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature');
  });

  it('leaves out a Responses client’s temperature and top_p for gpt-5-mini behind an alias on the native Responses path', async () => {
    const { data, response } = await openai.responses.create({ model: 'gpt5r', temperature: 0.3, top_p: 0.5, input: 'Hi' }).withResponse();
    expect(data.output_text).toBeTruthy();
    expect(sent()).not.toHaveProperty('temperature');
    expect(sent()).not.toHaveProperty('top_p');
    expect(sent()).toHaveProperty('input', 'Hi');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('temperature, top_p');
    expect(await h.traceOf(response).then((t) => t.decisions?.dropped_params)).toEqual({ responses: ['temperature', 'top_p'] });
  });

  it('leaves out a penalty Gemini 2.5 refuses, and sends one of 0', async () => {
    const { response } = await openai.chat.completions.create({ model: 'flash', frequency_penalty: 0.5, presence_penalty: 0, messages: hi }).withResponse();
    expect(sent()).toMatchObject({ generationConfig: { presencePenalty: 0 } });
    expect(JSON.stringify(sent())).not.toContain('frequencyPenalty');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('frequency_penalty');
    expect((await refused(response))?.['gemini-2.5-flash']?.params).toEqual(['frequency_penalty']);
  });

  it('drops per target in a fallback chain: gpt-4o gets the temperature, Claude Opus 4.7 after it does not', async () => {
    h.sim.addFault({ kind: 'status', status: 503, model: 'gpt-4o', times: 10 });
    try {
      const { data, response } = await openai.chat.completions.create({ model: 'chain', temperature: 0.3, messages: hi }).withResponse();
      expect(data.choices[0]?.message.content).toBeTruthy();
      const requests = h.sim.stats().lastRequests.map((r) => r.body as Record<string, unknown>);
      const toGpt = requests.filter((body) => body.model === 'gpt-4o');
      expect(toGpt.length).toBeGreaterThan(0);
      for (const body of toGpt) expect(body).toMatchObject({ temperature: 0.3 });
      expect(sent()).toMatchObject({ model: 'claude-opus-4-7' });
      expect(sent()).not.toHaveProperty('temperature');
      expect(Object.keys((await refused(response)) ?? {})).toEqual(['claude-opus-4-7']);
    } finally {
      h.sim.clearFaults();
    }
  });
});

// Claude reports its thinking apart within output_tokens (`usage.output_tokens_details.thinking_tokens`,
// typed by the Anthropic SDK): an OpenAI client reads it as reasoning_tokens, and the trace keeps it.
describe('Claude’s thinking count', () => {
  it('reaches an OpenAI client as reasoning_tokens, whole and streamed, a Responses client too, and the trace', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'sonnet', reasoning_effort: 'medium', messages: hi }).withResponse();
    const reasoning = data.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(reasoning).toBeLessThan(data.usage?.completion_tokens ?? 0);
    expect((await h.traceOf(response)).reasoningTokens).toBe(reasoning);

    const stream = await openai.chat.completions.create({ model: 'sonnet', reasoning_effort: 'medium', stream: true, stream_options: { include_usage: true }, messages: hi });
    let streamed = 0;
    for await (const chunk of stream) streamed = chunk.usage?.completion_tokens_details?.reasoning_tokens ?? streamed;
    expect(streamed).toBeGreaterThan(0);

    const answer = await openai.responses.create({ model: 'sonnet', reasoning: { effort: 'medium' }, input: 'Hi' });
    expect(answer.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('stays in an Anthropic client’s own usage, and on the trace', async () => {
    const { data, response } = await anthropic.messages
      .create({ model: 'sonnet', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: hi })
      .withResponse();
    const thinking = data.usage.output_tokens_details?.thinking_tokens ?? 0;
    expect(thinking).toBeGreaterThan(0);
    expect((await h.traceOf(response)).reasoningTokens).toBe(thinking);

    const { data: stream, response: streamed } = await anthropic.messages
      .create({ model: 'sonnet', max_tokens: 4096, stream: true, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: hi })
      .withResponse();
    let counted = 0;
    for await (const event of stream) if (event.type === 'message_delta') counted = event.usage.output_tokens_details?.thinking_tokens ?? counted;
    expect(counted).toBeGreaterThan(0);
    expect((await h.traceOf(streamed)).reasoningTokens).toBe(counted);
  });
});

describe('the gpt-6 family (openai 7.10 to 7.58), a reasoning family like gpt-5', () => {
  it('an Anthropic client’s max_tokens goes as max_completion_tokens, its temperature is left out and its stop sequences refused, as for gpt-5', async () => {
    // Before, a gpt-6 model got the GPT-4-era shape, which OpenAI refuses on it (max_tokens first).
    const { data, response } = await anthropic.messages.create({ model: 'sol62', max_tokens: 300, ...sampling({ temperature: 0.3 }), messages: hi }).withResponse();
    expect(data.content[0]?.type).toBe('text');
    expect(sent()).toMatchObject({ max_completion_tokens: 300 });
    for (const name of ['max_tokens', 'temperature']) expect(sent()).not.toHaveProperty(name);
    expect(Object.keys((await refused(response)) ?? {})).toEqual(['gpt-6.2-sol']);
    // Stop sequences are refused before they leave, naming the client's field, as for gpt-5.
    const stop = await anthropic.messages.create({ model: 'sol62', max_tokens: 300, stop_sequences: ['END'], messages: hi }).catch((e: unknown) => e);
    expect(stop).toBeInstanceOf(Anthropic.BadRequestError);
    expect((stop as Error).message).toContain("stop_sequences is not supported by gpt-6.2-sol: OpenAI's reasoning models refuse stop sequences");
  });

  it('function tools beside reasoning on chat completions: OpenAI’s 400 from the simulated model, naming the way out', async () => {
    const direct = new OpenAI({ apiKey: 'x', baseURL: `${h.sim.url}/v1`, maxRetries: 0 });
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    for (const effort of [{}, { reasoning_effort: 'high' as const }]) {
      const error = await direct.chat.completions.create({ model: 'gpt-6.2-sol', messages: hi, tools, ...effort }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('reasoning_effort');
      expect((error as Error).message).toContain("Function tools with reasoning_effort are not supported for gpt-6.2-sol in /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to 'none'.");
    }
    const without = await direct.chat.completions.create({ model: 'gpt-6.2-sol', messages: hi, tools, reasoning_effort: 'none' });
    expect(without.choices[0]?.finish_reason).toMatch(/stop|tool_calls/);
  });

  it('a chat client’s tools beside reasoning to the gpt-6 model it named go by the Responses API, whole and streamed; with reasoning_effort none, byte for byte over chat', async () => {
    // Before, the gateway passed the body through byte for byte and the client met OpenAI's 400.
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const reasoned = await openai.chat.completions.create({ model: 'gpt-6.2-sol', messages: hi, tools, tool_choice: 'required', reasoning_effort: 'high' });
    expect(reasoned.choices[0]?.finish_reason).toBe('tool_calls');
    expect(reasoned.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'lookup' } });
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/responses', body: { model: 'gpt-6.2-sol', reasoning: { effort: 'high' }, tools: [{ type: 'function', name: 'lookup' }] } });
    // No effort named: the model's default, which reasons; nothing is turned off for a client that named the model.
    const streamed = await openai.chat.completions.create({ model: 'gpt-6.2-sol', messages: hi, tools, tool_choice: 'required', stream: true });
    let name = '';
    for await (const chunk of streamed) name += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name ?? '';
    expect(name).toBe('lookup');
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream).toMatchObject({ path: '/v1/responses', body: { model: 'gpt-6.2-sol', stream: true } });
    expect((upstream?.body as { reasoning?: { effort?: string } }).reasoning?.effort).not.toBe('none');
    // A body chat takes goes as it was sent.
    const none = await openai.chat.completions.create({ model: 'gpt-6.2-sol', messages: hi, tools, reasoning_effort: 'none' });
    expect(none.choices[0]?.finish_reason).toMatch(/stop|tool_calls/);
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/chat/completions', body: { model: 'gpt-6.2-sol', reasoning_effort: 'none', tools } });
  });

  it('a chat client’s tools sent to an alias of a gpt-6 model: without reasoning when it named no effort, by the Responses API when it did', async () => {
    // Before, both were OpenAI's 400: the client named "sol62" and could not know what it reaches.
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const plain = await openai.chat.completions.create({ model: 'sol62', messages: hi, tools });
    expect(plain.choices[0]?.finish_reason).toMatch(/stop|tool_calls/);
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/chat/completions', body: { model: 'gpt-6.2-sol', reasoning_effort: 'none' } });
    const reasoned = await openai.chat.completions.create({ model: 'sol62', messages: hi, tools, tool_choice: 'required', reasoning_effort: 'high' });
    expect(reasoned.choices[0]?.finish_reason).toBe('tool_calls');
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/responses', body: { model: 'gpt-6.2-sol', reasoning: { effort: 'high' } } });
    const streamed = await openai.chat.completions.create({ model: 'astra62', messages: hi, tools, tool_choice: 'required', stream: true });
    let name = '';
    for await (const chunk of streamed) name += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name ?? '';
    expect(name).toBe('lookup');
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/responses', body: { model: 'gpt-6.2-astra', stream: true } });
  });

  it('an Anthropic client’s tools, with no thinking asked, go with reasoning_effort none, said on the trace (it has no way to say it for one model)', async () => {
    // Before, every tool call a Claude-format client (Claude Code…) made to a gpt-6 model was that 400.
    const tools = [{ name: 'lookup', description: 'Look it up', input_schema: { type: 'object' as const, properties: {} } }];
    const { data, response } = await anthropic.messages.create({ model: 'sol62', max_tokens: 300, tools, messages: hi }).withResponse();
    expect(['end_turn', 'tool_use']).toContain(data.stop_reason);
    expect(sent()).toMatchObject({ reasoning_effort: 'none' });
    expect((await h.traceOf(response)).decisions?.reasoning_effort).toEqual({
      requested: 'the model default',
      sent: 'none',
      model: 'gpt-6.2-sol',
      reason: 'gpt-6.2-sol takes function tools on chat completions only without reasoning; with thinking asked, the call goes by the Responses API, which keeps both',
    });
  });

  it('thinking asked beside tools, and tools on an Astra model (no "none"), go by the Responses API, which keeps both', async () => {
    // Before, both were refused before they left: chat completions takes no tools beside reasoning on gpt-6.
    const tools = [{ name: 'lookup', description: 'Look it up', input_schema: { type: 'object' as const, properties: {} } }];
    const thinking = await anthropic.messages.create({ model: 'sol62', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools, messages: hi });
    expect(['end_turn', 'tool_use']).toContain(thinking.stop_reason);
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/responses');
    expect(upstream?.body).toMatchObject({ model: 'gpt-6.2-sol', reasoning: { effort: 'low' }, tools: [{ type: 'function', name: 'lookup' }] });
    const astra = await anthropic.messages.create({ model: 'astra62', max_tokens: 300, tools, tool_choice: { type: 'any' }, messages: hi });
    expect(astra.stop_reason).toBe('tool_use');
    expect(h.sim.stats().lastRequests.at(-1)).toMatchObject({ path: '/v1/responses', body: { model: 'gpt-6.2-astra' } });
    // Thinking turned off goes as "none", and the call is answered.
    const off = await anthropic.messages.create({ model: 'sol62', max_tokens: 300, thinking: { type: 'disabled' }, tools, messages: hi });
    expect(['end_turn', 'tool_use']).toContain(off.stop_reason);
  });
});
