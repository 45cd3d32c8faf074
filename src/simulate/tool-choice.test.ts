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
