/**
 * The gateway as LangChain.js drives it: `@langchain/openai` (ChatOpenAI over chat completions
 * and over the Responses API, OpenAIEmbeddings) and `@langchain/anthropic` (ChatAnthropic over
 * Messages), only the base URL changed. LangChain parses the wire itself (tool-call chunks merged
 * by index, usage from the last chunk, structured output from a forced tool or a JSON schema), so
 * a field out of place shows up here even when the official SDKs accept it. Every kind of
 * provider sits behind each client.
 */
import { ChatAnthropic } from '@langchain/anthropic';
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => responsesConfig(simUrl).replace('keys:', '  embed:  { provider: standin-openai, model: text-embedding-3-small }\n  gembed: { provider: google, model: gemini-embedding-001 }\nkeys:'));
});
afterAll(() => h.close());

const KEY = 'sk-sy-alpha-key';
type ClientKind = 'chat' | 'responses' | 'messages';

function chatModel(kind: ClientKind, model: string): ChatOpenAI | ChatAnthropic {
  if (kind === 'messages') return new ChatAnthropic({ model, apiKey: KEY, anthropicApiUrl: h.gateway.url, maxRetries: 0, maxTokens: 200 });
  return new ChatOpenAI({ model, apiKey: KEY, configuration: { baseURL: h.baseURL }, maxRetries: 0, maxTokens: 200, useResponsesApi: kind === 'responses' });
}

const weather = tool(async ({ city }: { city: string }) => JSON.stringify({ city, celsius: 21 }), {
  name: 'get_weather',
  description: 'The current weather in a city',
  schema: z.object({ city: z.string() }),
});
const localTime = tool(async ({ city }: { city: string }) => JSON.stringify({ city, time: '12:00' }), {
  name: 'get_time',
  description: 'The local time in a city',
  schema: z.object({ city: z.string() }),
});
const CityArgs = z.object({ city: z.string().min(1) });

