import { describe, expect, it } from 'vitest';
import { jsonValueOf } from '../core/json-text.js';
import { createStreamRelay } from './stream-relay.js';

const chunk = (content: string, extra: object = {}) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null, ...extra });

describe('OpenAI → OpenAI relay', () => {
  it('forwards content untouched and drops the usage chunk the client did not ask for', () => {
    const relay = createStreamRelay('openai', 'openai', 'p', false, undefined);
    const first = chunk('Hel');
    // An event split across two network reads goes out once it is whole, byte for byte.
    expect(relay.push(`data: ${first.slice(0, 10)}`)).toBe('');
    expect(relay.push(`${first.slice(10)}\n\n`)).toBe(`data: ${first}\n\n`);
    const usage = JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(relay.push(`data: ${usage}\n\ndata: [DONE]\n\n`)).toBe('data: [DONE]\n\n');
    expect(relay.end()).toBe('');
    expect(relay.usage).toMatchObject({ inputTokens: 5, outputTokens: 2 });
    expect(jsonValueOf(relay.response())).toMatchObject({ choices: [{ message: { role: 'assistant', content: 'Hel' } }], usage: { total_tokens: 7 } });
  });

  it('strips usage riding on a content chunk (some servers do that) but keeps the content', () => {
    const relay = createStreamRelay('openai', 'openai', 'p', false, undefined);
    const out = relay.push(`data: ${chunk('lo', { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\r\n\r\n`);
    expect(out).toContain('"content":"lo"');
    expect(out).not.toContain('usage');
    expect(relay.usage?.outputTokens).toBe(1);
  });

  it('keeps the usage chunk when the client asked, and fails a stream that never finished', () => {
    const relay = createStreamRelay('openai', 'openai', 'p', true, undefined);
    const usage = JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(relay.push(`data: ${usage}\n\n`)).toBe(`data: ${usage}\n\n`);
    expect(() => relay.end()).toThrow('provider "p" ended the stream before the answer was complete');
  });

  it('turns an error event from upstream into an error', () => {
    const relay = createStreamRelay('openai', 'openai', 'p', false, undefined);
    expect(() => relay.push('data: {"error":{"message":"overloaded"}}\n\n')).toThrow('provider "p" sent an error mid-stream: overloaded');
  });
});

describe('Anthropic → Anthropic relay', () => {
  it('passes events through and adds usage from message_start and message_delta', () => {
    const relay = createStreamRelay('anthropic', 'anthropic', 'p', false, undefined);
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

describe('OpenAI-compatible servers that space their JSON', () => {
  it('still finds usage and errors in Python-style `"usage": {` output', () => {
    const relay = createStreamRelay('openai', 'openai', 'p', false, undefined);
    expect(relay.push('data: {"id": "c", "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}]}\n\n')).toContain('"content": "hi"');
    expect(relay.push('data: {"id": "c", "choices": [], "usage": {"prompt_tokens": 4, "completion_tokens": 1, "total_tokens": 5}}\n\ndata: [DONE]\n\n')).toBe(
      'data: [DONE]\n\n',
    );
    expect(relay.usage).toMatchObject({ inputTokens: 4, outputTokens: 1 });
    const failing = createStreamRelay('openai', 'openai', 'p', false, undefined);
    expect(() => failing.push('data: { "error": { "message": "engine overloaded" } }\n\n')).toThrow('engine overloaded');
  });
});
