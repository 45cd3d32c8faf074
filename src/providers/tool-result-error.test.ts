import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../core/openai-wire.js';
import { toAnthropicMessages } from './anthropic/convert-to-anthropic-messages.js';
import { errorsAsText } from './tool-result-error.js';

const call: ChatMessage = { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] };

describe('a failed tool result on its way to each upstream', () => {
  it('says "Error: " in the text for OpenAI-wire upstreams, once, and drops the marker', () => {
    const messages: ChatMessage[] = [
      call,
      { role: 'tool', tool_call_id: 'c1', content: 'timed out', is_error: true },
      { role: 'tool', tool_call_id: 'c2', content: 'Error: already worded', is_error: true },
      { role: 'tool', tool_call_id: 'c3', content: [{ type: 'text', text: 'no such file' }], is_error: true },
      { role: 'tool', tool_call_id: 'c4', content: '', is_error: true },
      { role: 'tool', tool_call_id: 'c5', content: 'fine', is_error: false },
    ];
    expect(errorsAsText(messages).slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: 'Error: timed out' },
      { role: 'tool', tool_call_id: 'c2', content: 'Error: already worded' },
      { role: 'tool', tool_call_id: 'c3', content: [{ type: 'text', text: 'Error: ' }, { type: 'text', text: 'no such file' }] },
      { role: 'tool', tool_call_id: 'c4', content: 'Error' },
      { role: 'tool', tool_call_id: 'c5', content: 'fine' },
    ]);
  });

  it('returns the same array when no message carries the marker', () => {
    const messages: ChatMessage[] = [call, { role: 'tool', tool_call_id: 'c1', content: 'ok' }];
    expect(errorsAsText(messages)).toBe(messages);
  });

  it('gives Anthropic its is_error flag back', () => {
    const out = toAnthropicMessages([{ role: 'user', content: 'go' }, call, { role: 'tool', tool_call_id: 'c1', content: 'timed out', is_error: true }]);
    expect(out.messages.at(-1)?.content).toEqual([{ type: 'tool_result', tool_use_id: 'c1', content: 'timed out', is_error: true }]);
  });
});
