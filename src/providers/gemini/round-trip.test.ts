/**
 * Round trips through a simulated Gemini over HTTP: OpenAI request → Gemini request → the
 * simulator's Gemini mode → OpenAI response, streamed and not, across an agent's turns. This is
 * the path the gateway takes for an OpenAI client of a Gemini model.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage } from '../../core/openai-wire.js';
import { startSimulator } from '../../simulate/simulator.js';
import type { Simulator } from '../../simulate/types.js';
import { assembleChunks } from './__fixtures__/replay.js';
import {
  GeminiSseDecoder,
  GeminiToOpenAIStream,
  fromGeminiEmbedResponse,
  fromGeminiResponse,
  geminiChatPath,
  geminiEmbedPath,
  geminiHeaders,
  parseGeminiError,
  toGeminiEmbedRequest,
  toGeminiRequest,
  type BatchEmbedContentsResponse,
  type GenerateContentResponse,
} from './index.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearFaults());

const CREATED = 1_758_000_000;
let counter = 0;

/** What the gateway's Gemini adapter does for one non-streamed chat call. */
async function chat(req: ChatCompletionRequest, model: string): Promise<ChatCompletion> {
  const response = await fetch(sim.url + geminiChatPath(model, false), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...geminiHeaders('AIza-test') },
    body: JSON.stringify(toGeminiRequest(req, { model })),
  });
  const text = await response.text();
  if (!response.ok) throw parseGeminiError(response.status, Object.fromEntries(response.headers), text, 'gemini');
  return fromGeminiResponse(JSON.parse(text) as GenerateContentResponse, { id: `chatcmpl-rt${++counter}`, created: CREATED, model: req.model });
}

/** The same, streamed: decode the SSE body in arbitrary pieces and convert event by event. */
async function chatStream(req: ChatCompletionRequest, model: string, id: string): Promise<ChatCompletionChunk[]> {
  const response = await fetch(sim.url + geminiChatPath(model, true), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...geminiHeaders('AIza-test') },
    body: JSON.stringify(toGeminiRequest(req, { model })),
  });
  const decoder = new GeminiSseDecoder();
  const stream = new GeminiToOpenAIStream({ includeUsage: true, id, created: CREATED, model: req.model });
  const chunks: ChatCompletionChunk[] = [];
  const text = await response.text();
  for (let i = 0; i < text.length; i += 50) for (const item of decoder.feed(text.slice(i, i + 50))) chunks.push(...stream.push(item));
  for (const item of decoder.end()) chunks.push(...stream.push(item));
  chunks.push(...stream.finish());
  return chunks;
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'], additionalProperties: false },
    strict: true,
  },
};

