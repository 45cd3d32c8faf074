/**
 * The gateway as the agent frameworks built on LangChain.js drive it: LangGraph's prebuilt
 * `createReactAgent` and LangChain v1's `createAgent`, on `ChatOpenAI` over chat completions and
 * over the Responses API (and on `ChatAnthropic` over Messages), every kind of provider behind
 * each. The agent loop feeds tool output back as tool messages, streams by node and token, and asks
 * for structured output its own way (a separate call for `createReactAgent`; a forced extraction
 * tool or the provider's JSON schema for `createAgent`).
 *
 * Needs `@langchain/langgraph` and `langchain` as devDependencies (1.7.3 and 1.5.14 were tested).
 */
import { ChatAnthropic } from '@langchain/anthropic';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { createAgent, providerStrategy, toolStrategy } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (simUrl) => responsesConfig(simUrl).replace('keys:', '  embed: { provider: standin-openai, model: text-embedding-3-small }\nkeys:'));
});
afterAll(() => h.close());

const KEY = 'sk-sy-alpha-key';
type ClientKind = 'chat' | 'responses' | 'messages';

function chatModel(kind: ClientKind, model: string, apiKey = KEY): ChatOpenAI | ChatAnthropic {
  if (kind === 'messages') return new ChatAnthropic({ model, apiKey, anthropicApiUrl: h.gateway.url, maxRetries: 0, maxTokens: 200 });
  return new ChatOpenAI({ model, apiKey, configuration: { baseURL: h.baseURL }, maxRetries: 0, maxTokens: 200, streamUsage: true, useResponsesApi: kind === 'responses' });
}

const cities: string[] = [];
const getWeather = tool(
  async ({ city }: { city: string }) => {
    cities.push(city);
    return `${city}: 21 degrees and sunny`;
  },
  { name: 'get_weather', description: 'The current weather in a city', schema: z.object({ city: z.string() }) },
);
const Forecast = z.object({ city: z.string(), celsius: z.number(), sunny: z.boolean() });

const agents = {
  createReactAgent: (llm: ChatOpenAI | ChatAnthropic) => createReactAgent({ llm, tools: [getWeather] }),
  createAgent: (llm: ChatOpenAI | ChatAnthropic) => createAgent({ model: llm, tools: [getWeather] }),
};

const typeOf = (message: { getType(): string }) => message.getType();

describe.each(['chat', 'responses', 'messages'] as const)('LangGraph agents over %s', (kind) => {
  describe.each(Object.keys(agents) as (keyof typeof agents)[])('%s', (builder) => {
    it.each(MODELS)('%s: runs the tool and answers after its output, with usage on every model turn', async (name) => {
      cities.length = 0;
      const out = await agents[builder](chatModel(kind, name)).invoke({ messages: [{ role: 'user', content: 'What is the weather in Oslo?' }] });
      const types = out.messages.map(typeOf);
      expect(types.at(0)).toBe('human');
      expect(types).toContain('tool');
      expect(types.at(-1)).toBe('ai');
      expect(cities).toHaveLength(1);
      const turns = out.messages.filter((m) => typeOf(m) === 'ai') as { usage_metadata?: { total_tokens: number } }[];
      for (const turn of turns) expect(turn.usage_metadata?.total_tokens).toBeGreaterThan(0);
    });

    it.each(MODELS)('%s: streams tokens from the model node and one update per step', async (name) => {
      cities.length = 0;
      const agent = agents[builder](chatModel(kind, name));
      let chunks = 0;
      for await (const [chunk] of await agent.stream({ messages: [{ role: 'user', content: 'What is the weather in Bergen?' }] }, { streamMode: 'messages' })) {
        const content = (chunk as { content: unknown }).content;
        if ((typeof content === 'string' && content.length > 0) || (Array.isArray(content) && content.some((part: { text?: string }) => part.text))) chunks++;
      }
      expect(chunks).toBeGreaterThan(1);
      expect(cities).toHaveLength(1);
      const steps: string[] = [];
      for await (const update of await agent.stream({ messages: [{ role: 'user', content: 'What is the weather in Bergen?' }] }, { streamMode: 'updates' })) steps.push(Object.keys(update).join('+'));
      expect(steps).toHaveLength(3);
      expect(steps[1]).toBe('tools');
    });
  });

  it.each(MODELS)('%s: createReactAgent with a responseFormat returns a parsed structuredResponse', async (name) => {
    const out = await createReactAgent({ llm: chatModel(kind, name), tools: [], responseFormat: Forecast }).invoke({ messages: [{ role: 'user', content: 'Forecast for Tromsø' }] });
    expect(Forecast.safeParse(out.structuredResponse).success).toBe(true);
  });

  it.each(MODELS)("%s: createAgent's providerStrategy returns a parsed structuredResponse", async (name) => {
    const out = await createAgent({ model: chatModel(kind, name), tools: [], responseFormat: providerStrategy(Forecast) }).invoke({ messages: [{ role: 'user', content: 'Forecast for Tromsø' }] });
    expect(Forecast.safeParse(out.structuredResponse).success).toBe(true);
  });
});

// Over the Responses API, @langchain/openai 1.5.8 and 1.6.0 drop the string tool_choice this
// strategy sends ("required"), so only chat completions and Messages force the extraction tool
// (langchain-ai/langchainjs#11332).
describe.each(['chat', 'messages'] as const)("createAgent's toolStrategy over %s", (kind) => {
  it.each(MODELS)('%s: the forced extraction tool returns a parsed structuredResponse', async (name) => {
    const out = await createAgent({ model: chatModel(kind, name), tools: [], responseFormat: toolStrategy(Forecast) }).invoke({ messages: [{ role: 'user', content: 'Forecast for Tromsø' }] });
    expect(Forecast.safeParse(out.structuredResponse).success).toBe(true);
  });
});

describe('LangGraph agents and the gateway\'s refusals', () => {
  it.each(['chat', 'responses'] as const)("over %s: an agent on an embedding model fails with the provider's 404", async (kind) => {
    const embedding = await createAgent({ model: chatModel(kind, 'embed'), tools: [getWeather] }).invoke({ messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e as { status?: number; message: string });
    expect(embedding?.status).toBe(404);
    expect(embedding?.message).toContain('This is not a chat model');
  });
});
