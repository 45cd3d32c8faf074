/**
 * The OpenAI Responses API through the gateway, as an application sees it with the official SDK
 * unchanged: `responses.create`, `.stream()`, `create({ stream: true })`, function calls and
 * structured output, against every kind of provider (OpenAI-compatible translated to chat
 * completions, OpenAI with `responses: native`, Anthropic, Gemini), traced and costed.
 */
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { lookupOrder, MODELS, responsesConfig } from './responses-config.js';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  // `thinker` is a Claude model that thinks (claude-standin has no extended thinking).
  h = await startHarness('', (simUrl) => responsesConfig(simUrl).replace('keys:', '  thinker: { provider: standin-anthropic, model: claude-sonnet-4-5, price: { input_per_mtok: 3.00, output_per_mtok: 15.00 } }\nkeys:'));
  client = h.openai('sk-sy-alpha-key');
});
afterAll(() => h.close());

const lastUpstream = () => h.sim.stats().lastRequests.at(-1);

describe.each(MODELS)('responses on model %s', (model) => {
  it('answers text with usage, traced as a responses call with its cost', async () => {
    const response = await client.responses.create({ model, instructions: 'Answer briefly.', input: 'Tell me about trains.' });
    expect(response).toMatchObject({ object: 'response', status: 'completed' });
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    const trace = await h.waitForTrace((t) => t.endpoint === 'responses' && t.requestedModel === model && !t.stream);
    expect(trace).toMatchObject({ status: 200, keyName: 'alpha', inputTokens: response.usage?.input_tokens, outputTokens: response.usage?.output_tokens });
    expect(trace.costUsd).toBeGreaterThan(0);
  });

  it('streams with the SDK helper: typed events in order, numbered from 0, and a final response', async () => {
    const stream = client.responses.stream({ model, input: 'Say something about rate limits.' });
    const events: { type: string; sequence_number: number }[] = [];
    let text = '';
    stream.on('event', (event) => events.push(event));
    stream.on('response.output_text.delta', (event) => {
      text += event.delta;
    });
    const final = await stream.finalResponse();
    const types = events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toContain('response.output_item.added');
    expect(types).toContain('response.output_text.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(text);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    const trace = await h.waitForTrace((t) => t.endpoint === 'responses' && t.requestedModel === model && t.stream);
    expect(trace.status).toBe(200);
    expect(trace.outputTokens).toBe(final.usage?.output_tokens);
  });

  it('calls a function and answers its output in a second turn sent statelessly', async () => {
    const first = await client.responses.create({ model, input: 'Where is order 1234? Use lookup_order.', tools: [lookupOrder], tool_choice: 'required', store: false });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(`expected a function call, got ${JSON.stringify(first.output)}`);
    expect(call.name).toBe('lookup_order');
    expect(typeof (JSON.parse(call.arguments) as { order_id?: unknown }).order_id).toBe('string');
    expect(call.call_id.length).toBeGreaterThan(0);
    const second = await client.responses.create({
      model,
      input: [{ role: 'user', content: 'Where is order 1234? Use lookup_order.' }, call, { type: 'function_call_output', call_id: call.call_id, output: '{"status":"shipped"}' }],
      tools: [lookupOrder],
    });
    expect(second.output.some((item) => item.type === 'message')).toBe(true);
    expect(second.output_text.length).toBeGreaterThan(0);
  });

  it('fills a json_schema text format that the zod helper parses', async () => {
    const Ticket = z.object({ category: z.enum(['billing', 'technical', 'account']), urgent: z.boolean() });
    const parsed = await client.responses.parse({ model, input: 'I was charged twice, fix it today!', text: { format: zodTextFormat(Ticket, 'ticket') } });
    expect(Ticket.safeParse(parsed.output_parsed).success).toBe(true);
  });
});

describe.each(['thinker', 'flash'] as const)('reasoning summaries on translated model %s', (model) => {
  const reasoning = { effort: 'low', summary: 'auto' } as const;
  const summaryOf = (response: OpenAI.Responses.Response) => {
    const item = response.output.find((o) => o.type === 'reasoning');
    return item?.type === 'reasoning' ? item.summary.map((part) => part.text).join('') : undefined;
  };

  it("returns the provider's thinking as the summary asked for, whole and through the SDK's stream helper", async () => {
    const whole = await client.responses.create({ model, input: 'Which train is faster?', max_output_tokens: 2000, reasoning });
    expect(whole.reasoning).toMatchObject({ summary: 'auto' });
    expect(summaryOf(whole)?.length).toBeGreaterThan(0);
    const stream = client.responses.stream({ model, input: 'Which train is faster?', max_output_tokens: 2000, reasoning });
    let streamed = '';
    stream.on('response.reasoning_summary_text.delta', (event) => {
      streamed += event.delta;
    });
    const final = await stream.finalResponse();
    expect(streamed.length).toBeGreaterThan(0);
    expect(summaryOf(final)).toBe(streamed);
    expect(final.output_text.length).toBeGreaterThan(0);
  });

  it('without a summary asked for, keeps Claude thinking as reasoning_text content (Gemini sends no thoughts then)', async () => {
    const whole = await client.responses.create({ model, input: 'Which train is faster?', max_output_tokens: 2000, reasoning: { effort: 'low' } });
    const item = whole.output.find((o) => o.type === 'reasoning');
    if (model === 'flash') expect(item).toBeUndefined();
    else expect(item).toMatchObject({ summary: [], content: [{ type: 'reasoning_text' }] });
  });
});

/** Tools as the Codex CLI offers them to its default model: in an input item, its code mode's `exec` a custom (free text) tool. */
const additionalTools = {
  type: 'additional_tools',
  role: 'developer',
  tools: [
    { type: 'namespace', name: 'functions', description: '', tools: [{ type: 'custom', name: 'exec', description: 'Run JavaScript code', format: { type: 'grammar', syntax: 'lark', definition: 'start: /[\\s\\S]+/' } }] },
    { type: 'namespace', name: 'clock', description: 'Time', tools: [{ type: 'function', name: 'sleep', parameters: { type: 'object', properties: { ms: { type: 'number' } } } }] },
  ],
};

describe.each(['small', 'claude', 'flash'] as const)('tools in an additional_tools input item, on translated model %s', (model) => {
  it('offers them to the model, answers a custom tool call as one, and takes its output in the next turn', async () => {
    const input = [additionalTools, { role: 'user', content: 'Use the exec tool to list the files' }] as unknown as OpenAI.Responses.ResponseInput;
    const first = await client.responses.create({ model, input });
    const call = first.output.find((item) => item.type === 'custom_tool_call');
    expect(call, JSON.stringify(first.output)).toMatchObject({ type: 'custom_tool_call', name: 'exec', input: expect.any(String), call_id: expect.any(String) });
    expect(call).not.toHaveProperty('namespace');
    expect(JSON.stringify(lastUpstream()?.body)).toContain('clock__sleep');

    // Only the output goes back: the tools come from the stored turn.
    const output = { type: 'custom_tool_call_output', call_id: call?.call_id, output: 'notes.txt README.md' };
    const second = await client.responses.create({ model, previous_response_id: first.id, input: [output] as unknown as OpenAI.Responses.ResponseInput });
    expect(second.status).toBe('completed');
    expect(JSON.stringify(lastUpstream()?.body)).toContain('notes.txt README.md');
  });
});

describe("an OpenAI upstream's own 400 on the Responses API", () => {
  it('reaches a Responses client of a native provider as OpenAI wrote it', async () => {
    const error = (await client.responses.create({ model: 'native', input: 'Hi', ...({ x_flag: true } as object) }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message: "Unknown parameter: 'x_flag'.", type: 'invalid_request_error', param: 'x_flag', code: 'unknown_parameter' });
  });
});

describe('a reasoning summary level OpenAI does not know', () => {
  it.each(['small', 'claude', 'flash'])('is refused on translated model %s, as OpenAI refuses it, rather than answered without a summary', async (model) => {
    for (const field of ['summary', 'generate_summary'] as const) {
      const reasoning = { effort: 'low', [field]: 'verbose' } as unknown as OpenAI.Reasoning;
      const error = (await client.responses.create({ model, input: 'Hi', reasoning }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.error).toMatchObject({ param: `reasoning.${field}`, code: 'invalid_value', message: `Invalid value: "verbose". Supported values are: 'auto', 'concise', and 'detailed'.` });
    }
  });
});

describe('what each provider receives', () => {
  it('gives a native provider the request as sent, only the model replaced', async () => {
    const params = { model: 'native', instructions: 'Be brief.', input: 'Hello', temperature: 0.3, metadata: { ticket: 'T-1' }, tools: [lookupOrder] };
    await client.responses.create(params);
    expect(lastUpstream()).toMatchObject({ path: '/v1/responses' });
    expect(lastUpstream()?.body).toEqual({ ...params, model: 'standin-small' });
  });

  it('gives a chat provider instructions as the system message and function tools in chat form', async () => {
    await client.responses.create({ model: 'small', instructions: 'Be brief.', input: 'Hello', max_output_tokens: 50, tools: [lookupOrder], reasoning: { effort: 'low' } });
    expect(lastUpstream()).toMatchObject({ path: '/v1/chat/completions' });
    expect(lastUpstream()?.body).toMatchObject({
      model: 'standin-small',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 50,
      reasoning_effort: 'low',
      tools: [{ type: 'function', function: { name: 'lookup_order', parameters: lookupOrder.parameters, strict: true } }],
    });
  });

  it('takes parallel_tool_calls and tool_choice "auto" without tools, as the Responses API does, on a chat provider that refuses them then', async () => {
    // OpenAI's chat refuses both without tools ("'parallel_tool_calls' is only allowed when
    // 'tools' are specified"), and a web search tool, dropped for a chat model, left none: the
    // Responses client met that 400, whole and streamed.
    for (const tools of [undefined, [{ type: 'web_search' as const }]]) {
      for (const stream of [false, true]) {
        const request = { model: 'small', input: 'Hello', parallel_tool_calls: false, tool_choice: 'auto' as const, ...(tools ? { tools } : {}) };
        const answer = stream ? await client.responses.stream(request).finalResponse() : await client.responses.create(request);
        expect(answer.status, JSON.stringify({ tools, stream })).toBe('completed');
        expect(answer.parallel_tool_calls).toBe(false);
        expect(lastUpstream()?.body).not.toHaveProperty('parallel_tool_calls');
        expect(lastUpstream()?.body).not.toHaveProperty('tool_choice');
      }
    }
    // With a function tool they go on as sent.
    await client.responses.create({ model: 'small', input: 'Hello', parallel_tool_calls: false, tools: [lookupOrder] });
    expect(lastUpstream()?.body).toMatchObject({ parallel_tool_calls: false });
  });

  it('gives Anthropic a function call and its output as tool_use and tool_result blocks', async () => {
    await client.responses.create({
      model: 'claude',
      input: [
        { role: 'user', content: 'Where is order 7?' },
        { type: 'function_call', call_id: 'call_7', name: 'lookup_order', arguments: '{"order_id":"7"}' },
        { type: 'function_call_output', call_id: 'call_7', output: 'shipped' },
      ],
      tools: [lookupOrder],
    });
    const sent = lastUpstream()?.body as { messages: { role: string; content: { type: string; id?: string; tool_use_id?: string }[] }[] };
    expect(sent.messages[1]?.content[0]).toMatchObject({ type: 'tool_use', id: 'call_7', name: 'lookup_order', input: { order_id: '7' } });
    expect(sent.messages[2]?.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'call_7' });
  });

  it('iterates the raw stream of create({ stream: true }) and ends with response.completed', async () => {
    const stream = await client.responses.create({ model: 'claude', input: 'Hello', stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
  });

  it('stops at max_output_tokens with an incomplete response', async () => {
    h.sim.addScript({ match: 'long story', reply: 'word '.repeat(200) });
    try {
      const response = await client.responses.create({ model: 'small', input: 'Tell me a long story', max_output_tokens: 20 });
      expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    } finally {
      h.sim.clearScripts();
    }
  });
});

describe.each(MODELS)('responses.inputTokens.count() on model %s', (model) => {
  it('counts the input as create sends it, the turns of previous_response_id included, without calling the model', async () => {
    const request = { model, instructions: 'Answer briefly.', input: 'Tell me about trains.' };
    const before = h.sim.stats().requests;
    const { data: counted, response } = await client.responses.inputTokens.count(request).withResponse();
    expect(h.sim.stats().requests).toBe(before);
    expect(counted.object).toBe('response.input_tokens');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const first = await client.responses.create(request);
    // Counted locally (o200k), as count_tokens counts for models that do not count natively.
    expect(Math.abs(counted.input_tokens - (first.usage?.input_tokens ?? 0))).toBeLessThanOrEqual(3);
    const next = await client.responses.inputTokens.count({ model, previous_response_id: first.id, input: 'And buses?' });
    // The earlier turn adds at least its answer's tokens (counted here as a message of its own).
    const answer = await client.responses.inputTokens.count({ model, instructions: 'Answer briefly.', input: first.output_text });
    expect(next.input_tokens).toBeGreaterThan(answer.input_tokens + 5);
  });

  it('answers a model it does not serve with the NotFoundError create gives', async () => {
    const error = await client.responses.inputTokens.count({ model: `${model}-nope`, input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });
});

describe.each(MODELS)('the Response object on model %s', (model) => {
  it('echoes the request settings OpenAI echoes, and the tier that served it, whole and streamed', async () => {
    const request = { model, input: 'Hi', service_tier: 'auto' as const, safety_identifier: 'user-hash-1', prompt_cache_key: 'support-v1', prompt_cache_retention: '24h' as const, max_tool_calls: 3 };
    const echoed = { service_tier: 'default', safety_identifier: 'user-hash-1', prompt_cache_key: 'support-v1', prompt_cache_retention: '24h', max_tool_calls: 3, top_logprobs: 0 };
    expect(await client.responses.create(request)).toMatchObject(echoed);
    expect(await client.responses.stream(request).finalResponse()).toMatchObject(echoed);
  });
});
