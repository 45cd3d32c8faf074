/**
 * Gemini's Grounding with Google Search both ways: a client's web search as `google_search`
 * (dropped, and named, beside function declarations), and the grounding of the answer, whole or
 * streamed, as `web_search_calls` and `url_citation` annotations indexed in characters.
 */
import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { fromGeminiResponse } from './convert-from-gemini-response.js';
import { toGeminiRequest } from './convert-to-gemini-request.js';
import { GeminiToOpenAIStream } from './gemini-stream-to-openai.js';
import type { GenerateContentResponse } from './gemini-wire.js';
import { groundingCitations, groundingSearches } from './grounding-metadata.js';

const MODEL = 'gemini-2.5-flash';

function sink() {
  const decisions: Record<string, unknown> = {};
  return { decide: (stage: string, decision: unknown) => void (decisions[stage] = decision), decisions };
}

describe('the Google Search tool', () => {
  it('is what a web search becomes, from the canonical field or a chat client’s options', () => {
    expect(toGeminiRequest({ model: 'm', messages: [{ role: 'user', content: 'news?' }], web_search: {} }, { model: MODEL }).tools).toEqual([{ google_search: {} }]);
    const decisions = sink();
    expect(toGeminiRequest({ model: 'm', messages: [{ role: 'user', content: 'news?' }], web_search_options: {} }, { model: MODEL, decisions }).tools).toEqual([{ google_search: {} }]);
    expect(decisions.decisions['dropped_params']).toBeUndefined();
  });

  it('is dropped, and named, beside function declarations (Gemini refuses the pair)', () => {
    const decisions = sink();
    const out = toGeminiRequest(
      { model: 'm', messages: [{ role: 'user', content: 'news?' }], tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }], web_search: {} },
      { model: MODEL, decisions },
    );
    expect(out.tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'f' })] }]);
    expect(decisions.decisions['dropped_params']).toEqual({ gemini: ['web_search'] });
  });

  it('runs without the domain lists, location and search cap Google Search has no field for, naming them', () => {
    const decisions = sink();
    const search = { allowed_domains: ['nodejs.org'], blocked_domains: ['x.org'], user_location: { city: 'Lyon' }, max_uses: 2, search_context_size: 'low' };
    expect(toGeminiRequest({ model: 'm', messages: [{ role: 'user', content: 'news?' }], web_search: search }, { model: MODEL, decisions }).tools).toEqual([{ google_search: {} }]);
    expect(decisions.decisions['dropped_params']).toEqual({ gemini: ['allowed_domains', 'blocked_domains', 'user_location', 'max_uses'] });
  });
});

// Offsets are UTF-8 bytes: "Café " is 6 bytes but 5 characters.
const text = 'Café “Krypton” is Node 24. It is LTS.';
const claim = 'Café “Krypton” is Node 24.';
const grounding = {
  webSearchQueries: ['node 24 codename', 'node lts'],
  groundingChunks: [{ web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/a', title: 'nodejs.org' } }, { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/b', title: 'github.com' } }],
  groundingSupports: [{ segment: { endIndex: Buffer.byteLength(claim), text: claim }, groundingChunkIndices: [0, 1] }],
};

describe('grounding metadata', () => {
  it('gives one url_citation per supported segment and page, in characters', () => {
    const citations = groundingCitations(grounding, text);
    expect(citations.map((c) => c.url_citation)).toEqual([
      { url: grounding.groundingChunks[0]!.web.uri, title: 'nodejs.org', start_index: 0, end_index: claim.length },
      { url: grounding.groundingChunks[1]!.web.uri, title: 'github.com', start_index: 0, end_index: claim.length },
    ]);
    const second = { ...grounding, groundingSupports: [{ segment: { startIndex: Buffer.byteLength(`${claim} `), endIndex: Buffer.byteLength(text) }, groundingChunkIndices: [0] }] };
    expect(groundingCitations(second, text)[0]?.url_citation).toMatchObject({ start_index: claim.length + 1, end_index: text.length });
  });

  it('finds a segment by its text when the offsets count within another part', () => {
    const shifted = { ...grounding, groundingSupports: [{ segment: { startIndex: 0, endIndex: 7, text: 'It is LTS.' }, groundingChunkIndices: [1] }] };
    expect(groundingCitations(shifted, text)[0]?.url_citation).toMatchObject({ start_index: text.indexOf('It is'), end_index: text.length });
  });

  it('gives each query as a search', () => {
    expect(groundingSearches(grounding, 'chatcmpl-1')).toEqual([{ id: 'chatcmpl-1_gs0', query: 'node 24 codename' }, { id: 'chatcmpl-1_gs1', query: 'node lts' }]);
    expect(groundingSearches(undefined, 'x')).toEqual([]);
  });

  it('becomes the answer’s annotations and web_search_calls, whole or streamed', () => {
    const response: GenerateContentResponse = { candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: [{ text }] }, groundingMetadata: grounding }], modelVersion: MODEL };
    const message = fromGeminiResponse(response, { id: 'chatcmpl-1', created: 1 }).choices[0]!.message;
    expect(message['annotations']).toHaveLength(2);
    expect(message['web_search_calls']).toHaveLength(2);

    const stream = new GeminiToOpenAIStream({ id: 'chatcmpl-1', created: 1, grounded: true });
    const chunks: ChatCompletionChunk[] = [
      ...stream.push({ candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Café “Krypton” is ' }] } }] }),
      ...stream.push({ candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Node 24. It is LTS.' }] }, finishReason: 'STOP', groundingMetadata: grounding }] }),
      ...stream.finish(),
    ];
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta ?? {});
    const annotations = deltas.findIndex((d) => d['annotations']);
    const searches = deltas.findIndex((d) => d['web_search_calls']);
    expect(deltas[annotations]?.['annotations']).toEqual(message['annotations']);
    // Citations while the text is the open part, then the searches, then the finish.
    expect(annotations).toBeLessThan(searches);
    expect(chunks[searches + 1]?.choices[0]?.finish_reason).toBe('stop');
    expect(stream.webSearches).toBe(2);
  });
});
