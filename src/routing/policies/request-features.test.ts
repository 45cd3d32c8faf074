import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { estimateTokens } from '../../tokens/estimate-tokens.js';
import { requestFeatures } from './request-features.js';

describe('requestFeatures', () => {
  const request: ChatCompletionRequest = {
    model: 'support',
    user: 'user-7',
    metadata: { tier: 'silver', region: 'eu' },
    tools: [{ type: 'function', function: { name: 'lookup' } }],
    messages: [
      { role: 'system', content: 'You are a support agent.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'an answer' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Is this card damaged?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'text', text: 'Please check.' },
        ],
      },
    ],
  };

  it('reads the last user message, tools, images, user, key and team', () => {
    const f = requestFeatures(request, { keyName: 'web', team: 'support' });
    expect(f.lastUserText).toBe('Is this card damaged?\nPlease check.');
    expect(f).toMatchObject({ tools: true, images: true, user: 'user-7', keyName: 'web', team: 'support' });
  });

  it("takes the end user from safety_identifier when there is no user (the OpenAI SDK's replacement for user)", () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    expect(requestFeatures({ model: 'x', messages, safety_identifier: 'user-9' }).user).toBe('user-9');
    expect(requestFeatures({ model: 'x', messages, user: 'user-7', safety_identifier: 'user-9' }).user).toBe('user-7');
    expect(requestFeatures({ model: 'x', messages, user: '', safety_identifier: 'user-9' }).user).toBe('user-9');
    expect(requestFeatures({ model: 'x', messages, safety_identifier: 42 }).user).toBeUndefined();
  });

  it('lets header metadata override the body metadata', () => {
    const f = requestFeatures(request, { metadata: { tier: 'gold' } });
    expect(f.metadata).toEqual({ tier: 'gold', region: 'eu' });
  });

  it('estimates prompt tokens only when asked, or takes the gateway count', () => {
    const f = requestFeatures(request);
    // 3 priming + 3 per message (4 messages) + the text of each.
    const text = estimateTokens('You are a support agent.') + estimateTokens('first question') + estimateTokens('an answer') + estimateTokens('Is this card damaged?') + estimateTokens('Please check.');
    expect(f.promptTokens).toBe(15 + text);
    expect(requestFeatures(request, { promptTokens: 999 }).promptTokens).toBe(999);
  });

  it('reads a malformed body as absent fields instead of throwing', () => {
    const odd = { model: 'x', messages: [null, 7, { role: 'user', content: 42 }, { role: 'user', content: [null, { type: 'text' }] }], tools: 'yes', metadata: [1] } as unknown as ChatCompletionRequest;
    const f = requestFeatures(odd);
    expect(f).toMatchObject({ lastUserText: '', tools: false, images: false, metadata: {}, user: undefined });
    expect(f.promptTokens).toBe(9);
    expect(requestFeatures({ model: 'x' } as unknown as ChatCompletionRequest).lastUserText).toBe('');
  });
});

describe('estimateTokens', () => {
  it('counts words, number groups and punctuation', () => {
    expect(estimateTokens('How many eggs are left?')).toBe(6);
    expect(estimateTokens('1234567')).toBe(3);
    expect(estimateTokens('')).toBe(0);
  });

  it('stays within 10% of the o200k tokenizer on real prompts', () => {
    const prompts = gunzipSync(readFileSync('data/routellm/gsm8k.jsonl.gz'))
      .toString('utf8')
      .trim()
      .split('\n')
      .filter((_, i) => i % 5 === 0)
      .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
    let relativeError = 0;
    for (const prompt of prompts) relativeError += Math.abs(estimateTokens(prompt) - countTokens(prompt)) / countTokens(prompt);
    expect(relativeError / prompts.length).toBeLessThan(0.1);
  });
});
