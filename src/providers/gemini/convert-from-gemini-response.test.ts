import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/replay.js';
import { fromGeminiResponse } from './convert-from-gemini-response.js';
import type { GenerateContentResponse } from './gemini-wire.js';
import { decodeToolCallId } from './tool-call-id.js';

const CREATED = 1_758_000_000;

describe('fromGeminiResponse', () => {
  it('converts a text answer, counting thoughts as reasoning tokens inside completion_tokens', () => {
    const completion = fromGeminiResponse(fixture('gemini-text.json'), { id: 'chatcmpl-1', created: CREATED, model: 'small' });
    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: CREATED,
      model: 'small',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'A circuit breaker stops calling a failing service for a while, so one failure does not spread and the service gets time to recover.', refusal: null, annotations: [] },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 600, total_tokens: 612, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 573, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
      // Every field of OpenAI's answer: Gemini names no tier, and there is no backend fingerprint.
      service_tier: 'default',
      system_fingerprint: null,
    });
  });

  it('turns function calls into tool_calls whose ids carry the thought signature back', () => {
    const response = fixture<GenerateContentResponse>('gemini-tool-call.json');
    const completion = fromGeminiResponse(response, { id: 'chatcmpl-Zn7', created: CREATED });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(completion.model).toBe('gemini-3-flash-preview');
    const calls = choice.message.tool_calls!;
    expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['get_weather', { city: 'Oslo', unit: 'celsius' }],
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
    ]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(decodeToolCallId(calls[0]!.id).signature).toBe(response.candidates![0]!.content!.parts[0]!.thoughtSignature);
    expect(decodeToolCallId(calls[1]!.id).signature).toBeUndefined();
  });

  it('keeps structured output as text and reports cached tokens', () => {
    const completion = fromGeminiResponse(fixture('gemini-structured.json'), { id: 'chatcmpl-2', created: CREATED });
    expect(JSON.parse(completion.choices[0]!.message.content as string)).toEqual({ sentiment: 'negative', confidence: 0.92, topics: ['delivery', 'delay'] });
    expect(completion.usage).toMatchObject({ prompt_tokens: 1384, completion_tokens: 31, total_tokens: 1415, prompt_tokens_details: { cached_tokens: 1024 } });
  });

  it('answers a blocked prompt with content_filter and a refusal that names the block reason', () => {
    const completion = fromGeminiResponse(fixture('gemini-safety-block.json'), { id: 'chatcmpl-3', created: CREATED });
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: null, refusal: 'Gemini blocked the prompt (blockReason SAFETY).', annotations: [] }, finish_reason: 'content_filter', logprobs: null },
    ]);
    expect(completion.usage?.prompt_tokens).toBe(14);
  });

  it('maps a candidate stopped for safety to content_filter with empty content', () => {
    const choice = fromGeminiResponse(fixture('gemini-candidate-safety.json'), { id: 'c', created: CREATED }).choices[0]!;
    expect(choice.finish_reason).toBe('content_filter');
    expect(choice.message.content).toBe('');
  });

  it('returns every candidate as a choice, with thoughts as reasoning_content and logprobs in OpenAI shape', () => {
    const response: GenerateContentResponse = {
      candidates: [
        { index: 1, finishReason: 'MAX_TOKENS', content: { role: 'model', parts: [{ text: 'Second' }] } },
        {
          index: 0,
          finishReason: 'STOP',
          content: { role: 'model', parts: [{ text: 'Weighing it up.', thought: true }, { text: 'Yes' }] },
          logprobsResult: {
            chosenCandidates: [{ token: 'Yes', tokenId: 1, logProbability: -0.05 }],
            topCandidates: [{ candidates: [{ token: 'Yes', logProbability: -0.05 }, { token: 'No', logProbability: -3.2 }] }],
          },
        },
      ],
      responseId: 'r-9',
    };
    const completion = fromGeminiResponse(response, { created: CREATED });
    expect(completion.id).toBe('chatcmpl-r-9');
    expect(completion.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [1, 'Second', 'length'],
      [0, 'Yes', 'stop'],
    ]);
    expect(completion.choices[1]!.message['reasoning_content']).toBe('Weighing it up.');
    expect(completion.choices[1]!.logprobs).toEqual({
      content: [{ token: 'Yes', logprob: -0.05, bytes: [89, 101, 115], top_logprobs: [{ token: 'Yes', logprob: -0.05, bytes: [89, 101, 115] }, { token: 'No', logprob: -3.2, bytes: [78, 111] }] }],
      refusal: null,
    });
  });

  it('treats an answer with neither candidates nor a block reason as a retryable upstream error', () => {
    expect(() => fromGeminiResponse({ usageMetadata: { promptTokenCount: 3 } })).toThrow(expect.objectContaining({ code: 'upstream_error', retryable: true }));
  });
});
