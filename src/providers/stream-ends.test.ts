import { describe, expect, it } from 'vitest';
import { AnthropicChunkDecoder } from './anthropic/anthropic-chunk-decoder.js';
import { AnthropicNativeRelay } from './anthropic/anthropic-native-relay.js';
import { OpenAIChunkDecoder } from './openai-compatible/openai-chunk-decoder.js';
import { OpenAINativeRelay } from './openai-compatible/openai-native-relay.js';

/**
 * An upstream stream that ends cleanly (the connection closes in order) but before its terminal
 * event, as a proxy that gives up does, is a failed answer: every decoder and relay says so at
 * `end()`, so the client gets an error event and the trace a 502, never a truncated "success".
 */
const CUT = 'provider "p" ended the stream before the answer was complete';
const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
const anthropicOpening =
  event('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }) +
  event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
  event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } });
const anthropicEnding =
  event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
  event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } }) +
  event('message_stop', { type: 'message_stop' });
const openaiChunk = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] })}\n\n`;

describe('a stream cut off before its terminal event', () => {
  it('fails the Anthropic decoder, which ends cleanly once message_stop arrived', () => {
    const cut = new AnthropicChunkDecoder('p', undefined);
    expect(cut.push(anthropicOpening).length).toBeGreaterThan(0);
    expect(() => cut.end()).toThrow(CUT);
    const whole = new AnthropicChunkDecoder('p', undefined);
    whole.push(anthropicOpening);
    whole.push(anthropicEnding);
    expect(() => whole.end()).not.toThrow();
  });

  it('fails the Anthropic relay, which ends cleanly once message_stop arrived', () => {
    const cut = new AnthropicNativeRelay('p');
    expect(cut.push(anthropicOpening)).toBe(anthropicOpening);
    expect(() => cut.end()).toThrow(CUT);
    const whole = new AnthropicNativeRelay('p');
    whole.push(anthropicOpening + anthropicEnding);
    expect(whole.end()).toBe('');
  });

  it('fails the OpenAI decoder and relay, which end cleanly once [DONE] arrived', () => {
    const decoder = new OpenAIChunkDecoder('p');
    expect(decoder.push(openaiChunk)).toHaveLength(1);
    expect(() => decoder.end()).toThrow(CUT);
    const relay = new OpenAINativeRelay('p', false);
    relay.push(openaiChunk);
    expect(() => relay.end()).toThrow(CUT);
    const whole = new OpenAIChunkDecoder('p');
    whole.push(openaiChunk);
    // The sentinel may arrive without its blank line: end() reads what is left.
    whole.push('data: [DONE]');
    expect(whole.end()).toEqual([]);
  });

  it('says which error it is: an upstream 502', () => {
    const decoder = new OpenAIChunkDecoder('p');
    let raised: unknown;
    try {
      decoder.end();
    } catch (error) {
      raised = error;
    }
    expect(raised).toMatchObject({ code: 'upstream_error', status: 502 });
  });
});
