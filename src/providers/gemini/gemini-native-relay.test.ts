import { describe, expect, it } from 'vitest';
import { StreamBreak } from '../stream-break.js';
import { GeminiNativeRelay } from './gemini-native-relay.js';

const first = 'data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi "}]},"index":0}],"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7}}\r\n\r\n';
const last = 'data: {"candidates":[{"content":{"role":"model","parts":[{"text":"there"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"thoughtsTokenCount":5,"totalTokenCount":14}}\r\n\r\n';

describe('GeminiNativeRelay', () => {
  it('forwards whole events as they complete, takes the usage from the last event that has it, and folds the answer for the trace', () => {
    const relay = new GeminiNativeRelay('gem');
    const all = first + last;
    let out = relay.push(all.slice(0, 50));
    expect(out).toBe('');
    out += relay.push(all.slice(50)) + relay.end();
    expect(out).toBe(all.replaceAll('\r\n', '\n'));
    expect(relay.usage).toMatchObject({ inputTokens: 7, outputTokens: 7, reasoningTokens: 5 });
    expect(JSON.parse(JSON.stringify(relay.response()))).toMatchObject({ candidates: [{ content: { parts: [{ text: 'Hi there' }] }, finishReason: 'STOP' }], usageMetadata: { totalTokenCount: 14 } });
  });

  it('says it has started at its first event, and not at an error that comes first', () => {
    const relay = new GeminiNativeRelay('gem');
    expect(relay.started()).toBe(false);
    expect(() => relay.push('{\n  "error": {\n    "code": 503,\n    "message": "The model is overloaded.",\n    "status": "UNAVAILABLE"\n  }\n}\n\n')).toThrow(/overloaded/);
    expect(relay.started()).toBe(false);
    const answering = new GeminiNativeRelay('gem');
    answering.push(first.slice(0, 40));
    expect(answering.started()).toBe(false);
    answering.push(first.slice(40));
    expect(answering.started()).toBe(true);
  });

  it('bills the usage at the tier the x-gemini-service-tier header named', () => {
    const relay = new GeminiNativeRelay('gem', 'flex');
    relay.push(first + last);
    relay.end();
    expect(relay.usage?.billing).toEqual({ serviceTier: 'flex' });
  });

  it("fails on Google's bare error object after the events before it, and on a stream that ends unfinished", () => {
    const relay = new GeminiNativeRelay('gem');
    let caught: unknown;
    try {
      relay.push(`${first}{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\n\n`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StreamBreak);
    expect((caught as StreamBreak<string>).before).toBe(first.replaceAll('\r\n', '\n'));
    expect(String((caught as StreamBreak<string>).error)).toMatch(/overloaded/);
    const cut = new GeminiNativeRelay('gem');
    cut.push(first);
    expect(() => cut.end()).toThrow(/ended the stream before the answer was complete/);
  });
});
