import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shortToolCallIds } from './short-tool-call-ids.js';

describe('shortToolCallIds', () => {
  const long = `call_${'g'.repeat(300)}`;
  // An independent oracle: the first 24 base64url characters of the id's SHA-256.
  const expected = `call_${createHash('sha256').update(long).digest('base64url').slice(0, 24)}`;

  it('gives a long id the same short id in the call and in the answer', () => {
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: long, type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: long, content: 'ok' },
      ],
    };
    const out = shortToolCallIds(body) as { messages: [{ tool_calls: [{ id: string }] }, { tool_call_id: string }] };
    expect(out.messages[0].tool_calls[0].id).toBe(expected);
    expect(out.messages[1].tool_call_id).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(40);
  });

  it('returns the same object when no id is over 40 characters', () => {
    const body = { messages: [{ role: 'tool', tool_call_id: 'call_abc', content: 'ok' }] };
    expect(shortToolCallIds(body)).toBe(body);
  });
});
