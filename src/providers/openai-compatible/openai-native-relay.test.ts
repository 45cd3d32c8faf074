import { describe, expect, it } from 'vitest';
import { isRetryableStatus, type SwitchyardError } from '../../core/errors.js';
import { errorBody } from '../../http/error-response.js';
import { jsonValueOf } from '../../core/json-text.js';
import { OpenAINativeRelay } from './openai-native-relay.js';

const chunk = (content: string, extra: object = {}) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null, ...extra });
/** The same chunk as OpenAI sends it to a client that did not ask for usage: no `usage` field. */
const bare = (content: string) => chunk(content, { usage: undefined });

describe('OpenAI → OpenAI relay', () => {
  it('forwards content untouched but for the usage: null the gateway asked for, and drops the usage chunk the client did not ask for', () => {
    const relay = new OpenAINativeRelay('p', false);
    const first = chunk('Hel');
    // An event split across two network reads goes out once it is whole.
    expect(relay.push(`data: ${first.slice(0, 10)}`)).toBe('');
    expect(relay.push(`${first.slice(10)}\n\n`)).toBe(`data: ${bare('Hel')}\n\n`);
    const usage = JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(relay.push(`data: ${usage}\n\ndata: [DONE]\n\n`)).toBe('data: [DONE]\n\n');
    expect(relay.end()).toBe('');
    expect(relay.usage).toMatchObject({ inputTokens: 5, outputTokens: 2 });
    expect(jsonValueOf(relay.response())).toMatchObject({ choices: [{ message: { role: 'assistant', content: 'Hel' } }], usage: { total_tokens: 7 } });
  });

  it('strips usage riding on a content chunk (some servers do that) but keeps the content', () => {
    const relay = new OpenAINativeRelay('p', false);
    const out = relay.push(`data: ${chunk('lo', { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\r\n\r\n`);
    expect(out).toContain('"content":"lo"');
    expect(out).not.toContain('usage');
    expect(relay.usage?.outputTokens).toBe(1);
  });

  it('keeps usage: null and text that only looks like it, byte for byte, when the client asked for usage; takes out only the field otherwise', () => {
    const spoof = chunk('"usage":null, ,"usage": null');
    expect(new OpenAINativeRelay('p', true).push(`data: ${spoof}\n\n`)).toBe(`data: ${spoof}\n\n`);
    const out = new OpenAINativeRelay('p', false).push(`data: ${spoof}\n\n`);
    expect(out).toBe(`data: ${bare('"usage":null, ,"usage": null')}\n\n`);
    // First or last, compact or spaced as Python's json.dumps writes it (vLLM).
    const relay = new OpenAINativeRelay('p', false);
    expect(relay.push('data: {"usage":null,"id":"c1","choices":[]}\n\ndata: {"id": "c1", "choices": [], "usage": null}\n\n')).toBe('data: {"id":"c1","choices":[]}\n\ndata: {"id": "c1", "choices": []}\n\n');
  });

  it('keeps the usage chunk when the client asked, and fails a stream that never finished', () => {
    const relay = new OpenAINativeRelay('p', true);
    const usage = JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(relay.push(`data: ${usage}\n\n`)).toBe(`data: ${usage}\n\n`);
    expect(() => relay.end()).toThrow('provider "p" ended the stream before the answer was complete');
  });

  it('reads only the events that carry usage or the end when several arrive at once, the rest byte for byte', () => {
    const relay = new OpenAINativeRelay('p', false);
    const usage = JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    const content = (made: (text: string) => string) => `: keep-alive\n\ndata: ${made('Hel')}\n\nevent: chunk\ndata: ${made('lo')}\n\n`;
    expect(relay.push(`${content(chunk)}data: ${usage}\n\ndata: ${chunk('!')}\n\ndata: [DONE]\n\n`)).toBe(`${content(bare)}data: ${bare('!')}\n\ndata: [DONE]\n\n`);
    expect(relay.end()).toBe('');
    expect(relay.usage).toMatchObject({ inputTokens: 5, outputTokens: 2 });
  });

  it('forwards an event it cannot read back, and keeps no answer for the trace rather than a wrong one', () => {
    const relay = new OpenAINativeRelay('p', false);
    const garbled = `data: ${bare('Hel').replace('"Hel"', '"He\u0001l"')}\n\n`;
    expect(relay.push(`data: ${chunk('Hi')}\n\n`)).toBe(`data: ${bare('Hi')}\n\n`);
    expect(relay.push(garbled)).toBe(garbled);
    expect(relay.push(`data: ${chunk('!')}\n\ndata: [DONE]\n\n`)).toBe(`data: ${bare('!')}\n\ndata: [DONE]\n\n`);
    expect(relay.end()).toBe('');
    expect(relay.response()).toBeNull();
  });

  it('turns an error event from upstream into an error', () => {
    const relay = new OpenAINativeRelay('p', false);
    expect(() => relay.push('data: {"error":{"message":"overloaded"}}\n\n')).toThrow('provider "p" sent an error mid-stream: overloaded');
  });

  it('gives an in-band error the status its code or type stands for: an OpenAI client gets the event as written, a translated one the type a whole error of that status has', () => {
    const cases = [
      // OpenAI's own rate limit: type "requests" (or "tokens") and code kept.
      ['{"type":"requests","code":"rate_limit_exceeded"}', 429, 'requests', 'rate_limit_error', 'rate_limit_exceeded', 'rate_limit_exceeded'],
      ['{"type":"tokens","code":"rate_limit_exceeded"}', 429, 'tokens', 'rate_limit_error', 'rate_limit_exceeded', 'rate_limit_exceeded'],
      ['{"type":"overloaded_error"}', 529, 'overloaded_error', 'overloaded_error', undefined, null],
      // vLLM and OpenRouter put the HTTP status in `code`: an OpenAI client gets it as text (its
      // SDK types code as a string), the trace as sent.
      ['{"type":"BadRequestError","code":400}', 400, 'BadRequestError', 'invalid_request_error', undefined, '400'],
      ['{"code":503}', 503, null, 'overloaded_error', undefined, '503'],
      ['{"type":"server_error","code":null}', 502, 'server_error', 'api_error', undefined, null],
      ['{}', 502, null, 'api_error', undefined, null],
    ] as const;
    for (const [fields, status, openaiType, anthropicType, vendorCode, clientCode] of cases) {
      const relay = new OpenAINativeRelay('p', false);
      const data = `{"error":{"message":"m",${fields.slice(1)}}`.replace(',}', '}');
      const error = (() => {
        try {
          relay.push(`data: ${data}\n\n`);
        } catch (e) {
          return e as SwitchyardError;
        }
        throw new Error(`no error for ${data}`);
      })();
      expect(error, data).toMatchObject({ status, retryable: isRetryableStatus(status), vendorCode });
      expect(error.upstreamCode, data).toBe((JSON.parse(data) as { error: { code?: unknown } }).error.code ?? undefined);
      expect(errorBody('openai', error, 'r'), data).toEqual({ error: { message: 'm', type: openaiType, param: null, code: clientCode } });
      expect(errorBody('anthropic', error, 'r'), data).toMatchObject({ error: { type: anthropicType, message: 'provider "p" sent an error mid-stream: m' } });
    }
  });
});

describe('OpenAI-compatible servers that space their JSON', () => {
  it('still finds usage and errors in Python-style `"usage": {` output', () => {
    const relay = new OpenAINativeRelay('p', false);
    expect(relay.push('data: {"id": "c", "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}]}\n\n')).toContain('"content": "hi"');
    expect(relay.push('data: {"id": "c", "choices": [], "usage": {"prompt_tokens": 4, "completion_tokens": 1, "total_tokens": 5}}\n\ndata: [DONE]\n\n')).toBe(
      'data: [DONE]\n\n',
    );
    expect(relay.usage).toMatchObject({ inputTokens: 4, outputTokens: 1 });
    const failing = new OpenAINativeRelay('p', false);
    expect(() => failing.push('data: { "error": { "message": "engine overloaded" } }\n\n')).toThrow('engine overloaded');
  });
});
