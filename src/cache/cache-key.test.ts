import { describe, expect, it } from 'vitest';
import { CacheKeys, cacheKey } from './cache-key.js';

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

  it('differ by source (the upstream behind the name), so a name pointed elsewhere shares no entry', () => {
    expect(cacheKey('small', 'openai', base, '', 'a'.repeat(64))).not.toBe(cacheKey('small', 'openai', base, '', 'b'.repeat(64)));
    expect(cacheKey('small', 'openai', base, 'x', '')).not.toBe(cacheKey('small', 'openai', base, '', 'x'));
  });

  it('cannot be forged by a name or format that contains the separator', () => {
    expect(cacheKey('a\nopenai', 'x', base)).not.toBe(cacheKey('a', 'x\nopenai', base));
  });
});

describe('cache keys remembered by body text', () => {
  const text = JSON.stringify(base);

  it('give the key cacheKey gives, for each name, format and scope the same text comes with', () => {
    const keys = new CacheKeys();
    for (let round = 0; round < 2; round++) {
      expect(keys.of('small', 'openai', base, '', text)).toBe(cacheKey('small', 'openai', base));
      expect(keys.of('large', 'openai', base, '', text)).toBe(cacheKey('large', 'openai', base));
      expect(keys.of('small', 'anthropic', base, '', text)).toBe(cacheKey('small', 'anthropic', base));
      expect(keys.of('small', 'openai', base, 'strict-pii', text)).toBe(cacheKey('small', 'openai', base, 'strict-pii'));
      expect(keys.of('small', 'openai', base, '', text, 'src-2')).toBe(cacheKey('small', 'openai', base, '', 'src-2'));
    }
  });

  it('key a body that is not its text any more (a stage rewrote it) from the body', () => {
    const keys = new CacheKeys();
    keys.of('small', 'openai', base, '', text);
    const rewritten = { ...base, messages: [{ role: 'user', content: '[REDACTED]' }] };
    expect(keys.of('small', 'openai', rewritten, '', undefined)).toBe(cacheKey('small', 'openai', rewritten));
  });

  it('stay within their bound, and key long bodies each time', () => {
    const keys = new CacheKeys(2, 200);
    const bodies = [1, 2, 3].map((n) => ({ ...base, max_tokens: n }));
    for (const body of bodies) expect(keys.of('small', 'openai', body, '', JSON.stringify(body))).toBe(cacheKey('small', 'openai', body));
    expect(keys.size).toBe(2);
    const long = { ...base, messages: [{ role: 'user', content: 'x'.repeat(300) }] };
    expect(keys.of('small', 'openai', long, '', JSON.stringify(long))).toBe(cacheKey('small', 'openai', long));
    expect(keys.size).toBe(2);
  });
});
