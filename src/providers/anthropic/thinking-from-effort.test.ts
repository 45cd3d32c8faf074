/**
 * OpenAI's reasoning effort as Claude's thinking, per model: adaptive thinking with
 * `output_config.effort` where the model takes it (Opus 4.7 and later refuse a budget), a budget
 * on the older models.
 */
import { describe, expect, it } from 'vitest';
import { thinkingModes } from '../../core/claude-models.js';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { toAnthropicRequest } from './convert-to-anthropic-request.js';
import { claudeEffort } from './thinking-from-effort.js';

const ask = (extra: Partial<ChatCompletionRequest>): ChatCompletionRequest => ({ model: 'm', messages: [{ role: 'user', content: 'Why is the sky blue?' }], ...extra });

describe('reasoning_effort on Claude', () => {
  it('is adaptive thinking with an effort on Opus 4.7, with the thinking asked for in summary (its default is to omit it)', () => {
    const out = toAnthropicRequest(ask({ reasoning_effort: 'medium', temperature: 0.2 }), 'claude-opus-4-7');
    expect(out.thinking).toEqual({ type: 'adaptive', display: 'summarized' });
    expect(out.output_config).toEqual({ effort: 'medium' });
    expect(out).not.toHaveProperty('temperature');
    // No client limit: the answer keeps the room it had, as with a budget.
    expect(out.max_tokens).toBe(4096 + 8192);
  });

  it('never sends a budget to a model that refuses one (Opus 4.8, Opus 5, Mythos, Fable), whatever the client limit', () => {
    for (const model of ['claude-opus-4-8', 'claude-opus-5', 'claude-opus-5-5', 'claude-mythos-preview', 'claude-mythos-5', 'claude-fable-5']) {
      const out = toAnthropicRequest(ask({ reasoning_effort: 'high', max_completion_tokens: 500 }), model);
      expect(out.thinking?.type, model).toBe('adaptive');
      expect(out.output_config?.effort, model).toBe('high');
      expect(out.max_tokens, model).toBe(500);
    }
  });

  it('is adaptive on the 4.6 models too, where a budget is deprecated; their thinking shows by default', () => {
    const out = toAnthropicRequest(ask({ reasoning_effort: 'xhigh' }), 'claude-sonnet-4-6');
    expect(out.thinking).toEqual({ type: 'adaptive' });
    expect(out.output_config).toEqual({ effort: 'high' });
  });

  it("takes a Gemini client's own thinkingBudget as the budget where the model takes budgets, held within Claude's rules and the model's output limit", () => {
    const budget = (extra: Partial<ChatCompletionRequest>, model = 'claude-sonnet-4-5-20250929') => toAnthropicRequest(ask({ reasoning_effort: 'low', ...extra }), model);
    expect(budget({ gemini_thinking_budget: 2000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(budget({ gemini_thinking_budget: 300 }).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(budget({ gemini_thinking_budget: 5000, max_tokens: 3000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 2999 });
    // Opus 4.1 writes at most 32,000 tokens: the budget leaves the default answer room under it.
    const opus = budget({ reasoning_effort: 'high', gemini_thinking_budget: 32_768 }, 'claude-opus-4-1');
    expect([opus.thinking?.type === 'enabled' && opus.thinking.budget_tokens, opus.max_tokens]).toEqual([32_000 - 4096, 32_000]);
    // Adaptive models think by effort; the budget sizes the answer room only.
    expect(budget({ gemini_thinking_budget: 2000 }, 'claude-sonnet-4-6')).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' }, max_tokens: 4096 + 2000 });
  });

  it('keeps a budget on the models without adaptive thinking (Sonnet 4.5, Opus 4.5, 3.7 Sonnet)', () => {
    for (const model of ['claude-sonnet-4-5-20250929', 'claude-opus-4-5', 'claude-3-7-sonnet-20250219']) {
      const out = toAnthropicRequest(ask({ reasoning_effort: 'low' }), model);
      expect(out.thinking, model).toEqual({ type: 'enabled', budget_tokens: 1024 });
      expect(out.output_config, model).toBeUndefined();
    }
  });

  it('keeps the structured output beside the effort', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const out = toAnthropicRequest(ask({ reasoning_effort: 'low', response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }), 'claude-opus-4-7');
    expect(out.output_config).toMatchObject({ effort: 'low', format: { type: 'json_schema' } });
  });

  it('leaves thinking out for effort none, never sending "disabled"', () => {
    const out = toAnthropicRequest(ask({ reasoning_effort: 'none' }), 'claude-opus-4-7');
    expect(out).not.toHaveProperty('thinking');
    expect(out).not.toHaveProperty('output_config');
  });

  it('turns thinking off with "disabled" on a model that thinks by default and takes it (Opus 5), and says so where it cannot be (Mythos)', () => {
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    expect(toAnthropicRequest(ask({ reasoning_effort: 'none' }), 'claude-opus-5', decisions).thinking).toEqual({ type: 'disabled' });
    expect(decided.thinking).toBeUndefined();
    const forced = toAnthropicRequest(ask({ reasoning_effort: 'high', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }], tool_choice: 'required' }), 'claude-opus-5', decisions);
    expect(forced.thinking).toEqual({ type: 'disabled' });
    expect(decided.thinking).toMatchObject({ requested: 'high', applied: false, reason: expect.stringContaining('a tool is forced') });
    const mythos = toAnthropicRequest(ask({ reasoning_effort: 'none' }), 'claude-mythos-5', decisions);
    expect(mythos).not.toHaveProperty('thinking');
    expect(decided.thinking).toMatchObject({ requested: 'none', applied: false, reason: expect.stringContaining('claude-mythos-5 thinks all the same') });
  });

  it('maps the OpenAI levels onto the Claude ones, xhigh only where Claude has it', () => {
    const opus47 = thinkingModes('claude-opus-4-7')!;
    const sonnet46 = thinkingModes('claude-sonnet-4-6')!;
    expect(['minimal', 'low', 'medium', 'high', 'xhigh', 'max'].map((e) => claudeEffort(e, opus47))).toEqual(['low', 'low', 'medium', 'high', 'xhigh', 'max']);
    // OpenAI's max (GPT-5.6) is Claude's max, which every adaptive model takes (Opus 4.6 on, Sonnet 4.6).
    expect(['minimal', 'low', 'medium', 'high', 'xhigh', 'max'].map((e) => claudeEffort(e, sonnet46))).toEqual(['low', 'low', 'medium', 'high', 'high', 'max']);
  });
});
