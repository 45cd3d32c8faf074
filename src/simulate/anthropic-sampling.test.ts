import { describe, expect, it } from 'vitest';
import { oneSamplerModel, samplingProblem } from './anthropic-sampling.js';

describe('Anthropic sampling rules', () => {
  it('knows which models take temperature or top_p but not both', () => {
    for (const model of ['claude-opus-4-1-20250805', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5', 'claude-opus-4-5', 'claude-sonnet-5']) expect(oneSamplerModel(model)).toBe(true);
    for (const model of ['claude-sonnet-4-20250514', 'claude-opus-4-20250514', 'claude-3-7-sonnet-20250219', 'claude-standin', 'gpt-4o']) expect(oneSamplerModel(model)).toBe(false);
    expect(samplingProblem({ model: 'claude-sonnet-4-5', temperature: 0.2, top_p: 0.9 }, false)).toContain('cannot both be specified');
    expect(samplingProblem({ model: 'claude-sonnet-4-20250514', temperature: 0.2, top_p: 0.9 }, false)).toBeUndefined();
  });

  it('refuses with thinking what the extended-thinking guide lists as incompatible', () => {
    const base = { model: 'claude-standin' };
    expect(samplingProblem({ ...base, temperature: 0.5 }, true)).toContain('`temperature` may only be set to 1');
    expect(samplingProblem({ ...base, temperature: 1 }, true)).toBeUndefined();
    expect(samplingProblem({ ...base, top_k: 5 }, true)).toContain('`top_k`');
    expect(samplingProblem({ ...base, top_p: 0.9 }, true)).toContain('`top_p`');
    expect(samplingProblem({ ...base, top_p: 0.95 }, true)).toBeUndefined();
    expect(samplingProblem({ ...base, tool_choice: { type: 'any' } }, true)).toBe('Thinking may not be enabled when tool_choice forces tool use.');
    expect(samplingProblem({ ...base, tool_choice: { type: 'auto' } }, true)).toBeUndefined();
    expect(samplingProblem({ ...base, temperature: 0.5, top_k: 5, tool_choice: { type: 'any' } }, false)).toBeUndefined();
  });
});