describe('OpenAI → Gemini → OpenAI', () => {
  it('runs an agent loop on Gemini 3: the tool call ids carry the thought signature Gemini demands back', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are a weather assistant.' },
      { role: 'user', content: 'Use get_weather for Oslo please' },
    ];
    const first = await chat({ model: 'weather', messages, tools: [weatherTool] }, 'gemini-3-flash-preview');
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call.function.name).toBe('get_weather');
    expect(['celsius', 'fahrenheit']).toContain(JSON.parse(call.function.arguments).unit);

    messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: '{"temp":-4}' });
    const second = await chat({ model: 'weather', messages, tools: [weatherTool] }, 'gemini-3-flash-preview');
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content!.length).toBeGreaterThan(0);
    expect(second.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it('still gets through Gemini 3 when a client replaced the ids (the documented sentinel stands in)', async () => {
    const first = await chat({ model: 'w', messages: [{ role: 'user', content: 'Use get_weather for Rome' }], tools: [weatherTool] }, 'gemini-3-flash-preview');
    const calls = first.choices[0]!.message.tool_calls!.map((c, i) => ({ ...c, id: `my-own-id-${i}` }));
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Use get_weather for Rome' },
      { role: 'assistant', content: null, tool_calls: calls },
      ...calls.map((c) => ({ role: 'tool' as const, tool_call_id: c.id, content: 'sunny' })),
    ];
    const second = await chat({ model: 'w', messages, tools: [weatherTool] }, 'gemini-3-flash-preview');
    expect(second.choices[0]!.finish_reason).toBe('stop');
  });

  it('streams the same answer the non-streamed call gives, with usage', async () => {
    const req: ChatCompletionRequest = { model: 'small', messages: [{ role: 'user', content: 'Explain retries with jitter' }], max_tokens: 8 };
    const plain = await chat(req, 'gemini-2.5-flash');
    const streamed = assembleChunks(await chatStream(req, 'gemini-2.5-flash', plain.id));
    expect(streamed.choices).toEqual(plain.choices);
    expect(streamed.usage).toEqual(plain.usage);
    // Gemini 2.5 counts thinking toward maxOutputTokens: thoughts and answer share the 8 tokens.
    expect(plain.usage!.completion_tokens).toBe(8);
    expect(plain.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    expect(plain.choices[0]!.finish_reason).toBe('length');
  });

  it('streams a tool call whole, with arguments that parse', async () => {
    const chunks = await chatStream({ model: 'w', messages: [{ role: 'user', content: 'Use get_weather for Lima' }], tools: [weatherTool], tool_choice: 'required' }, 'gemini-2.5-flash', 'chatcmpl-st');
    const assembled = assembleChunks(chunks);
    expect(assembled.choices[0]!.finish_reason).toBe('tool_calls');
    expect(JSON.parse(assembled.choices[0]!.message.tool_calls![0]!.function.arguments)).toHaveProperty('city');
    expect(chunks.at(-1)!.usage!.prompt_tokens).toBeGreaterThan(0);
  });

  it('returns structured output that satisfies the client schema after the JSON Schema → Gemini schema trip', async () => {
    const schema = {
      type: 'object',
      properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] }, reasons: { type: 'array', items: { type: 'string' }, minItems: 1 }, note: { type: ['string', 'null'] } },
      required: ['sentiment', 'reasons', 'note'],
      additionalProperties: false,
    };
    const completion = await chat({ model: 's', messages: [{ role: 'user', content: 'The delivery was late again.' }], response_format: { type: 'json_schema', json_schema: { name: 'sentiment', schema, strict: true } } }, 'gemini-2.5-flash');
    const value: unknown = JSON.parse(completion.choices[0]!.message.content as string);
    expect(z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success).toBe(true);
  });

  it('turns a Gemini 429 into a retryable error that waits as long as RetryInfo says', async () => {
    sim.addFault({ kind: 'status', status: 429, retryAfter: 3, times: 1 });
    const error = await chat({ model: 's', messages: [{ role: 'user', content: 'x' }] }, 'gemini-2.5-flash').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'upstream_error', status: 429, retryable: true, retryAfter: 3 });
  });

  it('embeds a batch and hands the OpenAI SDK its default base64 floats', async () => {
    const { method, body } = toGeminiEmbedRequest({ model: 'embed', input: ['cats purr', 'dogs bark'], dimensions: 16, encoding_format: 'base64' }, 'gemini-embedding-001');
    const response = await fetch(sim.url + geminiEmbedPath('gemini-embedding-001', method), { method: 'POST', headers: { 'content-type': 'application/json', ...geminiHeaders('AIza-test') }, body: JSON.stringify(body) });
    const gemini = (await response.json()) as BatchEmbedContentsResponse;
    const list = fromGeminiEmbedResponse(gemini, { model: 'embed', encodingFormat: 'base64', promptTokens: 4 });
    expect(list.data).toHaveLength(2);
    const bytes = Buffer.from(list.data[0]!.embedding as string, 'base64');
    expect(bytes.length).toBe(16 * 4);
    expect(bytes.readFloatLE(0)).toBeCloseTo(gemini.embeddings[0]!.values[0]!, 6);
  });
});
