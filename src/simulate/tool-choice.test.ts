import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offers } from './reply.js';
import { startSimulator } from './simulator.js';
import type { Simulator } from './types.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1' });
});
afterAll(() => sim.close());

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather conditions for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'], additionalProperties: false },
  },
};
const orders = { type: 'function' as const, function: { name: 'lookup_order', description: 'Shipping status of a customer order by its number', parameters: { type: 'object', properties: { order_number: { type: 'integer', minimum: 1 } }, required: ['order_number'] } } };

describe('the simulator with tool_choice auto', () => {
  it('calls the tool that offers what the prompt asks for, with arguments that fit its schema', async () => {
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-sim' });
    const asked = async (content: string) => client.chat.completions.create({ model: 'standin-small', messages: [{ role: 'user', content }], tools: [weather, orders], tool_choice: 'auto' });
    const first = await asked("What's the weather like in Oslo today?");
    const again = await asked("What's the weather like in Oslo today?");
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('get_weather');
    const args = JSON.parse(call?.type === 'function' ? call.function.arguments : '{}') as { city: unknown; unit: unknown };
    expect(typeof args.city).toBe('string');
    expect(['celsius', 'fahrenheit']).toContain(args.unit);
    // Deterministic: the same request gets the same call.
    const strip = (calls: typeof call[] | undefined) => calls?.map((c) => (c?.type === 'function' ? c.function : c));
    expect(strip(again.choices[0]?.message.tool_calls)).toEqual(strip(first.choices[0]?.message.tool_calls));
    const shipping = (await asked('Where is my order? What is its shipping status?')).choices[0]?.message.tool_calls?.[0];
    expect(shipping?.type === 'function' ? shipping.function.name : undefined).toBe('lookup_order');
    // A prompt that asks for nothing a tool offers gets a text answer.
    const chat = await asked('Tell me a short joke about cats.');
    expect(chat.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(chat.choices[0]?.message.content).toBeTruthy();
  });

  it('does the same on the Anthropic API, from the tool description', async () => {
    const claude = new Anthropic({ baseURL: sim.url, apiKey: 'sk-ant-sim' });
    const message = await claude.messages.create({
      model: 'claude-standin',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Is it raining in Bergen? I need the weather conditions.' }],
      tools: [{ name: 'forecast', description: 'Weather conditions for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      tool_choice: { type: 'auto' },
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'forecast', input: { city: expect.any(String) } });
  });

  it('matches words of the name, or two of the description', () => {
    expect(offers({ name: 'get_weather', parameters: {} }, 'weather in Paris?')).toBe(true);
    expect(offers({ name: 'getWeather', parameters: {} }, 'Weather in Paris?')).toBe(true);
    expect(offers({ name: 'get_data', parameters: {} }, 'get me the data')).toBe(false);
    expect(offers({ name: 'search', description: 'Search flights between airports', parameters: {} }, 'any flights between these airports?')).toBe(true);
    expect(offers({ name: 'search', description: 'Search flights between airports', parameters: {} }, 'book me flights')).toBe(false);
  });
});

describe('the simulator with a tool required after a tool result', () => {
  // The AI SDK's Anthropic provider asking for a structured output beside tools, on a model without
  // Claude's native structured output: its `json` tool carries the answer, under tool_choice any.
  const inputSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
  const answerSchema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };
  const aiSdkStep = {
    model: 'claude-3-5-haiku-latest',
    max_tokens: 4096,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo as an object' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"city":"Oslo","celsius":21}' }] },
    ],
    tools: [
      { name: 'weather', description: 'The weather in a city', input_schema: inputSchema },
      { name: 'json', description: 'Respond with a JSON object.', input_schema: answerSchema },
    ],
    tool_choice: { type: 'any', disable_parallel_tool_use: true },
  };

  it('calls a tool the conversation has not called yet, so the loop ends (Anthropic API)', async () => {
    const res = await fetch(`${sim.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-sim' }, body: JSON.stringify(aiSdkStep) });
    const message = (await res.json()) as { content: { type: string; name?: string; input?: Record<string, unknown> }[] };
    const calls = message.content.filter((block) => block.type === 'tool_use');
    expect(calls.map((call) => call.name)).toEqual(['json']);
    expect(calls[0]?.input).toEqual({ city: expect.any(String), celsius: expect.any(Number) });
  });

  it('does the same on chat completions, where the gateway sends that request to an OpenAI model', async () => {
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-sim' });
    const answer = await client.chat.completions.create({
      model: 'standin-small',
      messages: [
        { role: 'user', content: 'Weather in Oslo as an object' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"city":"Oslo","celsius":21}' },
      ],
      tools: [
        { type: 'function', function: { name: 'weather', description: 'The weather in a city', parameters: inputSchema } },
        { type: 'function', function: { name: 'json', description: 'Respond with a JSON object.', parameters: answerSchema } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    const calls = answer.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => (call.type === 'function' ? call.function.name : call.type))).toEqual(['json']);
  });

  it('still calls a tool when every one has been called', async () => {
    const onlyWeather = { ...aiSdkStep, tools: aiSdkStep.tools.slice(0, 1) };
    const res = await fetch(`${sim.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-sim' }, body: JSON.stringify(onlyWeather) });
    const message = (await res.json()) as { content: { type: string; name?: string }[] };
    expect(message.content.filter((block) => block.type === 'tool_use').map((call) => call.name)).toEqual(['weather']);
  });
});
