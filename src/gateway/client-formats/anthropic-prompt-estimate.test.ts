import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../tokens/estimate-tokens.js';
import { anthropicCodec } from './anthropic-codec.js';
import { estimateAnthropicPromptTokens } from './anthropic-prompt-estimate.js';

const QUESTION = 'How many eggs are left in the basket after breakfast?';

describe('estimateAnthropicPromptTokens', () => {
  it('counts the text of the system prompt, every message and the tools, and the chat format around them', () => {
    const system = 'You answer briefly.';
    const request = {
      system,
      messages: [
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'count_eggs', input: { basket: 'kitchen' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'seven' }] }] },
      ],
      tools: [{ name: 'count_eggs', description: 'Counts eggs', input_schema: { type: 'object', properties: { basket: { type: 'string' } } } }],
    };
    const words = [system, QUESTION, 'count_eggs', 'kitchen', 'seven', 'count_eggs', 'Counts eggs', 'basket'];
    // 3 tokens around each of the four messages (the system prompt is one) and 3 before the answer.
    expect(estimateAnthropicPromptTokens(request)).toBe(words.reduce((sum, text) => sum + estimateTokens(text), 0) + 4 * 3 + 3);
  });

  it('reads what OpenAI counts for a short prompt, where the chat format is most of it', () => {
    // OpenAI's prompt_tokens for a lone user message "hi" (gpt-4o, gpt-4.1, gpt-5 alike).
    expect(estimateAnthropicPromptTokens({ messages: [{ role: 'user', content: 'hi' }] })).toBe(7);
  });

  it('leaves out base64 payloads, signatures and ids, which are not prompt text', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo'.repeat(1000) } };
    const thinking = { type: 'thinking', thinking: 'Eggs.', signature: 'EqQBCkYIBxgCKkD'.repeat(100) };
    const bare = estimateAnthropicPromptTokens({ messages: [{ role: 'user', content: [{ type: 'text', text: QUESTION }] }] });
    expect(estimateAnthropicPromptTokens({ messages: [{ role: 'user', content: [image, { type: 'text', text: QUESTION }] }] })).toBe(bare);
    expect(estimateAnthropicPromptTokens({ messages: [{ role: 'assistant', content: [thinking] }] })).toBe(estimateTokens('Eggs.') + 3 + 3);
  });
  it('reads a chat completions request the same way, its image URLs and file data left out (a local answer estimates one)', () => {
    const text = { type: 'text', text: QUESTION };
    const plain = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [text] }] };
    const withImage = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [text, { type: 'image_url', image_url: { url: `data:image/png;base64,${'iVBORw0KGgo'.repeat(500)}`, detail: 'low' } }, { type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${'JVBERi0x'.repeat(500)}` } }] }] };
    // The system prompt is a message there: the same framing as Anthropic's top-level system.
    expect(estimateAnthropicPromptTokens(plain)).toBe(estimateAnthropicPromptTokens({ system: 'Be brief.', messages: [{ role: 'user', content: [text] }] }));
    expect(estimateAnthropicPromptTokens(withImage) - estimateAnthropicPromptTokens(plain)).toBeLessThan(5);
  });
});

describe('the Anthropic stream encoder', () => {
  const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'gpt-4.1-mini', choices: [{ index: 0, delta: { role: 'assistant' as const, content: 'Seven' }, finish_reason: null }] };

  it('puts the estimate in message_start when the upstream has not reported usage yet (OpenAI, Gemini)', () => {
    const request = { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: QUESTION }] };
    const text = anthropicCodec.streamEncoder(false, request).push([chunk]);
    const start = JSON.parse(text.split('\n').find((line) => line.startsWith('data: '))!.slice(6));
    expect(start.type).toBe('message_start');
    expect(start.message.usage.input_tokens).toBe(estimateAnthropicPromptTokens(request));
    expect(start.message.usage.input_tokens).toBeGreaterThan(estimateTokens(QUESTION));
  });

  it('uses the exact count when the first chunk already carries usage (a cached or local answer)', () => {
    const request = { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: QUESTION }] };
    const withUsage = { ...chunk, usage: { prompt_tokens: 42, completion_tokens: 1, total_tokens: 43 } };
    const text = anthropicCodec.streamEncoder(false, request).push([withUsage]);
    const start = JSON.parse(text.split('\n').find((line) => line.startsWith('data: '))!.slice(6));
    expect(start.message.usage.input_tokens).toBe(42);
  });
});
