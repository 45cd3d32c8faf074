import { describe, expect, it } from 'vitest';
import { jsonValueOf } from '../../core/json-text.js';
import { AnthropicNativeRelay } from './anthropic-native-relay.js';

describe('Anthropic → Anthropic relay', () => {
  it('passes events through and adds usage from message_start and message_delta', () => {
    const relay = new AnthropicNativeRelay('p');
    const start = JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 } } });
    const sse = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    expect(relay.push(`event: message_start\ndata: ${start}\n\n`)).toBe(`event: message_start\ndata: ${start}\n\n`);
    const middle =
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
      sse('ping', { type: 'ping' }) +
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } });
    expect(relay.push(middle)).toBe(middle);
    relay.push(sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }));
    relay.push(sse('message_stop', { type: 'message_stop' }));
    expect(relay.end()).toBe('');
    expect(relay.usage).toMatchObject({ inputTokens: 100, cachedTokens: 90, outputTokens: 12 });
    expect(jsonValueOf(relay.response())).toMatchObject({ content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage: { output_tokens: 12 } });
  });
});


describe('Anthropic → Anthropic relay: started', () => {
  it('is past the opening events only once a content block (or any other event) has come', () => {
    const relay = new AnthropicNativeRelay('p');
    relay.push('event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}\n\n');
    relay.push('event: ping\ndata: {"type": "ping"}\n\n');
    expect(relay.started()).toBe(false);
    relay.push('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n');
    expect(relay.started()).toBe(true);
  });

  it('is not past them when an error follows message_start in the same read', () => {
    const relay = new AnthropicNativeRelay('p');
    expect(() => relay.push('event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')).toThrow();
    expect(relay.started()).toBe(false);
  });
});

describe('Anthropic → Anthropic relay errors', () => {
  it('keeps the status an error event stands for (overloaded is 529, not a generic 502)', () => {
    const relay = new AnthropicNativeRelay('p');
    const error = (() => {
      try {
        relay.push('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
      } catch (thrown) {
        return thrown as { status: number; message: string };
      }
      return undefined;
    })();
    expect(error?.status).toBe(529);
    expect(error?.message).toContain('Overloaded');
  });

  it('reads an error event without a type that says it is overloaded as overloaded_error (529), any other as api_error', () => {
    const raised = (data: string) => {
      try {
        new AnthropicNativeRelay('p').push(`event: error\ndata: ${data}\n\n`);
      } catch (thrown) {
        return thrown as { status: number; vendorError?: { type: string | null } };
      }
      return undefined;
    };
    expect(raised('{"type":"error","error":{"message":"Overloaded"}}')).toMatchObject({ status: 529, vendorError: { type: 'overloaded_error' } });
    expect(raised('{"type":"error","error":{"message":"Internal server error"}}')).toMatchObject({ status: 500, vendorError: { type: 'api_error' } });
  });
});
