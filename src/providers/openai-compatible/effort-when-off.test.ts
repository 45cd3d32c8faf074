import { describe, expect, it } from 'vitest';
import { leastEffort } from '../../core/openai-efforts.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { leastEffortWhenOff } from './effort-when-off.js';

describe('leastEffortWhenOff', () => {
  it('knows the least effort each OpenAI reasoning model takes', () => {
    const models = ['gpt-5', 'gpt-5-mini-2025-08-07', 'gpt-5-nano', 'gpt-5-codex', 'gpt-5.1-codex', 'gpt-5-pro', 'gpt-5.1', 'gpt-5.4-mini', 'gpt-5.6', 'o3', 'o4-mini', 'gpt-5-chat-latest', 'gpt-4o'];
    // gpt-5.1-codex refuses "none": "Supported values are: 'low', 'medium', and 'high'" (openai/codex#6647).
    expect(models.map(leastEffort)).toEqual(['minimal', 'minimal', 'minimal', 'low', 'low', undefined, 'none', 'none', 'none', 'low', 'low', undefined, undefined]);
  });

  it('sends another format’s “no thinking” as that least effort, and says so where the model still reasons', () => {
    const decisions: Record<string, unknown> = {};
    const sink = { decide: (stage: string, decision: unknown) => void (decisions[stage] = decision) };
    const disabled: JsonObject = { anthropic_thinking_budget: 0 };
    leastEffortWhenOff(disabled, { model: 'gpt-5-mini', clientFormat: 'anthropic', decisions: sink });
    expect(disabled.reasoning_effort).toBe('minimal');
    expect(decisions.reasoning_effort).toEqual({ requested: 'thinking disabled', sent: 'minimal', model: 'gpt-5-mini', reason: 'gpt-5-mini cannot stop reasoning: "minimal" is the least effort it takes' });
    const zero: JsonObject = { reasoning_effort: 'none' };
    leastEffortWhenOff(zero, { model: 'o3', clientFormat: 'gemini' });
    expect(zero.reasoning_effort).toBe('low');
    const off: JsonObject = { anthropic_thinking_budget: 0 };
    leastEffortWhenOff(off, { model: 'gpt-5.2', clientFormat: 'anthropic' });
    expect(off.reasoning_effort).toBe('none');
  });

  it('leaves an OpenAI-format client’s effort, thinking the client asked for, and models that do not reason as they are', () => {
    const own: JsonObject = { reasoning_effort: 'none' };
    leastEffortWhenOff(own, { model: 'gpt-5-mini', clientFormat: 'openai' });
    expect(own).toEqual({ reasoning_effort: 'none' });
    const budget: JsonObject = { reasoning_effort: 'low', anthropic_thinking_budget: 2000 };
    leastEffortWhenOff(budget, { model: 'gpt-5-mini', clientFormat: 'anthropic' });
    expect(budget.reasoning_effort).toBe('low');
    const gpt4: JsonObject = { anthropic_thinking_budget: 0 };
    leastEffortWhenOff(gpt4, { model: 'gpt-4o', clientFormat: 'anthropic' });
    expect(gpt4).not.toHaveProperty('reasoning_effort');
  });
});
