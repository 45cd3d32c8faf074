import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-wire.js';
import { assembleChunks, assembleEvents, expectAnthropicEventOrder, fixture, sse } from './__fixtures__/replay.js';
import { toAnthropicResponse } from './convert-to-anthropic-response.js';
import { OpenAIToAnthropicStream } from './openai-stream-to-anthropic.js';

function convert(chunks: ChatCompletionChunk[], finish = true) {
  const stream = new OpenAIToAnthropicStream();
  const events: AnthropicStreamEvent[] = [];
  for (const chunk of chunks) events.push(...stream.push(chunk));
  if (finish) events.push(...stream.finish());
  return { stream, events };
}

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk => ({
  id: 'chatcmpl-Q1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'deepseek-reasoner',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe('OpenAIToAnthropicStream', () => {
  const recorded = sse<ChatCompletionChunk>('openai-stream-tool-calls.chunks.txt');

  it('the recorded chunks are the recorded completion (fixtures agree)', () => {
    // The non-stream body carries extra fields (annotations, service_tier) that chunks leave out.
    expect(fixture<ChatCompletion>('openai-completion-tool-calls.json')).toMatchObject(assembleChunks(recorded));
  });

  it('emits the official event order and re-assembles into what the non-stream converter gives', () => {
    const { events } = convert(recorded);
    expectAnthropicEventOrder(events);
    expect(assembleEvents(events)).toEqual(toAnthropicResponse(fixture('openai-completion-tool-calls.json')));
  });

  it('streams event for event', () => {
    const { events } = convert(recorded);
    expect(events.map((e) => (e.type === 'content_block_delta' ? `${e.type}:${e.delta.type}` : e.type))).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:input_json_delta',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
        type: 'message',
        role: 'assistant',
        model: 'gpt-4o-2024-08-06',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        container: null,
        diagnostics: null,
        usage: {
          input_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
          output_tokens: 0,
          output_tokens_details: null,
          server_tool_use: null,
          service_tier: 'standard',
          inference_geo: 'not_available',
          speed: null,
        },
      },
    });
    expect(events[5]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', input: {} },
    });
    expect(events[12]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null, stop_details: null, container: null },
      usage: { input_tokens: 156, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024, output_tokens: 54, output_tokens_details: null, server_tool_use: null },
    });
  });

  it('waits for the usage-only chunk after finish_reason, and finish() then adds nothing', () => {
    const stream = new OpenAIToAnthropicStream();
    const beforeUsage = recorded.slice(0, -1).flatMap((c) => stream.push(c));
    expect(beforeUsage.map((e) => e.type)).not.toContain('message_delta');
    expect(beforeUsage[beforeUsage.length - 1]).toEqual({ type: 'content_block_stop', index: 2 });
    expect(stream.push(recorded[recorded.length - 1]!).map((e) => e.type)).toEqual(['message_delta', 'message_stop']);
    expect(stream.usage?.prompt_tokens).toBe(1180);
    expect(stream.finish()).toEqual([]);
    expect(stream.push(chunk({ content: 'late' }))).toEqual([]);
  });

  it('completes a stream that ended without finish_reason or usage', () => {
    const { events } = convert([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Partial ans' })]);
    expectAnthropicEventOrder(events);
    expect(events.slice(-3)).toEqual([
      { type: 'content_block_stop', index: 0 },
      // No counts to give: null keeps message_start's in the SDK's snapshot.
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null, container: null },
        usage: { input_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: null, output_tokens: 0, output_tokens_details: null, server_tool_use: null },
      },
      { type: 'message_stop' },
    ]);
  });

  it('sends finish_reason length as max_tokens when the upstream sends no usage chunk', () => {
    const { events } = convert([chunk({ content: 'abc' }), chunk({}, 'length')]);
    expect(assembleEvents(events).stop_reason).toBe('max_tokens');
  });

  it('opens a thinking block for reasoning_content and closes it before the text block', () => {
    const { events } = convert([
      chunk({ role: 'assistant', content: null, reasoning_content: 'Hmm, ' }),
      chunk({ reasoning_content: 'prime.' }),
      chunk({ content: 'Yes, 97 is prime.' }),
      { ...chunk({}, 'stop'), usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 } },
    ], false);
    expectAnthropicEventOrder(events);
    const message = assembleEvents(events);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Hmm, prime.', signature: '' },
      { type: 'text', text: 'Yes, 97 is prime.' },
    ]);
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 30 });
    // As Claude does, the thinking block gets its signature_delta just before it stops (empty: none was made).
    const thinkingEnd = events.findIndex((event) => event.type === 'content_block_stop' && event.index === 0);
    expect(events[thinkingEnd - 1]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: '' } });
    expect(events.filter((event) => event.type === 'content_block_delta' && event.delta.type === 'signature_delta')).toHaveLength(1);
  });

  it('gives a tool call without an id a stable one and sends tool_use when a server says stop', () => {
    const { events } = convert([chunk({ tool_calls: [{ index: 0, function: { name: 'lookup', arguments: '{"q":"x"}' } }] }), chunk({}, 'stop')]);
    const message = assembleEvents(events);
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_Q1_0', name: 'lookup', input: { q: 'x' } }]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('produces a well-formed empty message when the upstream sent nothing', () => {
    const stream = new OpenAIToAnthropicStream({ model: 'gpt-4o', inputTokens: 17 });
    const events = stream.finish();
    expectAnthropicEventOrder(events);
    expect(assembleEvents(events)).toMatchObject({ model: 'gpt-4o', content: [], stop_reason: 'end_turn', usage: { input_tokens: 17 } });
  });
});
