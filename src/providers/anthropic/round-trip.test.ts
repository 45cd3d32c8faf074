/**
 * Round trips through both directions: what survives translation there and back is exactly what
 * the two formats share, so these tests pin down "lossless as possible".
 */
import { describe, expect, it } from 'vitest';
import type { AnthropicMessageResponse, AnthropicMessagesRequest, AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../core/openai-wire.js';
import { assembleChunks, assembleEvents, expectAnthropicEventOrder, fixture, sse } from './__fixtures__/replay.js';
// Through the public entry point, as the gateway will use it.
import {
  AnthropicToOpenAIStream,
  OpenAIToAnthropicStream,
  fromAnthropicRequest,
  fromAnthropicResponse,
  jsonResponseToolName,
  toAnthropicRequest,
  toAnthropicResponse,
} from './index.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('round trips', () => {
  it('an OpenAI request in the shared subset survives OpenAI → Anthropic → OpenAI unchanged', () => {
    const req: ChatCompletionRequest = {
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are a travel assistant.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where is this, and what is the weather there?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/photo.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Looks like Oslo; checking.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":-4}' },
        { role: 'assistant', content: 'It is -4 °C in Oslo.' },
        { role: 'user', content: 'Thanks!' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stop: ['END'],
      max_tokens: 300,
      temperature: 0.7,
      user: 'u-42',
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(fromAnthropicRequest(toAnthropicRequest(req, 'claude-sonnet-4-5'))).toEqual(req);
  });

  it('an Anthropic request in the shared subset survives Anthropic → OpenAI → Anthropic unchanged', () => {
    const req: AnthropicMessagesRequest = {
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      system: 'Answer with citations.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Summarise the chart.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'ocr', input: { region: [0, 0, 10, 10] } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'Q1 12, Q2 18' }, { type: 'text', text: 'Be short.' }] },
      ],
      tools: [{ name: 'ocr', description: 'Read text in an image region', input_schema: { type: 'object', properties: { region: { type: 'array' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['</summary>'],
      temperature: 0.1,
      metadata: { user_id: 'u-7' },
      stream: true,
    };
    expect(toAnthropicRequest(fromAnthropicRequest(req), req.model)).toEqual(req);
  });

  it.each(['end_turn', 'max_tokens', 'tool_use', 'refusal'] as const)('an Anthropic message with stop_reason %s survives Anthropic → OpenAI → Anthropic', (stopReason) => {
    const recorded = fixture<AnthropicMessageResponse>('anthropic-message-tool-use.json');
    const original: AnthropicMessageResponse = {
      ...recorded,
      // Only a tool_use turn ends in tool_use blocks.
      content: stopReason === 'tool_use' ? recorded.content : recorded.content.slice(0, 1),
      stop_reason: stopReason,
      // Fields Claude's Message always has (a refusal's category is Claude's to name: through OpenAI it is none).
      stop_details: stopReason === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null,
      container: null,
      diagnostics: null,
      // Every field of Anthropic's Usage, as Claude sends it without server tools or fast mode.
      usage: {
        input_tokens: 472,
        output_tokens: 141,
        cache_creation_input_tokens: 64,
        cache_read_input_tokens: 1850,
        cache_creation: { ephemeral_5m_input_tokens: 64, ephemeral_1h_input_tokens: 0 },
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        inference_geo: 'not_available',
        speed: null,
      },
    };
    const back = toAnthropicResponse(fromAnthropicResponse(original));
    expect(original).toMatchObject(back); // the original keeps `citations: null` and nothing else extra
    expect(back.usage).toEqual(original.usage);
    expect(back.stop_reason).toBe(stopReason);
  });

  it('an OpenAI completion survives OpenAI → Anthropic → OpenAI', () => {
    const original = fixture<ChatCompletion>('openai-completion-tool-calls.json');
    const back = fromAnthropicResponse(toAnthropicResponse(original), { created: original.created });
    expect(back.choices[0]!.finish_reason).toBe('tool_calls');
    expect(back.choices[0]!.message.content).toBe(original.choices[0]!.message.content);
    expect(back.choices[0]!.message.tool_calls!.map((c) => [c.id, JSON.parse(c.function.arguments)])).toEqual(
      original.choices[0]!.message.tool_calls!.map((c) => [c.id, JSON.parse(c.function.arguments)]),
    );
    expect(back.usage).toEqual({
      prompt_tokens: 1180,
      completion_tokens: 54,
      total_tokens: 1234,
      prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('a streamed tool call survives Anthropic events → OpenAI chunks → Anthropic events', () => {
    const original = sse<AnthropicStreamEvent>('anthropic-stream-tool-use.sse.txt');
    const toOpenAI = new AnthropicToOpenAIStream({ includeUsage: true });
    const toAnthropic = new OpenAIToAnthropicStream();
    const events: AnthropicStreamEvent[] = [];
    for (const event of original) for (const chunk of toOpenAI.push(event)) events.push(...toAnthropic.push(chunk));
    events.push(...toAnthropic.finish());
    expectAnthropicEventOrder(events);
    // The recording (2025) predates cache_creation and inference_geo; the rest of Usage is filled as Claude now sends it.
    const usage = {
      ...assembleEvents(original).usage,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens_details: null,
      server_tool_use: null,
      inference_geo: 'not_available',
      speed: null,
    };
    expect(assembleEvents(events)).toEqual({ ...assembleEvents(original), stop_details: null, container: null, diagnostics: null, usage });
  });

  it('a streamed tool call survives OpenAI chunks → Anthropic events → OpenAI chunks', () => {
    const original = sse<ChatCompletionChunk>('openai-stream-tool-calls.chunks.txt');
    const toAnthropic = new OpenAIToAnthropicStream();
    const toOpenAI = new AnthropicToOpenAIStream({ includeUsage: true, created: original[0]!.created });
    const chunks: ChatCompletionChunk[] = [];
    for (const chunk of original) for (const event of toAnthropic.push(chunk)) chunks.push(...toOpenAI.push(event));
    const back = assembleChunks(chunks);
    const expected = assembleChunks(original);
    expect(back.choices).toEqual(expected.choices);
    expect(back.usage).toEqual({
      prompt_tokens: 1180,
      completion_tokens: 54,
      total_tokens: 1234,
      prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('response_format json_schema goes out as a forced tool to a model without structured outputs and comes back as JSON text, streamed or not', () => {
    const schema = { type: 'object', properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] } }, required: ['sentiment'] };
    const req: ChatCompletionRequest = {
      model: 'sentiment',
      messages: [{ role: 'user', content: 'The delivery was late again.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'sentiment', schema, strict: true } },
    };
    const outgoing = toAnthropicRequest(req, 'claude-sonnet-4-20250514');
    const tool = jsonResponseToolName(req, 'claude-sonnet-4-20250514')!;
    expect(outgoing.tool_choice).toEqual({ type: 'tool', name: tool });
    expect(outgoing.tools![0]!.input_schema).toBe(schema);

    const upstream: AnthropicMessageResponse = {
      id: 'msg_01Json',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [{ type: 'tool_use', id: 'toolu_01Json', name: tool, input: { sentiment: 'negative' } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 410, output_tokens: 38 },
    };
    const completion = fromAnthropicResponse(upstream, { jsonResponseTool: tool });
    expect(JSON.parse(completion.choices[0]!.message.content as string)).toEqual({ sentiment: 'negative' });
    expect(completion.choices[0]!.finish_reason).toBe('stop');

    const stream = new AnthropicToOpenAIStream({ jsonResponseTool: tool });
    const chunks = [
      { type: 'message_start', message: { ...upstream, content: [], stop_reason: null, usage: { input_tokens: 410, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_01Json', name: tool, input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"sentiment":' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: ' "negative"}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 38 } },
      { type: 'message_stop' },
    ].flatMap((event) => stream.push(event as AnthropicStreamEvent));
    const streamed = assembleChunks(chunks);
    expect(JSON.parse(streamed.choices[0]!.message.content as string)).toEqual({ sentiment: 'negative' });
    expect(streamed.choices[0]!.finish_reason).toBe('stop');
  });
});
