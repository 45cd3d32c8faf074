import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../core/openai-wire.js';
import { toAnthropicRequest } from './anthropic/convert-to-anthropic-request.js';
import { toGeminiRequest } from './gemini/convert-to-gemini-request.js';

const ask = (model: string, extra: Record<string, unknown>): ChatCompletionRequest => ({ model, messages: [{ role: 'user', content: 'Is 91 prime?' }], ...extra }) as ChatCompletionRequest;

describe("an OpenAI client's Anthropic-style thinking field, bound for Gemini", () => {
  it('is refused naming the field, its value and reasoning_effort, which passes the target over where the route allows', () => {
    // Before: dropped, the answer coming back without the thinking asked for (hostile2's walk).
    for (const [convert, vendor] of [[(r: ChatCompletionRequest) => toGeminiRequest(r, { model: 'gemini-2.5-flash' }), 'Gemini']] as const) {
      for (const thinking of [{ type: 'enabled', budget_tokens: 2048 }, { type: 'disabled' }, { type: 'bogus' }]) {
        let caught: unknown;
        try {
          convert(ask('m', { thinking }));
        } catch (error) {
          caught = error;
        }
        expect(caught, `${vendor} ${thinking.type}`).toMatchObject({ code: 'unsupported', status: 400, param: 'thinking' });
        expect((caught as Error).message).toBe(
          `thinking ${JSON.stringify(thinking)} is the Anthropic Messages API's field, not a Chat Completions one, and is not translated for ${vendor} models; send reasoning_effort ("low", "medium" or "high"; "none" for no thinking) instead`,
        );
      }
      // null asks for the default, as a field left out does.
      expect(() => convert(ask('m', { thinking: null }))).not.toThrow();
    }
  });

  it('is read on Claude as Anthropic\'s OpenAI-compatible endpoint reads it: a budget, adaptive or disabled', () => {
    expect(toAnthropicRequest(ask('m', { thinking: { type: 'enabled', budget_tokens: 3000 } }), 'claude-sonnet-4-5').thinking).toEqual({ type: 'enabled', budget_tokens: 3000 });
    expect(toAnthropicRequest(ask('m', { thinking: { type: 'disabled' }, reasoning_effort: 'high' }), 'claude-sonnet-4-5').thinking).toBeUndefined();
    expect(() => toAnthropicRequest(ask('m', { thinking: { type: 'enabled', budget_tokens: 1023 } }), 'claude-sonnet-4-5')).toThrow(/thinking must be .* got \{"type":"enabled","budget_tokens":1023\}/);
  });

  it('leaves reasoning_effort, the chat field for it, working on both', () => {
    expect(toAnthropicRequest(ask('m', { reasoning_effort: 'low' }), 'claude-sonnet-4-5').thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(toGeminiRequest(ask('m', { reasoning_effort: 'low' }), { model: 'gemini-2.5-flash' }).generationConfig?.thinkingConfig).toBeDefined();
  });
});
