import { describe, expect, it } from 'vitest';
import { reportedUsage, usageFromOpenAI } from '../../tokens/usage.js';
import { usageFromGemini } from './convert-usage.js';
import { toOpenAIFinishReason } from './map-finish-reason.js';

describe('usageFromGemini', () => {
  it('adds tool-use prompt tokens to the prompt and thoughts to the completion', () => {
    expect(usageFromGemini({ promptTokenCount: 100, toolUsePromptTokenCount: 40, cachedContentTokenCount: 64, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 155 })).toEqual({
      prompt_tokens: 140,
      completion_tokens: 15,
      total_tokens: 155,
      prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 5, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('counts nothing it cannot read', () => {
    // Google leaves thoughtsTokenCount out when the model did not think: 0 reasoning tokens.
    expect(usageFromGemini(undefined)).toEqual({
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('passes on a figure that is no count as Google wrote it, so the gateway counts the call itself (helper hostile11)', () => {
    // Read as 0 before: a prompt of -5 tokens (or "12") was booked as a free one, not estimated.
    for (const odd of [-5, '12', { n: 1 }, true]) {
      const usage = usageFromGemini({ promptTokenCount: odd as number, candidatesTokenCount: 3 });
      expect(usage).toMatchObject({ prompt_tokens: odd, completion_tokens: 3, total_tokens: 0 });
      expect(usageFromOpenAI(usage).unreadable).toBe(true);
      expect(reportedUsage(usageFromOpenAI(usageFromGemini({ promptTokenCount: 4, toolUsePromptTokenCount: 1, cachedContentTokenCount: odd as number })))).toBeUndefined();
      expect(reportedUsage(usageFromOpenAI(usageFromGemini({ promptTokenCount: 4, thoughtsTokenCount: odd as number })))).toBeUndefined();
    }
    expect(reportedUsage(usageFromOpenAI(usageFromGemini({ promptTokenCount: 4, toolUsePromptTokenCount: 1, candidatesTokenCount: 2 })))).toMatchObject({ inputTokens: 5, outputTokens: 2 });
  });
});

describe('toOpenAIFinishReason', () => {
  it('maps the safety family to content_filter, MAX_TOKENS to length and the rest to stop or tool_calls', () => {
    const reasons = ['STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'LANGUAGE', 'OTHER', 'MALFORMED_FUNCTION_CALL', 'SOMETHING_NEW'];
    expect(reasons.map((r) => toOpenAIFinishReason(r, false))).toEqual(['stop', 'length', 'content_filter', 'content_filter', 'content_filter', 'content_filter', 'content_filter', 'stop', 'stop', 'stop', 'stop']);
    expect(toOpenAIFinishReason('STOP', true)).toBe('tool_calls');
    expect(toOpenAIFinishReason('SAFETY', true)).toBe('content_filter');
    expect(['ESCALATION', 'PUP_LIMITED_DISABLED', 'MODEL_ARMOR', 'CONTINUATION', 'MALFORMED_RESPONSE'].map((r) => toOpenAIFinishReason(r, false))).toEqual(['content_filter', 'content_filter', 'content_filter', 'length', 'stop']);
    expect(toOpenAIFinishReason(undefined, false)).toBeNull();
  });
});
