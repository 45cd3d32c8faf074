import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/openai-wire.js';
import { effortTheModelTakes } from './effort-not-taken.js';

describe('effortTheModelTakes', () => {
  it('sends another format’s thinking as the nearest effort the model takes, and says so on the trace', () => {
    const decisions: Record<string, unknown> = {};
    const sink = { decide: (stage: string, decision: unknown) => void (decisions[stage] = decision) };
    // A Gemini client's thinkingLevel MINIMAL: gpt-5.1 on have "none" where gpt-5 had "minimal".
    const minimal: JsonObject = { reasoning_effort: 'minimal' };
    effortTheModelTakes(minimal, { model: 'gpt-5.2', clientFormat: 'gemini', decisions: sink });
    expect(minimal.reasoning_effort).toBe('none');
    expect(decisions.reasoning_effort).toEqual({ requested: 'minimal', sent: 'none', model: 'gpt-5.2', reason: 'gpt-5.2 takes reasoning_effort none, low, medium, high, xhigh; "none" is the nearest to "minimal"' });
    // An Anthropic client's small budget (low) on a -pro model, which starts at medium.
    const low: JsonObject = { reasoning_effort: 'low', anthropic_thinking_budget: 2048 };
    effortTheModelTakes(low, { model: 'gpt-5.4-pro', clientFormat: 'anthropic' });
    expect(low.reasoning_effort).toBe('medium');
  });

  it('refuses an OpenAI-format client’s own effort in the words of the API it called', () => {
    expect(() => effortTheModelTakes({ reasoning_effort: 'minimal' }, { model: 'gpt-5.1', clientFormat: 'responses' })).toThrow(
      expect.objectContaining({ code: 'unsupported', param: 'reasoning.effort', vendorCode: 'unsupported_value', message: "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'." }),
    );
    expect(() => effortTheModelTakes({ reasoning_effort: 'none' }, { model: 'o3', clientFormat: 'openai' })).toThrow(expect.objectContaining({ param: 'reasoning_effort' }));
  });

  it('sends another format’s xhigh or max to a model the table does not know as high', () => {
    const body: JsonObject = { reasoning_effort: 'max' };
    effortTheModelTakes(body, { model: 'deepseek-reasoner', clientFormat: 'anthropic' });
    expect(body.reasoning_effort).toBe('high');
    const own: JsonObject = { reasoning_effort: 'max' };
    effortTheModelTakes(own, { model: 'deepseek-reasoner', clientFormat: 'openai' });
    expect(own.reasoning_effort).toBe('max');
  });

  it('leaves efforts the model takes, and models the table does not know, as they are', () => {
    for (const [model, effort] of [['gpt-5.1', 'low'], ['gpt-4o', 'minimal'], ['llama-3.3-70b', 'high']] as const) {
      const body: JsonObject = { reasoning_effort: effort };
      effortTheModelTakes(body, { model, clientFormat: 'anthropic' });
      expect(body.reasoning_effort).toBe(effort);
    }
  });
});
