import { describe, expect, it } from 'vitest';
import { computeCost } from './cost.js';
import { addUsage, subtractUsage, type Usage } from './usage.js';

const tokens: Usage = { inputTokens: 1_000_000, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: false };

describe('web searches in cost', () => {
  it('add their price per search to the tokens’ cost, with or without a token price', () => {
    const searched = { ...tokens, webSearches: 2, webSearchUsd: 0.02 };
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15 }, searched)).toBeCloseTo(3.02, 10);
    expect(computeCost(undefined, searched)).toBe(0.02);
    // Counted but unpriced (Gemini's grounding): tokens only.
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15 }, { ...tokens, webSearches: 2 })).toBe(3);
  });

  it('add up across calls and come off again', () => {
    const both = addUsage({ ...tokens, webSearches: 1, webSearchUsd: 0.01 }, { ...tokens, webSearches: 2 });
    expect(both).toMatchObject({ webSearches: 3, webSearchUsd: 0.01 });
    expect(subtractUsage(both, { ...tokens, webSearches: 2 })).toMatchObject({ webSearches: 1, webSearchUsd: 0.01 });
    expect(addUsage(tokens, tokens)).not.toHaveProperty('webSearches');
  });
});
