/**
 * The gateway as the OpenAI Agents SDK (`@openai/agents`) drives it: an `OpenAIProvider` pointed at
 * the gateway's base URL, over the Responses API (the SDK's default) and over chat completions.
 * The agent loop sends the function call and its output back as input items on the next turn,
 * reads usage from every response and, streamed, assembles the run from Responses stream events;
 * every kind of provider sits behind it.
 */
import { Agent, OpenAIChatCompletionsModel, OpenAIProvider, OpenAIResponsesModel, Runner, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

const cities: string[] = [];
const getWeather = tool({
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    cities.push(city);
    return `${city}: 21 degrees and sunny`;
  },
});

function runnerFor(api: 'responses' | 'chat'): Runner {
  const modelProvider = new OpenAIProvider({ apiKey: 'sk-sy-alpha-key', baseURL: h.baseURL, useResponses: api === 'responses' });
  return new Runner({ modelProvider, tracingDisabled: true });
}

const agentFor = (model: string) => new Agent({ name: 'Weather', instructions: 'Answer weather questions with the tool.', model, tools: [getWeather], modelSettings: { maxTokens: 400 } });

/**
 * The item types of a run, in order, without the reasoning items some backends add and without
 * the sentence Claude says before calling a tool ("I'll use the get_weather tool…").
 */
function itemTypes(items: readonly { type: string }[]): string[] {
  const types = items.map((item) => item.type).filter((type) => type !== 'reasoning_item');
  return types[0] === 'message_output_item' && types[1] === 'tool_call_item' ? types.slice(1) : types;
}

describe.each(['responses', 'chat'] as const)('Agents SDK over %s', (api) => {
  it.each(MODELS)('%s: runs the function tool and answers after it, with usage over both turns', async (name) => {
    cities.length = 0;
    const result = await runnerFor(api).run(agentFor(name), 'What is the weather in Oslo?');
    expect(itemTypes(result.newItems)).toEqual(['tool_call_item', 'tool_call_output_item', 'message_output_item']);
    expect(cities).toHaveLength(1);
    expect(cities[0]?.length).toBeGreaterThan(0);
    expect(typeof result.finalOutput).toBe('string');
    expect((result.finalOutput as string).length).toBeGreaterThan(0);
    // Two model calls: the tool call, then the answer to its output.
    expect(result.rawResponses).toHaveLength(2);
    for (const response of result.rawResponses) {
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      expect(response.usage.outputTokens).toBeGreaterThan(0);
    }
    expect(result.state.usage.requests).toBe(2);
    expect(result.state.usage.totalTokens).toBe(result.rawResponses.reduce((sum, r) => sum + r.usage.totalTokens, 0));
  });

  it.each(MODELS)('%s: a streamed run emits text deltas that make the final output', async (name) => {
    cities.length = 0;
    const stream = await runnerFor(api).run(agentFor(name), 'What is the weather in Bergen?', { stream: true });
    const deltas: string[] = [];
    const events: string[] = [];
    for await (const event of stream) {
      if (event.type === 'run_item_stream_event') events.push(event.name);
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') deltas.push(event.data.delta);
    }
    await stream.completed;
    expect(stream.error).toBeNull();
    expect(events.slice(events.indexOf('tool_called'))).toEqual(['tool_called', 'tool_output', 'message_output_created']);
    expect(cities).toHaveLength(1);
    expect(deltas.length).toBeGreaterThan(1);
    // Claude's sentence before the tool call streams too; the final output is what follows the tool.
    expect(deltas.join('').endsWith(stream.finalOutput as string)).toBe(true);
    expect((stream.finalOutput as string).length).toBeGreaterThan(0);
    expect(stream.state.usage.inputTokens).toBeGreaterThan(0);
    expect(stream.state.usage.outputTokens).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: with reasoning on and nothing stored, the tool loop sends reasoning items back inline', async (name) => {
    const agent = new Agent({ name: 'Weather', instructions: 'Answer weather questions with the tool.', model: name, tools: [getWeather], modelSettings: { maxTokens: 400, reasoning: { effort: 'low', summary: 'auto' }, store: false } });
    const result = await runnerFor(api).run(agent, 'What is the weather in Oslo?');
    expect(result.rawResponses).toHaveLength(2);
    expect((result.finalOutput as string).length).toBeGreaterThan(0);
    const stream = await runnerFor(api).run(agent, 'What is the weather in Oslo?', { stream: true });
    for await (const _ of stream);
    await stream.completed;
    expect(stream.error).toBeNull();
    expect(stream.rawResponses).toHaveLength(2);
  });

  it.each(MODELS)('%s: an agent with an output type returns a parsed object', async (name) => {
    const Forecast = z.object({ city: z.string(), celsius: z.number(), sunny: z.boolean() });
    const agent = new Agent({ name: 'Forecaster', instructions: 'Give a forecast.', model: name, outputType: Forecast, modelSettings: { maxTokens: 200 } });
    const result = await runnerFor(api).run(agent, 'Forecast for Tromsø');
    expect(Forecast.safeParse(result.finalOutput).success).toBe(true);
  });
});

