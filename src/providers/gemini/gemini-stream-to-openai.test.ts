import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { assembleChunks, fixture, sseItems } from './__fixtures__/replay.js';
import { fromGeminiResponse } from './convert-from-gemini-response.js';
import { GeminiToOpenAIStream, type GeminiToOpenAIStreamOptions } from './gemini-stream-to-openai.js';
import type { GenerateContentResponse } from './gemini-wire.js';
import type { GeminiStreamItem } from './gemini-sse-decoder.js';

const CREATED = 1_758_000_000;

function convert(items: GeminiStreamItem[], options: GeminiToOpenAIStreamOptions = {}) {
  const stream = new GeminiToOpenAIStream({ created: CREATED, id: 'chatcmpl-s1', ...options });
  const chunks: ChatCompletionChunk[] = [];
  for (const item of items) chunks.push(...stream.push(item));
  chunks.push(...stream.finish());
  return { stream, chunks };
}

/** What the whole stream says, as one non-streamed response (Google's SDKs aggregate the same way). */
function aggregate(events: GenerateContentResponse[]): GenerateContentResponse {
  const last = events[events.length - 1]!;
  const parts = events.flatMap((e) => e.candidates?.[0]?.content?.parts ?? []);
  const text = parts.filter((p) => typeof p.text === 'string').map((p) => p.text).join('');
  const others = parts.filter((p) => typeof p.text !== 'string');
  return { ...last, candidates: [{ ...last.candidates![0]!, content: { role: 'model', parts: [...(text ? [{ text }] : []), ...others] } }] };
}

describe('GeminiToOpenAIStream', () => {
  it('re-assembles a streamed text answer into exactly what the non-stream converter gives', () => {
    const items = sseItems('gemini-stream-text.sse.txt');
    const { chunks, stream } = convert(items, { includeUsage: true });
    const expected = fromGeminiResponse(aggregate(items as GenerateContentResponse[]), { id: 'chatcmpl-s1', created: CREATED });
    expect(assembleChunks(chunks)).toEqual(expected);
    expect(stream.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 26, total_tokens: 35, prompt_tokens_details: { cached_tokens: 0 } });
    expect(stream.geminiFinishReason).toBe('STOP');
  });

  it('sends a role chunk, one chunk per text slice, the finish chunk, then usage only when asked', () => {
    const { chunks } = convert(sseItems('gemini-stream-text.sse.txt'));
    expect(chunks.map((c) => c.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Rate limits cap how many' },
      { content: ' requests a client may send in a window; the gateway' },
      { content: ' answers 429 past them. ✓' },
      {},
    ]);
    expect(chunks.map((c) => c.choices[0]?.finish_reason)).toEqual([null, null, null, null, 'stop']);
    expect(chunks.every((c) => !('usage' in c) && c.model === 'gemini-2.5-flash-lite' && c.object === 'chat.completion.chunk')).toBe(true);
    // OpenAI's envelope fields on every chunk, and logprobs on every choice.
    expect(chunks.every((c) => c['service_tier'] === 'default' && c.system_fingerprint === null && c.choices[0]?.logprobs === null)).toBe(true);
    const withUsage = convert(sseItems('gemini-stream-text.sse.txt'), { includeUsage: true }).chunks;
    expect(withUsage.at(-1)!.choices).toEqual([]);
    expect(withUsage.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('streams whole function calls as tool_calls with signature-carrying ids, the same as non-streamed', () => {
    const items = sseItems('gemini-stream-function-call.sse.txt');
    const { chunks } = convert(items, { includeUsage: true });
    const expected = fromGeminiResponse(fixture('gemini-tool-call.json'), { id: 'chatcmpl-s1', created: CREATED });
    expect(assembleChunks(chunks)).toEqual(expected);
    expect(chunks[1]!.choices[0]!.delta.tool_calls![0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' } });
  });

  it('throws the error Google writes into a broken stream, with its status, after the chunks it sent', () => {
    const items = sseItems('gemini-stream-overloaded.sse.txt');
    expect(items).toHaveLength(3);
    const stream = new GeminiToOpenAIStream({ created: CREATED, upstream: 'google' });
    const sent = [...stream.push(items[0]!), ...stream.push(items[1]!)];
    expect(sent.map((c) => c.choices[0]!.delta.content)).toEqual(['', 'Once upon a time', ', in a data centre far away,']);
    let error: unknown;
    try {
      stream.push(items[2]!);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ status: 503, retryable: true, message: 'provider "google" sent an error mid-stream: The model is overloaded. Please try again later. (UNAVAILABLE)' });
  });

  it('ends a blocked prompt with a refusal and content_filter', () => {
    const assembled = assembleChunks(convert([fixture<GenerateContentResponse>('gemini-safety-block.json')]).chunks);
    expect(assembled.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '', refusal: 'Gemini blocked the prompt (blockReason SAFETY).' } });
  });

  it('finishes each choice once, even when an older model repeats finishReason on every event', () => {
    const event = (text: string, index = 0): GenerateContentResponse => ({ candidates: [{ index, finishReason: 'STOP', content: { role: 'model', parts: [{ text }] } }] });
    const { chunks } = convert([event('a'), event('x', 1), event('b'), event('y', 1)]);
    const finishes = chunks.filter((c) => c.choices[0]?.finish_reason).map((c) => [c.choices[0]!.index, c.choices[0]!.finish_reason]);
    expect(finishes).toEqual([[0, 'stop'], [1, 'stop']]);
    expect(assembleChunks(chunks).choices.map((c) => c.message.content)).toEqual(['ab', 'xy']);
    const stream = new GeminiToOpenAIStream();
    stream.push(event('z'));
    expect(stream.finish()).toHaveLength(1);
    expect(stream.finish()).toEqual([]);
  });

  it("puts each event's logprobs on its text chunk", () => {
    const { chunks } = convert([
      { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Hi' }] }, logprobsResult: { chosenCandidates: [{ token: 'Hi', logProbability: -0.2 }] } }] },
      { candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: [{ text: '!' }] } }] },
    ]);
    expect(chunks[1]!.choices[0]!.logprobs).toEqual({ content: [{ token: 'Hi', logprob: -0.2, bytes: [72, 105], top_logprobs: [] }], refusal: null });
    expect(chunks[2]!.choices[0]!.logprobs).toBeNull();
  });
});