/** The text of a LangChain message, whether its content is a string or content blocks. */
function textOf(message: { content: unknown }): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content.map((block: { type?: string; text?: string }) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

describe.each(['chat', 'responses', 'messages'] as const)('LangChain over %s', (kind) => {
  it.each(MODELS)('%s: invoke answers in text with token usage', async (name) => {
    const answer = await chatModel(kind, name).invoke('Say hello to the trains');
    expect(textOf(answer).length).toBeGreaterThan(0);
    expect(answer.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(answer.usage_metadata?.output_tokens).toBeGreaterThan(0);
    expect(answer.usage_metadata?.total_tokens).toBe((answer.usage_metadata?.input_tokens ?? 0) + (answer.usage_metadata?.output_tokens ?? 0));
  });

  it.each(MODELS)('%s: stream yields several text chunks that add up, usage on the merged chunk', async (name) => {
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await chatModel(kind, name).stream('Count to ten, slowly, in words')) chunks.push(chunk);
    const texts = chunks.map(textOf).filter((text) => text.length > 0);
    expect(texts.length).toBeGreaterThan(1);
    const merged = chunks.reduce((all, chunk) => all.concat(chunk));
    expect(textOf(merged)).toBe(texts.join(''));
    expect(merged.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(merged.usage_metadata?.output_tokens).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: bindTools gets a tool call with valid arguments, then answers the tool result in text', async (name) => {
    const model = chatModel(kind, name).bindTools([weather]);
    const question = new HumanMessage('What is the weather in Oslo?');
    const first = await model.invoke([question]);
    const call = first.tool_calls?.[0];
    expect(call?.name).toBe('get_weather');
    expect(z.object({ city: z.string().min(1) }).safeParse(call?.args).success).toBe(true);
    expect(call?.id).toBeTruthy();
    const result = await weather.invoke({ ...call!, type: 'tool_call' });
    expect(result).toBeInstanceOf(ToolMessage);
    const second = await model.invoke([question, first, result]);
    expect(second.tool_calls ?? []).toEqual([]);
    expect(textOf(second).length).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: a streamed tool call merges into whole arguments', async (name) => {
    const model = chatModel(kind, name).bindTools([weather]);
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await model.stream('What is the weather in Bergen?')) merged = merged ? merged.concat(chunk) : chunk;
    const call = merged?.tool_calls?.[0];
    expect(call?.name).toBe('get_weather');
    expect(z.object({ city: z.string().min(1) }).safeParse(call?.args).success).toBe(true);
    expect(merged?.tool_call_chunks?.length).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: two tools asked for at once come back as two calls, whole or streamed', async (name) => {
    const model = chatModel(kind, name).bindTools([weather, localTime]);
    const question = 'What is the weather and the time in Oslo?';
    const whole = await model.invoke(question);
    expect(whole.tool_calls?.map((call) => call.name).sort()).toEqual(['get_time', 'get_weather']);
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await model.stream(question)) merged = merged ? merged.concat(chunk) : chunk;
    const calls = merged?.tool_calls ?? [];
    expect(calls.map((call) => call.name).sort()).toEqual(['get_time', 'get_weather']);
    // Chunks of the two calls merge by index: neither call's arguments leak into the other's.
    for (const call of calls) expect(CityArgs.safeParse(call.args).success).toBe(true);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  it.each(MODELS)('%s: withStructuredOutput returns an object of the schema', async (name) => {
    const Person = z.object({ name: z.string(), age: z.number() });
    const structured = chatModel(kind, name).withStructuredOutput(Person, { name: 'person' });
    const person = await structured.invoke('Describe a person');
    expect(Person.safeParse(person).success).toBe(true);
  });
});

describe.each(['chat', 'responses'] as const)('ChatOpenAI structured output methods over %s', (kind) => {
  it.each(MODELS)('%s: functionCalling and jsonSchema both parse, with the raw message alongside', async (name) => {
    const Ticket = z.object({ category: z.enum(['billing', 'technical']), urgent: z.boolean() });
    for (const method of ['functionCalling', 'jsonSchema'] as const) {
      const structured = (chatModel(kind, name) as ChatOpenAI).withStructuredOutput(Ticket, { name: 'ticket', method, includeRaw: true });
      const { parsed, raw } = await structured.invoke('I was charged twice!');
      expect(Ticket.safeParse(parsed).success, `${method}: ${JSON.stringify(parsed)}`).toBe(true);
      expect((raw as AIMessage).usage_metadata?.input_tokens).toBeGreaterThan(0);
    }
  });
});

describe.each(['chat', 'responses'] as const)('ChatOpenAI in JSON mode over %s', (kind) => {
  it.each(MODELS)('%s: answers a JSON object with content, on Claude through its forced tool too', async (name) => {
    // method jsonMode sends response_format / text.format json_object, and no schema.
    const structured = (chatModel(kind, name) as ChatOpenAI).withStructuredOutput(z.looseObject({}), { method: 'jsonMode' });
    const answer = await structured.invoke('Describe a train as a JSON object');
    expect(Object.keys(answer).length, JSON.stringify(answer)).toBeGreaterThan(0);
  });
});

describe('reasoning clients in a tool loop', () => {
  const question = new HumanMessage('What is the weather in Oslo?');

  it.each(MODELS)('%s: ChatAnthropic with extended thinking streams a tool call and answers its result', async (name) => {
    const model = new ChatAnthropic({ model: name, apiKey: KEY, anthropicApiUrl: h.gateway.url, maxRetries: 0, maxTokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 } }).bindTools([weather]);
    let first: AIMessageChunk | undefined;
    for await (const chunk of await model.stream([question])) first = first ? first.concat(chunk) : chunk;
    const call = first?.tool_calls?.[0];
    expect(call?.name).toBe('get_weather');
    expect(CityArgs.safeParse(call?.args).success).toBe(true);
    // The thinking blocks go back with the tool result, as Anthropic requires of a thinking turn.
    const second = await model.invoke([question, first!, await weather.invoke({ ...call!, type: 'tool_call' })]);
    expect(second.tool_calls ?? []).toEqual([]);
    expect(textOf(second).length).toBeGreaterThan(0);
  });

  it.each(MODELS)('%s: ChatOpenAI on the Responses API with reasoning sends its reasoning items back after the tool', async (name) => {
    const model = new ChatOpenAI({ model: name, apiKey: KEY, configuration: { baseURL: h.baseURL }, maxRetries: 0, useResponsesApi: true, reasoning: { effort: 'low', summary: 'auto' } }).bindTools([weather]);
    const first = await model.invoke([question]);
    const call = first.tool_calls?.[0];
    expect(call?.name).toBe('get_weather');
    const history = [question, first, await weather.invoke({ ...call!, type: 'tool_call' })];
    const second = await model.invoke(history);
    expect(second.tool_calls ?? []).toEqual([]);
    expect(textOf(second).length).toBeGreaterThan(0);
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await model.stream(history)) streamed = streamed ? streamed.concat(chunk) : chunk;
    expect(textOf(streamed!).length).toBeGreaterThan(0);
    expect(streamed?.usage_metadata?.input_tokens).toBeGreaterThan(0);
  });
});

