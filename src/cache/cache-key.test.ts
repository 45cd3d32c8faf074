import { describe, expect, it } from 'vitest';
import { cacheKey } from './cache-key.js';

const base = { messages: [{ role: 'user', content: 'What is 2+2?' }], temperature: 0, max_tokens: 50 };

describe('cache keys', () => {
  it('differ when any sampling parameter differs', () => {
    const key = cacheKey('small', 'openai', base);
    const variants: Record<string, unknown>[] = [
      { temperature: 0.1 },
      { max_tokens: 51 },
      { top_p: 0.9 },
      { seed: 1 },
      { stop: ['\n'] },
      { presence_penalty: 0.5 },
      { frequency_penalty: 0.5 },
      { n: 2 },
      { logprobs: true },
      { response_format: { type: 'json_object' } },
      { tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] },
      { tool_choice: 'required' },
      { reasoning_effort: 'low' },
      { messages: [{ role: 'user', content: 'What is 2+3?' }] },
      { messages: [{ role: 'system', content: 'Be brief.' }, ...base.messages] },
    ];
    const keys = new Set([key, ...variants.map((change) => cacheKey('small', 'openai', { ...base, ...change }))]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('differ by the name called and by the API format', () => {
    expect(cacheKey('small', 'openai', base)).not.toBe(cacheKey('large', 'openai', base));
    expect(cacheKey('small', 'openai', base)).not.toBe(cacheKey('small', 'anthropic', base));
  });

  it('ignore who asked, how it is delivered, and key order', () => {
    const key = cacheKey('small', 'openai', base);
    expect(cacheKey('small', 'openai', { ...base, stream: true, stream_options: { include_usage: true }, user: 'u1', metadata: { a: 1 }, model: 'x' })).toBe(key);
    expect(cacheKey('small', 'openai', { max_tokens: 50, temperature: 0, messages: [{ content: 'What is 2+2?', role: 'user' }] })).toBe(key);
  });

  it('differ by scope (the guardrail policy in force)', () => {
    expect(cacheKey('small', 'openai', base, 'strict-pii')).not.toBe(cacheKey('small', 'openai', base, ''));
  });

  it('cannot be forged by a name or format that contains the separator', () => {
    expect(cacheKey('a\nopenai', 'x', base)).not.toBe(cacheKey('a', 'x\nopenai', base));
  });
});
