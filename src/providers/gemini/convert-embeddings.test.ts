import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/replay.js';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest } from './convert-embeddings.js';
import type { BatchEmbedContentsResponse, EmbedContentResponse } from './gemini-wire.js';

describe('embeddings', () => {
  it('sends one string to embedContent and an array to batchEmbedContents, with dimensions', () => {
    expect(toGeminiEmbedRequest({ model: 'embed', input: 'hello', dimensions: 768 }, 'gemini-embedding-001')).toEqual({
      method: 'embedContent',
      body: { content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 },
    });
    expect(toGeminiEmbedRequest({ model: 'embed', input: ['a'] }, 'gemini-embedding-001')).toEqual({
      method: 'batchEmbedContents',
      body: { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } }] },
    });
  });

  it('refuses token ids, empty and oversized inputs, naming the field', () => {
    expect(() => toGeminiEmbedRequest({ model: 'e', input: [[1, 2, 3]] }, 'm')).toThrow(expect.objectContaining({ code: 'unsupported', param: 'input[0]' }));
    expect(() => toGeminiEmbedRequest({ model: 'e', input: [] }, 'm')).toThrow(expect.objectContaining({ param: 'input' }));
    expect(() => toGeminiEmbedRequest({ model: 'e', input: Array(101).fill('x') }, 'm')).toThrow(/at most 100/);
    expect(() => toGeminiEmbedRequest({ model: 'e', input: 'x', dimensions: 0 }, 'm')).toThrow(expect.objectContaining({ param: 'dimensions' }));
  });

  it('returns floats, or float32 base64 that decodes to the same values, for either response', () => {
    const single = fromGeminiEmbedResponse(fixture<EmbedContentResponse>('gemini-embed.json'), { model: 'embed', promptTokens: 2 });
    expect(single).toMatchObject({ object: 'list', model: 'embed', usage: { prompt_tokens: 2, total_tokens: 2 } });
    expect(single.data[0]!.embedding).toHaveLength(8);
    const batch = fixture<BatchEmbedContentsResponse>('gemini-batch-embed.json');
    const packed = fromGeminiEmbedResponse(batch, { model: 'embed', encodingFormat: 'base64' });
    expect(packed.data.map((d) => d.index)).toEqual([0, 1]);
    const bytes = Buffer.from(packed.data[1]!.embedding as string, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    decoded.forEach((value, i) => expect(value).toBeCloseTo(batch.embeddings[1]!.values[i]!, 6));
  });
});
