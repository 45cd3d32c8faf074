import { describe, expect, it } from 'vitest';
import { outputLimit } from './output-limits.js';
import { lookupPrice } from './price-table.js';

describe('outputLimit', () => {
  it('reads a dated snapshot by its family, the longest family first, and knows nothing of other names', () => {
    expect(outputLimit('claude-sonnet-4-5-20250929')).toBe(64_000);
    expect(outputLimit('claude-sonnet-4-20250514')).toBe(64_000);
    expect(outputLimit('claude-opus-4-1-20250805')).toBe(32_000);
    expect(outputLimit('gpt-4o-mini-2024-07-18')).toBe(16_384);
    expect(outputLimit('gpt-4o-2024-05-13')).toBe(4_096);
    expect(outputLimit('gpt-4o-2024-08-06')).toBe(16_384);
    expect(outputLimit('gemini-2.5-flash-lite')).toBe(65_536);
    expect(outputLimit('gpt-4oo')).toBeUndefined();
    expect(outputLimit('claude-opus-4-8')).toBe(128_000);
    expect(outputLimit('claude-opus-4-9')).toBeUndefined();
    expect(outputLimit('llama3.1')).toBeUndefined();
    expect(outputLimit('models/gemini-2.5-pro')).toBe(65_536);
  });

  it('knows every chat model the price table prices', () => {
    for (const model of ['gpt-5.4', 'gpt-5.4-mini', 'gpt-4.1-mini', 'gpt-4o-mini', 'o3', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-7', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gpt-6.2-sol', 'gpt-6.1-terra', 'claude-opus-5-5', 'claude-opus-5', 'claude-sonnet-5-5', 'claude-sonnet-5', 'claude-haiku-5-5', 'claude-fable-5-1', 'o3-pro', 'o1-pro', 'codex-mini-latest', 'o3-deep-research', 'o4-mini-deep-research', 'gpt-4o-search-preview', 'gpt-4o-mini-search-preview', 'gpt-5-pro', 'gpt-5-codex', 'gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1-codex-max', 'gpt-5.2-pro', 'gpt-5.2-codex']) {
      expect(lookupPrice(model), model).toBeDefined();
      expect(outputLimit(model), model).toBeGreaterThan(0);
    }
  });
});