describe('Agents SDK continuing a stored conversation', () => {
  it.each(MODELS)('%s: a second run with previousResponseId sends only the new turn', async (name) => {
    const runner = runnerFor('responses');
    const first = await runner.run(agentFor(name), 'What is the weather in Oslo?');
    expect(first.lastResponseId).toMatch(/^resp_/);
    const second = await runner.run(agentFor(name), 'Tell me about trains', { previousResponseId: first.lastResponseId! });
    expect((second.finalOutput as string).length).toBeGreaterThan(0);
    const sent = h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
    // The gateway put the stored turns in front: the upstream saw the earlier question and tool output.
    const turns = JSON.stringify(sent.messages ?? sent.input ?? sent.contents);
    expect(turns).toContain('What is the weather in Oslo?');
    expect(turns).toContain('21 degrees and sunny');
    expect(turns).toContain('Tell me about trains');
    const streamed = await runner.run(agentFor(name), 'And in Bergen?', { previousResponseId: second.lastResponseId!, stream: true });
    for await (const _ of streamed);
    await streamed.completed;
    expect(streamed.error).toBeNull();
    expect(streamed.lastResponseId).not.toBe(second.lastResponseId);
  });
});

describe('Agents SDK handoffs and errors', () => {
  it.each(MODELS)('%s: hands off to an agent on another provider, which answers from the shared history', async (name) => {
    const other = MODELS.find((model) => model !== name)!;
    const specialist = new Agent({ name: 'Weather specialist', handoffDescription: 'Answers weather questions', instructions: 'Answer the weather question.', model: other });
    const triage = new Agent({ name: 'Triage', instructions: 'Hand weather questions off.', model: name, handoffs: [specialist], modelSettings: { toolChoice: 'required' } });
    for (const api of ['responses', 'chat'] as const) {
      const result = await runnerFor(api).run(triage, 'Transfer to the weather specialist: what is the weather in Oslo?');
      expect(itemTypes(result.newItems)).toEqual(['handoff_call_item', 'handoff_output_item', 'message_output_item']);
      expect(result.lastAgent?.name).toBe('Weather specialist');
      expect((result.finalOutput as string).length).toBeGreaterThan(0);
      // The specialist's model got the triage agent's transfer call and its output.
      const sent = JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body);
      expect(sent).toContain('transfer_to_Weather_specialist');
      expect(sent).toContain('Weather specialist'); // the handoff's output, which names the new agent
    }
  });

  it('an unknown model fails the run with the gateway\'s 404 naming the configured models', async () => {
    const error = await runnerFor('responses').run(new Agent({ name: 'Lost', model: 'no-such-model' }), 'hi').then(() => undefined, (e: unknown) => e as { status?: number; message?: string });
    expect(error?.status).toBe(404);
    expect(error?.message).toContain('model "no-such-model" is not configured on this gateway (configured: small, native, claude, flash)');
  });
});

/**
 * The other two ways the SDK's docs wire a custom base URL: one OpenAI client for every agent
 * (`setDefaultOpenAIClient`, the API picked with `setOpenAIAPI`, agents run with the global
 * `run`), and model instances built on a client (`new OpenAIResponsesModel(client, name)`,
 * `new OpenAIChatCompletionsModel(…)`), which a handoff can mix.
 */
describe('Agents SDK with a default client and with model instances', () => {
  const paths: string[] = [];
  const client = () =>
    new OpenAI({
      apiKey: 'sk-sy-alpha-key',
      baseURL: h.baseURL,
      fetch: (url, init) => {
        paths.push(new URL(String(url)).pathname);
        return fetch(url, init);
      },
    });
  const endpoint = { responses: '/v1/responses', chat_completions: '/v1/chat/completions' } as const;

  it.each(['responses', 'chat_completions'] as const)('setDefaultOpenAIClient over %s: a tool loop, streamed, and an output type, on every model', async (api) => {
    setDefaultOpenAIClient(client());
    setOpenAIAPI(api);
    // The global runner's traces would go to OpenAI's tracing endpoint.
    setTracingDisabled(true);
    for (const name of MODELS) {
      paths.length = 0;
      cities.length = 0;
      const stream = await run(agentFor(name), 'What is the weather in Oslo?', { stream: true });
      for await (const _ of stream);
      await stream.completed;
      expect(stream.error).toBeNull();
      expect(cities).toHaveLength(1);
      expect((stream.finalOutput as string).length).toBeGreaterThan(0);
      const Forecast = z.object({ city: z.string(), celsius: z.number(), sunny: z.boolean() });
      const forecast = await run(new Agent({ name: 'Forecaster', instructions: 'Give a forecast.', model: name, outputType: Forecast }), 'Forecast for Tromsø');
      expect(Forecast.safeParse(forecast.finalOutput).success).toBe(true);
      expect(new Set(paths)).toEqual(new Set([endpoint[api]]));
    }
  });

  it.each(MODELS)('%s on a Responses model instance hands off to the next model on a chat completions instance', async (name) => {
    const other = MODELS[(MODELS.indexOf(name) + 1) % MODELS.length]!;
    paths.length = 0;
    const specialist = new Agent({ name: 'Weather specialist', handoffDescription: 'Answers weather questions', instructions: 'Answer the weather question.', model: new OpenAIChatCompletionsModel(client(), other) });
    const triage = new Agent({ name: 'Triage', instructions: 'Hand weather questions off.', model: new OpenAIResponsesModel(client(), name), handoffs: [specialist], modelSettings: { toolChoice: 'required' } });
    const result = await new Runner({ tracingDisabled: true }).run(triage, 'Transfer to the weather specialist: what is the weather in Oslo?');
    expect(itemTypes(result.newItems)).toEqual(['handoff_call_item', 'handoff_output_item', 'message_output_item']);
    expect(result.lastAgent?.name).toBe('Weather specialist');
    expect(paths).toEqual(['/v1/responses', '/v1/chat/completions']);
    expect(result.state.usage.requests).toBe(2);
  });
});
