import { describe, expect, it } from 'vitest';
import { cacheSaving, storedUsage } from './cache-savings.js';

const usage = { inputTokens: 1000, cachedTokens: 200, cacheWriteTokens: 0, outputTokens: 100, reasoningTokens: 0, estimated: false };

describe('what a cache hit saved', () => {
  it("is the answer's tokens at the model's price at the hit, not what it cost when stored", () => {
    expect(cacheSaving(usage, { input_per_mtok: 1, output_per_mtok: 2 }, 0.5)).toEqual({ savedUsd: (1000 * 1 + 100 * 2) / 1e6, savedTokens: { input: 1000, output: 100, cached: 200 }, savedPricedAt: 'hit' });
  });

  it('falls back to the stored cost when the model has no price now, or the entry kept no usage', () => {
    expect(cacheSaving(usage, undefined, 0.5)).toEqual({ savedUsd: 0.5, savedTokens: { input: 1000, output: 100, cached: 200 }, savedPricedAt: 'store' });
    expect(cacheSaving(undefined, { input_per_mtok: 1, output_per_mtok: 2 }, 0.5)).toEqual({ savedUsd: 0.5, savedPricedAt: 'store' });
  });

  it("reads the entry's usage, else its completion's (entries stored before 2026-12-06), and never a usage that is no count", () => {
    expect(storedUsage(usage, {})).toBe(usage);
    expect(storedUsage(undefined, { usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } })).toMatchObject({ inputTokens: 12, outputTokens: 3 });
    expect(storedUsage({ ...usage, inputTokens: -5 }, { usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } })).toMatchObject({ inputTokens: 12 });
    expect(storedUsage('nonsense', {})).toBeUndefined();
  });
});
