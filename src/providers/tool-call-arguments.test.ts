import { describe, expect, it } from 'vitest';
import type { ChatToolCall } from '../core/openai-wire.js';
import { toolCallArguments } from './tool-call-arguments.js';

const call = (args: unknown) => ({ id: 'c1', type: 'function', function: { name: 'lookup', arguments: args } }) as ChatToolCall;

describe('toolCallArguments', () => {
  it('parses a JSON object string, and reads "" or no arguments as an empty object', () => {
    expect(toolCallArguments(call('{"city":"Oslo"}'), 0, 0)).toEqual({ city: 'Oslo' });
    expect(toolCallArguments(call(''), 0, 0)).toEqual({});
    expect(toolCallArguments(call(undefined), 0, 0)).toEqual({});
  });

  it('names the path and what was wrong, quoting at most 120 characters of the input', () => {
    expect(() => toolCallArguments(call({ city: 'Oslo' }), 2, 1)).toThrow('messages[2].tool_calls[1].function.arguments must be a JSON string');
    expect(() => toolCallArguments(call('[1,2]'), 0, 0)).toThrow('must be a JSON object, got: "[1,2]"');
    const broken = `{${'"a":1,'.repeat(100)}`;
    expect(() => toolCallArguments(call(broken), 0, 0)).toThrow(/is not valid JSON \(.+\): "\{\\"a\\":1,.*…"$/);
    try {
      toolCallArguments(call(broken), 0, 0);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
    }
  });
});
