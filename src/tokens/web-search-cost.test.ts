import { describe, expect, it } from 'vitest';
import { computeCost } from './cost.js';
import { addUsage, subtractUsage, type Usage } from './usage.js';
import { geminiSearchUsd } from './web-search-price.js';

const tokens: Usage = { inputTokens: 1_000_000, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: false };

describe('web searches in cost', () => {
  it('add their price per search to the tokens’ cost, with or without a token price', () => {
    const searched = { ...tokens, webSearches: 2, webSearchUsd: 0.02 };
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15 }, searched)).toBeCloseTo(3.02, 10);
    expect(computeCost(undefined, searched)).toBe(0.02);
    // Counted but unpriced (a Gemini alias whose grounding price is unknown): tokens only.
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15 }, { ...tokens, webSearches: 2 })).toBe(3);
  });

  it('add up across calls and come off again', () => {
    const both = addUsage({ ...tokens, webSearches: 1, webSearchUsd: 0.01 }, { ...tokens, webSearches: 2 });
    expect(both).toMatchObject({ webSearches: 3, webSearchUsd: 0.01 });
    expect(subtractUsage(both, { ...tokens, webSearches: 2 })).toMatchObject({ webSearches: 1, webSearchUsd: 0.01 });
    expect(addUsage(tokens, tokens)).not.toHaveProperty('webSearches');
  });
});

describe('Gemini grounding’s price', () => {
  it('is one $35-per-1,000 fee per grounded prompt on Gemini 2.x, however many queries; $14 per 1,000 queries on Gemini 3', () => {
    expect(geminiSearchUsd('gemini-2.5-flash', 1)).toBe(0.035);
    expect(geminiSearchUsd('gemini-2.5-pro', 3)).toBe(0.035);
    expect(geminiSearchUsd('models/gemini-2.0-flash', 2)).toBe(0.035);
    expect(geminiSearchUsd('gemini-3-flash-preview', 3)).toBeCloseTo(0.042, 12);
    expect(geminiSearchUsd('gemini-3.1-pro-preview', 1)).toBe(0.014);
  });

  it('is nothing without a search, and unknown for a model it cannot place', () => {
    expect(geminiSearchUsd('gemini-2.5-flash', 0)).toBeUndefined();
    expect(geminiSearchUsd('gemini-flash-latest', 1)).toBeUndefined();
    expect(geminiSearchUsd('gemini-30-ultra', 1)).toBeUndefined();
    expect(geminiSearchUsd('gemma-3-27b-it', 1)).toBeUndefined();
  });
});
