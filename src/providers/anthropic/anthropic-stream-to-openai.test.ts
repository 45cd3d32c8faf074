import { describe, expect, it } from 'vitest';
import type { AnthropicMessageResponse, AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { assembleChunks, assembleEvents, canonicalArguments, fixture, sse } from './__fixtures__/replay.js';
import { AnthropicToOpenAIStream, type AnthropicToOpenAIStreamOptions } from './anthropic-stream-to-openai.js';
import { fromAnthropicResponse } from './convert-from-anthropic-response.js';

const CREATED = 1_741_570_283;

function convert(events: AnthropicStreamEvent[], options: AnthropicToOpenAIStreamOptions = {}) {
  const stream = new AnthropicToOpenAIStream({ created: CREATED, ...options });
  const chunks: ChatCompletionChunk[] = [];
  for (const event of events) chunks.push(...stream.push(event));
  return { stream, chunks };
}

const start = (id = 'msg_01'): AnthropicStreamEvent => ({
  type: 'message_start',
  message: {
    id,
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 1 },
  },
});

describe('AnthropicToOpenAIStream', () => {
  const toolEvents = sse<AnthropicStreamEvent>('anthropic-stream-tool-use.sse.txt');

  it('the recorded stream is the recorded message (fixtures agree)', () => {
    // The non-stream body also carries `citations: null`, which streamed text blocks leave out.
    expect(fixture<AnthropicMessageResponse>('anthropic-message-tool-use.json')).toMatchObject(assembleEvents(toolEvents));
    expect(assembleEvents(toolEvents).content).toHaveLength(3);
  });

  it('re-assembles a streamed tool call into exactly what the non-stream converter gives', () => {
    const { chunks } = convert(toolEvents, { includeUsage: true });
    const expected = fromAnthropicResponse(fixture('anthropic-message-tool-use.json'), { created: CREATED });
    expect(canonicalArguments(assembleChunks(chunks))).toEqual(expected);
  });

  it('emits chunks event for event: role first, tool start with empty arguments, argument deltas by tool index', () => {
    const { chunks } = convert(toolEvents);
    const deltas = chunks.map((c) => c.choices[0]?.delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(deltas[1]).toEqual({ content: "I'll look up" });
    expect(deltas[3]).toEqual({
      tool_calls: [{ index: 0, id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '' } }],
    });
    expect(deltas[4]).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Os' } }] });
    expect(deltas[6]!.tool_calls![0]).toMatchObject({ index: 1, id: 'toolu_01Kx7QeVZ2pN3nYh8m4Wc5rB' });
    expect(deltas[7]).toEqual({ tool_calls: [{ index: 1, function: { arguments: '{"city": "Paris", ' } }] });
    // ping, content_block_stop and the empty first partial_json produce nothing.
    expect(chunks).toHaveLength(10);
    expect(chunks[9]!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(chunks.every((c) => c.id === 'chatcmpl-01XFDUDYJgAACzvnptvVoYEL' && c.object === 'chat.completion.chunk' && c.created === CREATED)).toBe(true);
    // Every chunk has OpenAI's envelope fields, and every choice its logprobs.
    expect(chunks.every((c) => c['service_tier'] === 'default' && c.system_fingerprint === null && c.choices[0]?.logprobs === null)).toBe(true);
  });

  it('ends with a choices: [] usage chunk only when usage was requested, and marks others usage: null', () => {
    const withUsage = convert(toolEvents, { includeUsage: true }).chunks;
    const last = withUsage[withUsage.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({
      prompt_tokens: 2322,
      completion_tokens: 141,
      total_tokens: 2463,
      prompt_tokens_details: { cached_tokens: 1850, audio_tokens: 0 },
      // No thinking block came: 0, as OpenAI always sends it (@openrouter/ai-sdk-provider requires it).
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    expect(last).toMatchObject({ service_tier: 'default', system_fingerprint: null });
    expect(withUsage.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    const { chunks, stream } = convert(toolEvents);
    expect(chunks.some((c) => c.choices.length === 0 || 'usage' in c)).toBe(false);
    // Accounting sees usage even though the client did not ask for it.
    expect(stream.usage).toEqual(last.usage);
    expect(stream.anthropicStopReason).toBe('tool_use');
  });

  it('streams thinking as reasoning_content and takes cumulative usage from message_delta', () => {
    const { chunks, stream } = convert(sse('anthropic-stream-thinking-text.sse.txt'));
    const assembled = assembleChunks(chunks);
    expect(assembled.choices[0]!.message['reasoning_content']).toBe('27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.');
    expect(assembled.choices[0]!.message.content).toBe('27 × 453 = **12,231**');
    expect(assembled.choices[0]!.finish_reason).toBe('stop');
    expect(stream.usage).toEqual({
      prompt_tokens: 1238,
      completion_tokens: 96,
      total_tokens: 1334,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0, cache_write_tokens: 1200 },
      completion_tokens_details: { reasoning_tokens: 71, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('sends a signed thinking block whole as thinking_blocks once it closes, and the same blocks as the non-stream converter', () => {
    const events = sse<AnthropicStreamEvent>('anthropic-stream-thinking-text.sse.txt');
    const { chunks } = convert(events);
    const signed = chunks.filter((chunk) => chunk.choices[0]?.delta['thinking_blocks'] !== undefined);
    expect(signed).toHaveLength(1);
    expect(signed[0]!.choices[0]!.delta).toEqual({ thinking_blocks: [{ type: 'thinking', thinking: '27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.', signature: expect.stringMatching(/.+/) }] });
    // Before the answer's text: a Responses encoder puts it in the reasoning item still open.
    expect(chunks.indexOf(signed[0]!)).toBeLessThan(chunks.findIndex((chunk) => typeof chunk.choices[0]?.delta.content === 'string' && chunk.choices[0].delta.content !== ''));
    expect(signed[0]!.choices[0]!.delta['thinking_blocks']).toEqual(fromAnthropicResponse(assembleEvents(events)).choices[0]!.message['thinking_blocks']);
  });

  it('streams the forced JSON tool as content text and finishes with stop', () => {
    const events: AnthropicStreamEvent[] = [
      start(),
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'json_response', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"label": ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"bug"}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } },
      { type: 'message_stop' },
    ];
    const assembled = assembleChunks(convert(events, { jsonResponseTool: 'json_response' }).chunks);
    expect(JSON.parse(assembled.choices[0]!.message.content as string)).toEqual({ label: 'bug' });
    expect(assembled.choices[0]!.message.tool_calls).toBeUndefined();
    expect(assembled.choices[0]!.finish_reason).toBe('stop');
  });

  it('turns an error event into a SwitchyardError with the status its type stands for', () => {
    const stream = new AnthropicToOpenAIStream({ created: CREATED });
    const events = sse<AnthropicStreamEvent>('anthropic-stream-overloaded.sse.txt');
    const last = events.pop()!;
    for (const event of events) stream.push(event);
    let error: unknown;
    try {
      stream.push(last);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ status: 529, retryable: true, message: 'anthropic: Overloaded (overloaded_error)' });
  });

  it('sends one finish_reason even if several message_delta events arrive', () => {
    const { chunks } = convert([
      start(),
      { type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 3 } },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 5 } },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { output_tokens: 5 } },
      { type: 'message_stop' },
    ]);
    expect(chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => c.choices[0]!.finish_reason)).toEqual(['length']);
  });

  it('sends the usage chunk once, from finish() when the upstream ends without message_stop', () => {
    const stream = new AnthropicToOpenAIStream({ includeUsage: true, created: CREATED });
    stream.push(start());
    expect(stream.finish()).toHaveLength(1);
    expect(stream.finish()).toEqual([]);
    expect(stream.push({ type: 'message_stop' })).toEqual([]);
  });
});
