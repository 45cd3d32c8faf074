import { describe, expect, it } from 'vitest';
import { capBody, capOutput } from './output-cap.js';

describe('capOutput and capBody', () => {
  it("lowers a cap above the model's limit to it, says so once, and leaves what fits or is unknown alone", () => {
    const decided: unknown[] = [];
    const decisions = { decide: (_stage: string, decision: unknown) => void decided.push(decision) };
    expect(capOutput(200_000, 'gpt-4o-mini', decisions)).toBe(16_384);
    expect(capOutput(16_384, 'gpt-4o-mini', decisions)).toBe(16_384);
    expect(capOutput(200_000, 'llama3.1', decisions)).toBe(200_000);
    expect(decided).toEqual([{ requested: 200_000, sent: 16_384, model: 'gpt-4o-mini', reason: 'gpt-4o-mini produces at most 16384 output tokens' }]);
  });

  it('returns the same body when nothing is above the limit, else a copy with each format’s cap field lowered', () => {
    const fits = { model: 'fast', max_tokens: 100, messages: [] };
    expect(capBody(fits, 'gpt-4o-mini', 16_384)).toBe(fits);
    expect(capBody({ ...fits, max_tokens: 200_000 }, 'gpt-4o-mini', undefined)).toEqual({ ...fits, max_tokens: 200_000 });
    const over = { model: 'fast', max_completion_tokens: 200_000, max_output_tokens: 20_000, messages: [] };
    const capped = capBody(over, 'gpt-4o-mini', 16_384);
    expect(capped).toEqual({ model: 'fast', max_completion_tokens: 16_384, max_output_tokens: 16_384, messages: [] });
    expect(over.max_completion_tokens).toBe(200_000);
  });

  it("lowers a Gemini API client's generationConfig.maxOutputTokens (either spelling), keeping the rest of the config", () => {
    const decided: unknown[] = [];
    const decisions = { decide: (_stage: string, decision: unknown) => void decided.push(decision) };
    const body = { model: 'flash', contents: [], generationConfig: { temperature: 0.3, maxOutputTokens: 100_000 } };
    expect(capBody(body, 'gemini-2.0-flash', 8_192, decisions)).toEqual({ ...body, generationConfig: { temperature: 0.3, maxOutputTokens: 8_192 } });
    expect(body.generationConfig.maxOutputTokens).toBe(100_000);
    expect(decided).toEqual([{ requested: 100_000, sent: 8_192, model: 'gemini-2.0-flash', reason: 'gemini-2.0-flash produces at most 8192 output tokens' }]);
    expect(capBody({ generation_config: { max_output_tokens: 9_000 } }, 'gemini-2.0-flash', 8_192)).toEqual({ generation_config: { max_output_tokens: 8_192 } });
    const fits = { model: 'flash', generationConfig: { maxOutputTokens: 8_000 } };
    expect(capBody(fits, 'gemini-2.0-flash', 8_192)).toBe(fits);
  });

  it("shrinks a Claude thinking budget that would no longer sit below the lowered max_tokens, as Anthropic requires", () => {
    const body = { model: 'claude-haiku', max_tokens: 138_000, thinking: { type: 'enabled', budget_tokens: 100_000 }, messages: [] };
    expect(capBody(body, 'claude-haiku-4-5', 64_000)).toMatchObject({ max_tokens: 64_000, thinking: { type: 'enabled', budget_tokens: 63_999 } });
    const small = { ...body, thinking: { type: 'enabled', budget_tokens: 10_000 } };
    expect(capBody(small, 'claude-haiku-4-5', 64_000)).toMatchObject({ max_tokens: 64_000, thinking: { budget_tokens: 10_000 } });
  });
});