it.each(MODELS)('%s: ChatAnthropic withStructuredOutput by JSON schema (output_config.format) returns an object of the schema', async (name) => {
  const Person = z.object({ name: z.string(), age: z.number() });
  const structured = (chatModel('messages', name) as ChatAnthropic).withStructuredOutput(Person, { method: 'jsonSchema', includeRaw: true });
  const { parsed, raw } = await structured.invoke('Describe a person');
  expect(Person.safeParse(parsed).success).toBe(true);
  // Answered as JSON text, not through a forced tool.
  expect((raw as AIMessage).tool_calls ?? []).toEqual([]);
});

describe('OpenAIEmbeddings', () => {
  it.each(['embed', 'gembed'])('%s: embeds a query and a batch of documents in order', async (model) => {
    const embeddings = new OpenAIEmbeddings({ model, apiKey: KEY, configuration: { baseURL: h.baseURL }, maxRetries: 0, batchSize: 2 });
    const query = await embeddings.embedQuery('trains to Oslo');
    expect(query.length).toBeGreaterThan(0);
    expect(query.every(Number.isFinite)).toBe(true);
    const docs = await embeddings.embedDocuments(['trains to Oslo', 'boats to Bergen', 'planes to Tromsø']);
    expect(docs).toHaveLength(3);
    // Same text, same vector: the batch came back in input order.
    expect(docs[0]).toEqual(query);
    expect(docs[1]).not.toEqual(docs[0]);
  });

  it.each(['embed', 'gembed'])('%s: honours dimensions', async (model) => {
    const embeddings = new OpenAIEmbeddings({ model, apiKey: KEY, configuration: { baseURL: h.baseURL }, maxRetries: 0, dimensions: 256 });
    expect(await embeddings.embedQuery('trains to Oslo')).toHaveLength(256);
  });
});

it('keeps a multi-turn conversation with a system prompt through ChatAnthropic to an OpenAI model', async () => {
  const model = chatModel('messages', 'small');
  const answer = await model.invoke([
    { role: 'system', content: 'You answer briefly.' },
    new HumanMessage('Hello'),
    new AIMessage('Hi! How can I help?'),
    new HumanMessage('Tell me about trains'),
  ]);
  expect(textOf(answer).length).toBeGreaterThan(0);
  const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string }[] };
  expect(sent.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
});

describe('errors as LangChain classifies them', () => {
  it('a wrong key is MODEL_AUTHENTICATION (401) from ChatOpenAI and ChatAnthropic', async () => {
    const openai = new ChatOpenAI({ model: 'small', apiKey: 'sk-wrong', configuration: { baseURL: h.baseURL }, maxRetries: 0 });
    const anthropic = new ChatAnthropic({ model: 'small', apiKey: 'sk-wrong', anthropicApiUrl: h.gateway.url, maxRetries: 0 });
    for (const model of [openai, anthropic]) {
      const error = await model.invoke('hi').then(() => undefined, (e: unknown) => e as { status?: number; lc_error_code?: string });
      expect(error?.status).toBe(401);
      expect(error?.lc_error_code).toBe('MODEL_AUTHENTICATION');
    }
  });

  it('an unknown model is MODEL_NOT_FOUND (404) naming the configured models', async () => {
    const error = await chatModel('messages', 'no-such-model').invoke('hi').then(() => undefined, (e: unknown) => e as { status?: number; lc_error_code?: string; message?: string });
    expect(error?.status).toBe(404);
    expect(error?.lc_error_code).toBe('MODEL_NOT_FOUND');
    expect(error?.message).toContain('configured: small, native, claude, flash');
  });

  it.each(['chat', 'responses', 'messages'] as const)('a stream whose upstream broke mid-answer throws over %s, not ends as if complete', async (kind) => {
    // The upstream connection is cut after a few chunks, once bytes have reached the client.
    for (const model of ['small', 'native']) {
      // The Responses API's first three events carry no text yet.
      h.sim.addFault({ kind: 'stream_cut', afterChunks: model === 'native' ? 6 : 3, times: 1 });
      let text = '';
      const streamed = (async () => {
        for await (const chunk of await chatModel(kind, model).stream('Tell me about trains')) text += textOf(chunk);
      })();
      await expect(streamed, model).rejects.toThrow(/broke the connection/);
      expect(text.length, model).toBeGreaterThan(0);
    }
  });
});
