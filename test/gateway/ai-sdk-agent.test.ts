/**
 * The gateway as the AI SDK's agent class drives it: `ToolLoopAgent` (`ai` 6, the class its docs
 * build agents on) over the OpenAI provider's Responses API and `.chat()`, and over the Anthropic
 * provider, every kind of provider behind each. The agent runs the tool loop itself, streams across
 * steps, parses an `Output.object`, and can call another agent from a tool (a subagent on another
 * model, the AI SDK's way of handing a question on).
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { Output, stepCountIs, ToolLoopAgent, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

let h: Harness;
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
  openai = createOpenAI({ baseURL: h.baseURL, apiKey: 'sk-sy-alpha-key' });
  anthropic = createAnthropic({ baseURL: h.baseURL, apiKey: 'sk-sy-alpha-key' });
});
afterAll(() => h.close());

type ClientKind = 'responses' | 'chat' | 'messages';
const modelFor = (kind: ClientKind, name: string) => (kind === 'responses' ? openai(name) : kind === 'chat' ? openai.chat(name) : anthropic(name));

const cities: string[] = [];
const weather = tool({
  description: 'The current weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    cities.push(city);
    return { city, celsius: 21 };
  },
});
const Forecast = z.object({ city: z.string(), celsius: z.number(), sunny: z.boolean() });

describe.each(['responses', 'chat', 'messages'] as const)('ToolLoopAgent over %s', (kind) => {
  it.each(MODELS)('%s: runs the tool and answers after it, whole and streamed, with usage over both steps', async (name) => {
    const agent = new ToolLoopAgent({ model: modelFor(kind, name), instructions: 'Answer weather questions with the tool.', tools: { weather }, maxOutputTokens: 200, maxRetries: 0 });
    cities.length = 0;
    const whole = await agent.generate({ prompt: 'What is the weather in Oslo?' });
    expect(cities).toHaveLength(1);
    expect(whole.steps).toHaveLength(2);
    expect(whole.text.length).toBeGreaterThan(0);
    expect(whole.totalUsage.inputTokens).toBeGreaterThan(whole.steps[0]?.usage.inputTokens ?? 0);
    expect(whole.totalUsage.outputTokens).toBeGreaterThan(0);
    cities.length = 0;
    const streamed = await agent.stream({ prompt: 'What is the weather in Bergen?' });
    const deltas: string[] = [];
    for await (const delta of streamed.textStream) deltas.push(delta);
    expect(cities).toHaveLength(1);
    expect(deltas.length).toBeGreaterThan(1);
    // Across both steps: Claude's sentence before the tool call streams too; the text is the last step's.
    expect(deltas.join('').endsWith(await streamed.text)).toBe(true);
    expect((await streamed.totalUsage).outputTokens).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: an agent with an Output.object returns the parsed object', async (name) => {
    const agent = new ToolLoopAgent({ model: modelFor(kind, name), instructions: 'Give a forecast.', output: Output.object({ schema: Forecast }), maxOutputTokens: 200, maxRetries: 0 });
    const result = await agent.generate({ prompt: 'Forecast for Tromsø' });
    expect(Forecast.safeParse(result.output).success).toBe(true);
  });

  it.each(MODELS)('%s: asks a subagent on the next model through a tool and answers from its reply', async (name) => {
    const other = MODELS[(MODELS.indexOf(name) + 1) % MODELS.length]!;
    const specialist = new ToolLoopAgent({ model: modelFor(kind, other), instructions: 'Answer the question.', maxOutputTokens: 200, maxRetries: 0 });
    const replies: string[] = [];
    const askSpecialist = tool({
      description: 'Ask the weather specialist a question',
      inputSchema: z.object({ question: z.string() }),
      execute: async ({ question }) => {
        const reply = (await specialist.generate({ prompt: question })).text;
        replies.push(reply);
        return reply;
      },
    });
    const lead = new ToolLoopAgent({
      model: modelFor(kind, name),
      instructions: 'Delegate weather questions, then answer from what the specialist said.',
      tools: { ask_weather_specialist: askSpecialist },
      // Delegate first, then answer: what a real model decides, made certain for the simulated one.
      prepareStep: ({ stepNumber }) => ({ toolChoice: stepNumber === 0 ? 'required' : 'none' }),
      stopWhen: stepCountIs(3),
      maxOutputTokens: 200,
      maxRetries: 0,
    });
    const result = await lead.generate({ prompt: 'Ask the weather specialist: what is the weather in Oslo?' });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.length).toBeGreaterThan(0);
    expect(result.steps).toHaveLength(2);
    expect(result.text.length).toBeGreaterThan(0);
    // The lead's second request carried the specialist's reply as the tool's output.
    expect(JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body)).toContain(JSON.stringify(replies[0]).slice(1, 40));
  });
});
