import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/replay.js';
import { fromGeminiEmbedResponse, toGeminiEmbedRequest, toGeminiEmbedRequests } from './convert-embeddings.js';
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

  it('splits more than 100 inputs into batchEmbedContents calls of 100, up to OpenAI\'s 2,048, and joins the answers in order', () => {
    const input = Array.from({ length: 250 }, (_, i) => `text ${i}`);
    const calls = toGeminiEmbedRequests({ model: 'e', input, dimensions: 8 }, 'gemini-embedding-001');
    expect(calls.map((c) => c.method)).toEqual(['batchEmbedContents', 'batchEmbedContents', 'batchEmbedContents']);
    const texts = calls.flatMap((c) => (c.method === 'batchEmbedContents' ? c.body.requests.map((r) => r.content.parts[0]?.text) : []));
    expect(texts).toEqual(input);
    expect(calls[2]?.method === 'batchEmbedContents' && calls[2].body.requests[0]).toMatchObject({ outputDimensionality: 8 });
    expect(toGeminiEmbedRequests({ model: 'e', input: 'one' }, 'm')).toHaveLength(1);
    // A token array is named by its index in the client's input, not in its batch.
    expect(() => toGeminiEmbedRequests({ model: 'e', input: [...input.slice(0, 150), [1, 2]] as never }, 'm')).toThrow(expect.objectContaining({ param: 'input[150]' }));
    expect(() => toGeminiEmbedRequests({ model: 'e', input: Array(2049).fill('x') }, 'm')).toThrow('input has 2049 items; at most 2048 per request');
    const joined = fromGeminiEmbedResponse([{ embeddings: [{ values: [1] }, { values: [2] }] }, { embeddings: [{ values: [3] }] }], { model: 'e' });
    expect(joined.data.map((d) => [d.index, d.embedding])).toEqual([[0, [1]], [1, [2]], [2, [3]]]);
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
