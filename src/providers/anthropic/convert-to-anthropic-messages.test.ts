import { describe, expect, it } from 'vitest';
import { toAnthropicMessages } from './convert-to-anthropic-messages.js';

describe('toAnthropicMessages', () => {
  it('hoists system and developer messages in order and keeps turns alternating', () => {
    const out = toAnthropicMessages([
      { role: 'system', content: 'S1' },
      { role: 'user', content: 'u1' },
      { role: 'developer', content: 'S2' },
      { role: 'user', content: [{ type: 'text', text: 'u2' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a1' }, { type: 'refusal', refusal: 'no' }] },
    ]);
    expect(out.system.map((b) => b.text)).toEqual(['S1', 'S2']);
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'u1' }, { type: 'text', text: 'u2' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a1' }, { type: 'text', text: 'no' }] },
    ]);
  });

  it('sends an assistant refusal as text when there is no other content', () => {
    const out = toAnthropicMessages([{ role: 'user', content: 'q' }, { role: 'assistant', content: null, refusal: "I can't help with that." }]);
    expect(out.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: "I can't help with that." }] });
  });

  it('keeps images inside tool results and names a tool message without tool_call_id', () => {
    const out = toAnthropicMessages([
      { role: 'user', content: 'look' },
      { role: 'assistant', tool_calls: [{ id: 'call_s', type: 'function', function: { name: 'screenshot', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_s', content: [{ type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGR' } }] },
    ]);
    expect(out.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'call_s', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGR' } }] }],
    });
    expect(() => toAnthropicMessages([{ role: 'tool', content: 'x' }])).toThrow('messages[0].tool_call_id is required');
  });

  it('refuses images in system messages, naming the part', () => {
    expect(() =>
      toAnthropicMessages([{ role: 'system', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] }]),
    ).toThrow('messages[0].content[1]: only text is supported in system messages');
  });

  it('takes the media type from data URLs that carry parameters', () => {
    const out = toAnthropicMessages([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/gif;name=a.gif;base64,R0lGOD' } }] }]);
    expect(out.messages[0]!.content).toEqual([{ type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGOD' } }]);
  });
});
