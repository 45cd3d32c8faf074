import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../config/schema.js';
import type { JsonObject } from '../core/openai-wire.js';
import { createProvider } from '../providers/registry.js';
import { pdfDocument } from '../test-support/pdf-document.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import { estimateUsage } from './estimate-usage.js';

// Every text is one token, every message none: what is left is what the PDF costs.
const flat: TokenCounter = { text: async () => 1, chat: async () => 0 };
const provider = (type: string) => createProvider(type, { type, base_url: 'http://127.0.0.1:1', headers: {} } as unknown as ProviderConfig);
// Three Letter pages of 2,000 characters: 500 text tokens a page at 4 characters a token.
const pdf = pdfDocument(['a'.repeat(2000), 'b'.repeat(2000), 'c'.repeat(2000)], { compressed: true }).toString('base64');

const bodies: Record<'openai' | 'anthropic' | 'gemini' | 'responses', JsonObject> = {
  openai: { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'r.pdf', file_data: `data:application/pdf;base64,${pdf}` } }] }] },
  anthropic: { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }] }] },
  gemini: { contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'application/pdf', data: pdf } }] }] },
  responses: { model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', filename: 'r.pdf', file_data: `data:application/pdf;base64,${pdf}` }] }] },
};

describe('estimateUsage counts an inlined PDF as the vendor that answered does', () => {
  it('Claude: each page as an image (1,575 for Letter) plus the text; OpenAI: a low-detail page image plus the text; Gemini: a fixed cost a page', async () => {
    const expected = [
      { provider: provider('anthropic'), model: 'claude-sonnet-4-6', tokens: 3 * (1575 + 500) },
      { provider: provider('openai'), model: 'gpt-4o', tokens: 3 * (85 + 500) },
      { provider: provider('gemini'), model: 'gemini-2.5-flash', tokens: 3 * 258 },
      { provider: provider('gemini'), model: 'gemini-3-flash-preview', tokens: 3 * 560 },
    ];
    for (const [format, body] of Object.entries(bodies) as [keyof typeof bodies, JsonObject][]) {
      for (const { provider, model, tokens } of expected) {
        const usage = await estimateUsage({ format, body, response: null, knownOutputTokens: 0, count: flat, countedFor: { provider, model } });
        expect({ format, model, input: usage.inputTokens }).toEqual({ format, model, input: tokens });
      }
    }
  });

  it('counts nothing for the PDF when the target is unknown (no vendor rule to count by)', async () => {
    expect((await estimateUsage({ format: 'openai', body: bodies.openai, response: null, knownOutputTokens: 0, count: flat })).inputTokens).toBe(0);
  });
});

describe('estimateUsage takes one options object', () => {
  it('counts the answer text unless the caller knows its tokens, and the default counter counts the input', async () => {
    const counted: TokenCounter = { text: async (text) => text.length, chat: async (messages) => messages.length * 10 };
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    const response = { choices: [{ message: { role: 'assistant', content: 'hello' } }] };
    expect(await estimateUsage({ format: 'openai', body, response, count: counted })).toMatchObject({ inputTokens: 10, outputTokens: 5, estimated: true });
    expect((await estimateUsage({ format: 'openai', body, response, knownOutputTokens: 2, count: counted })).outputTokens).toBe(2);
    // No counter given: the usage counter's estimate, still a whole count above zero.
    expect((await estimateUsage({ format: 'openai', body, response })).inputTokens).toBeGreaterThan(0);
  });
});
