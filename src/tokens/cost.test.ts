import { describe, expect, it } from 'vitest';
import { computeCost } from './cost.js';
import { tokenCounter } from './count-tokens.js';
import { lookupPrice } from './price-table.js';
import { addUsage, subtractUsage, usageFromAnthropic, usageFromOpenAI, usageFromResponses } from './usage.js';

describe('cost', () => {
  it('bills fresh, cached and output tokens at their own prices', () => {
    const usage = usageFromOpenAI({ prompt_tokens: 1_000, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 400 } });
    const cost = computeCost({ input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10 }, usage);
    expect(cost).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6, 12);
  });

  it('reads Anthropic usage, whose input excludes cache reads and writes', () => {
    const usage = usageFromAnthropic({ input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 });
    expect(usage).toMatchObject({ inputTokens: 1300, cachedTokens: 1000, cacheWriteTokens: 200, outputTokens: 50 });
    const cost = computeCost(lookupPrice('claude-sonnet-4-20250514'), usage);
    expect(cost).toBeCloseTo((100 * 3 + 1000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
  });

  it("prices the models only OpenAI's Responses API serves, apart from their families", () => {
    expect(lookupPrice('o3-pro-2025-06-10')).toMatchObject({ input_per_mtok: 20, output_per_mtok: 80 });
    expect(lookupPrice('o3')?.input_per_mtok).toBe(2);
    expect(lookupPrice('codex-mini-latest')).toMatchObject({ input_per_mtok: 1.5, cached_input_per_mtok: 0.375, output_per_mtok: 6 });
    expect(lookupPrice('gpt-5.1-codex-mini')?.output_per_mtok).toBe(2);
    expect(lookupPrice('gpt-5.2-codex-2026-01-14')).toEqual({ input_per_mtok: 1.75, cached_input_per_mtok: 0.175, output_per_mtok: 14 });
    expect(lookupPrice('gpt-5-pro')?.cached_input_per_mtok).toBeUndefined();
  });

  it('prices GPT-5.1, GPT-5.2, GPT-5.3-Codex and GPT-5.5 and their snapshots, not their chat aliases', () => {
    expect(lookupPrice('gpt-5.1-2025-11-13')).toEqual({ input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 });
    expect(lookupPrice('gpt-5.2')).toEqual({ input_per_mtok: 1.75, cached_input_per_mtok: 0.175, output_per_mtok: 14 });
    expect(lookupPrice('gpt-5.3-codex')?.output_per_mtok).toBe(14);
    expect(lookupPrice('gpt-5.5')?.input_per_mtok).toBe(5);
    // Siblings keep their own prices or none: the pro model is not GPT-5.2, a chat alias names another model.
    expect(lookupPrice('gpt-5.2-pro')?.input_per_mtok).toBe(21);
    expect(lookupPrice('gpt-5.2-chat-latest')).toBeUndefined();
    expect(lookupPrice('gpt-5.5-pro')).toBeUndefined();
  });

  it("prices the tokens of OpenAI's search models on chat, not as the model their name starts with", () => {
    expect(lookupPrice('gpt-4o-search-preview-2025-03-11')).toEqual({ input_per_mtok: 2.5, output_per_mtok: 10 });
    expect(lookupPrice('gpt-4o-mini-search-preview')).toEqual({ input_per_mtok: 0.15, output_per_mtok: 0.6 });
    expect(lookupPrice('gpt-5-search-api-2025-10-14')).toEqual({ input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 });
  });

  it('finds dated snapshots by their longest prefix and knows nothing of unknown models', () => {
    expect(lookupPrice('gpt-4o-mini-2024-07-18')?.input_per_mtok).toBe(0.15);
    expect(lookupPrice('gpt-4o-2024-08-06')?.input_per_mtok).toBe(2.5);
    expect(lookupPrice('standin-small')).toBeUndefined();
    // A newer minor version is another model, never its family's first (Claude Code's default,
    // Opus 4.8, was billed as Opus 4 at three times its price).
    expect(lookupPrice('claude-opus-4-8')?.input_per_mtok).toBe(5);
    expect(lookupPrice('claude-opus-4-9')).toBeUndefined();
    expect(lookupPrice('claude-sonnet-4-7-20270101')).toBeUndefined();
    expect(lookupPrice('claude-opus-4-20250514')?.input_per_mtok).toBe(15);
    // A sibling is another model, never priced as the one its name starts with.
    expect(lookupPrice('o3-mini')?.input_per_mtok).toBe(1.1);
    expect(lookupPrice('o3-mini-2025-01-31')?.output_per_mtok).toBe(4.4);
    expect(lookupPrice('o1-pro')?.input_per_mtok).toBe(150);
    expect(lookupPrice('o1-preview')).toBeUndefined();
    expect(lookupPrice('gpt-5.4-nano')?.output_per_mtok).toBe(1.25);
    expect(lookupPrice('gpt-5.4-nano-2026-03-17')?.input_per_mtok).toBe(0.2);
    expect(lookupPrice('gpt-5.6-luna')?.output_per_mtok).toBe(1.2);
    expect(lookupPrice('gpt-5.6-sol')).toMatchObject({ input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, output_per_mtok: 30 });
    expect(lookupPrice('gpt-6.2-astra')?.long_context).toMatchObject({ above_input_tokens: 272_000, input_per_mtok: 16, output_per_mtok: 60 });
    expect(lookupPrice('models/gemini-3-pro-preview')?.long_context).toMatchObject({ above_input_tokens: 200_000, input_per_mtok: 4, output_per_mtok: 18 });
    expect(lookupPrice('gemini-3-flash-preview')).toMatchObject({ input_per_mtok: 0.5, output_per_mtok: 3 });
    expect(lookupPrice('gemini-3.5-flash-lite')?.output_per_mtok).toBe(2.5);
    expect(lookupPrice('claude-sonnet-5-5')?.cached_input_per_mtok).toBe(0.1);
    expect(lookupPrice('gemini-2.5-flash-lite')?.input_per_mtok).toBe(0.1);
    expect(lookupPrice('gemini-2.0-flash-lite-001')?.input_per_mtok).toBe(0.075);
    expect(lookupPrice('claude-opus-4-1-20250805')?.output_per_mtok).toBe(75);
    expect(lookupPrice('claude-sonnet-4-5-20250929')?.output_per_mtok).toBe(15);
    expect(lookupPrice('gpt-4o-mini-tts')).toBeUndefined();
    expect(lookupPrice('o3-2025-04-16')?.input_per_mtok).toBe(2);
    expect(lookupPrice('claude-3-5-sonnet-latest')?.input_per_mtok).toBe(3);
    expect(computeCost(undefined, usageFromOpenAI({ prompt_tokens: 5 }))).toBe(0);
  });

  it('bills a request past the long-context threshold, every token of it, at the long-context prices', () => {
    const price = lookupPrice('gpt-6.2-sol');
    const short = usageFromResponses({ input_tokens: 272_000, output_tokens: 1_000, input_tokens_details: { cached_tokens: 200_000 }, output_tokens_details: { reasoning_tokens: 600 } });
    expect(computeCost(price, short)).toBeCloseTo((72_000 * 2 + 200_000 * 0.1 + 1_000 * 10) / 1e6, 12);
    // One token more and the whole request costs 2x input and cache, 1.5x output.
    const long = usageFromResponses({ input_tokens: 272_001, output_tokens: 1_000, input_tokens_details: { cached_tokens: 200_000 } });
    expect(computeCost(price, long)).toBeCloseTo((72_001 * 4 + 200_000 * 0.2 + 1_000 * 15) / 1e6, 12);
    // Claude Haiku 5.5 counts cache reads and writes in the prompt: 5x past 100,000 of them.
    const haiku = usageFromAnthropic({ input_tokens: 1_000, cache_read_input_tokens: 99_500, cache_creation_input_tokens: 500, output_tokens: 100 });
    expect(computeCost(lookupPrice('claude-haiku-5-5'), haiku)).toBeCloseTo((1_000 * 0.5 + 99_500 * 0.05 + 500 * 0.625 + 100 * 2.5) / 1e6, 12);
  });

  it('bills Claude’s 1-hour cache writes at their own price, the 5-minute ones at theirs', () => {
    const usage = usageFromAnthropic({ input_tokens: 100, cache_creation_input_tokens: 1_000, cache_creation: { ephemeral_1h_input_tokens: 600 }, output_tokens: 10 });
    expect(usage).toMatchObject({ cacheWriteTokens: 1_000, cacheWrite1hTokens: 600 });
    expect(computeCost(lookupPrice('claude-sonnet-4-6'), usage)).toBeCloseTo((100 * 3 + 400 * 3.75 + 600 * 6 + 10 * 15) / 1e6, 12);
    // Without a 1-hour price, they cost what the 5-minute ones do.
    expect(computeCost({ input_per_mtok: 3, cache_write_per_mtok: 3.75, output_per_mtok: 15 }, usage)).toBeCloseTo((100 * 3 + 1_000 * 3.75 + 10 * 15) / 1e6, 12);
    // Summed and subtracted with the rest of the usage.
    expect(addUsage(usage, usage).cacheWrite1hTokens).toBe(1_200);
    expect(subtractUsage(addUsage(usage, usage), usage).cacheWrite1hTokens).toBe(600);
  });

  it('reads OpenAI’s 12-hour cache writes (openai 7.50) and bills them at their own price when the config has one', () => {
    // A Responses answer written with prompt_cache_options.ttl "12h": 3,000 written, 2,000 of them for 12 hours.
    const usage = usageFromResponses({ input_tokens: 10_000, output_tokens: 100, input_tokens_details: { cached_tokens: 4_000, cache_write_tokens: 3_000, cache_write_tokens_details: { ttl_30m_tokens: 1_000, ttl_12h_tokens: 2_000 } } });
    expect(usage).toMatchObject({ cacheWriteTokens: 3_000, cacheWrite12hTokens: 2_000 });
    expect(usage.cacheWrite1hTokens).toBeUndefined();
    // GPT-6.2 Sol's table entry has no 12-hour price: the 30-minute one, $2.50.
    const sol = lookupPrice('gpt-6.2-sol');
    expect(computeCost(sol, usage)).toBeCloseTo((3_000 * 2 + 4_000 * 0.1 + 3_000 * 2.5 + 100 * 10) / 1e6, 12);
    expect(computeCost(sol && { ...sol, cache_write_12h_per_mtok: 4 }, usage)).toBeCloseTo((3_000 * 2 + 4_000 * 0.1 + 1_000 * 2.5 + 2_000 * 4 + 100 * 10) / 1e6, 12);
    expect(addUsage(usage, usage).cacheWrite12hTokens).toBe(4_000);
    expect(subtractUsage(addUsage(usage, usage), usage).cacheWrite12hTokens).toBe(2_000);
  });

  it('bills an ultrafast answer on GPT-6.2 Sol and Astra at 6x standard, long context and cache writes included', () => {
    const usage = usageFromResponses({ input_tokens: 10_000, output_tokens: 1_000, input_tokens_details: { cached_tokens: 4_000, cache_write_tokens: 2_000 } }, 'ultrafast');
    expect(usage.billing).toEqual({ serviceTier: 'ultrafast' });
    expect(computeCost(lookupPrice('gpt-6.2-sol'), usage)).toBeCloseTo((4_000 * 12 + 4_000 * 0.6 + 2_000 * 15 + 1_000 * 60) / 1e6, 12);
    expect(computeCost(lookupPrice('gpt-6.2-astra'), usage)).toBeCloseTo((4_000 * 48 + 4_000 * 2.4 + 2_000 * 60 + 1_000 * 240) / 1e6, 12);
    // Past 272K input, 6x the long-context prices.
    const long = usageFromResponses({ input_tokens: 300_000, output_tokens: 1_000, input_tokens_details: { cached_tokens: 200_000 } }, 'ultrafast');
    expect(computeCost(lookupPrice('gpt-6.2-sol'), long)).toBeCloseTo((100_000 * 24 + 200_000 * 1.2 + 1_000 * 90) / 1e6, 12);
    // GPT-5.6 Sol's ultrafast was a preview with no price: none in the table (billed at standard, and the trace says so).
    expect(lookupPrice('gpt-5.6-sol')?.ultrafast).toBeUndefined();
  });

  it('prices the models clients send today, by name, snapshot or Gemini path, and never a moving alias', () => {
    expect(lookupPrice('gpt-6.2-sol')).toMatchObject({ input_per_mtok: 2, cached_input_per_mtok: 0.1, cache_write_per_mtok: 2.5, output_per_mtok: 10 });
    expect(lookupPrice('gpt-6.2-sol-2026-11-17')?.input_per_mtok).toBe(2);
    expect(lookupPrice('gpt-6.1-terra')?.long_context?.output_per_mtok).toBe(7.5);
    expect(lookupPrice('claude-opus-5-5')).toMatchObject({ input_per_mtok: 4, cached_input_per_mtok: 0.2, cache_write_per_mtok: 5, output_per_mtok: 20 });
    expect(lookupPrice('claude-opus-5-20260724')?.output_per_mtok).toBe(25);
    expect(lookupPrice('claude-sonnet-5-5')?.output_per_mtok).toBe(10);
    expect(lookupPrice('claude-fable-5-1')?.cached_input_per_mtok).toBe(0.25);
    expect(lookupPrice('claude-fable-5')?.cached_input_per_mtok).toBe(1);
    expect(lookupPrice('claude-opus-4-8-latest')?.input_per_mtok).toBe(5);
    expect(lookupPrice('models/gemini-2.5-flash')?.input_per_mtok).toBe(0.3);
    expect(lookupPrice('models/gemini-2.0-flash-001')?.input_per_mtok).toBe(0.1);
    // No vendor price in force here: unpriced rather than a sibling's or an older release's.
    for (const model of ['gpt-6.1-sol', 'gpt-6-luna', 'claude-fable-5-2', 'claude-opus-5-6', 'gemini-3.8-flash', 'gemini-3-pro', 'gemini-flash-latest', 'models/gemini-pro-latest', 'ft:gpt-6.2-astra:acme:support']) {
      expect(lookupPrice(model), model).toBeUndefined();
    }
  });

  it('counts chat tokens like OpenAI: text plus per-message framing', async () => {
    const count = tokenCounter();
    const one = await count.chat([{ role: 'user', content: 'hello world' }]);
    const two = await count.chat([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'hello world' }] },
    ]);
    expect(one).toBe(3 + 3 + 2);
    expect(two).toBe(one + 3 + 2);
  });
});
