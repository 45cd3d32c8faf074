import { describe, expect, it } from 'vitest';
import { samplingProblem, thinkingTurnProblem } from './anthropic-sampling.js';

describe('Anthropic sampling rules', () => {
  it('refuses temperature with top_p on the models that take only one', () => {
    expect(samplingProblem({ model: 'claude-sonnet-4-5', temperature: 0.2, top_p: 0.9 }, false)).toContain('cannot both be specified');
    expect(samplingProblem({ model: 'claude-sonnet-4-20250514', temperature: 0.2, top_p: 0.9 }, false)).toBeUndefined();
  });

  it('refuses every sampling parameter on Claude Opus 4.7 and later, naming the first, at any value', () => {
    expect(samplingProblem({ model: 'claude-opus-4-7', temperature: 1 }, false)).toBe('`temperature` is deprecated for this model.');
    expect(samplingProblem({ model: 'claude-opus-4-8', top_p: 0.9, top_k: 5 }, false)).toBe('`top_p` is deprecated for this model.');
    expect(samplingProblem({ model: 'claude-fable-5', top_k: 5 }, false)).toBe('`top_k` is deprecated for this model.');
    expect(samplingProblem({ model: 'claude-opus-4-6', temperature: 0.2 }, false)).toBeUndefined();
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

  it('wants the thinking block back at the head of an assistant turn whose tool calls are answered', () => {
    const call = { type: 'tool_use', id: 't1', name: 'f', input: {} };
    const answer = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] };
    expect(thinkingTurnProblem([{ role: 'user', content: 'x' }, { role: 'assistant', content: [call] }, answer])).toContain('messages.1.content.0.type: Expected `thinking`');
    expect(thinkingTurnProblem([{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 's' }, call] }, answer])).toBeUndefined();
    expect(thinkingTurnProblem([{ role: 'user', content: 'x' }, { role: 'assistant', content: 'plain' }, { role: 'user', content: 'y' }])).toBeUndefined();
  });
});
