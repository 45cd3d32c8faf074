import { describe, expect, it } from 'vitest';
import { computeCost } from './cost.js';
import { addUsage, subtractUsage, type Usage } from './usage.js';
import { geminiSearchUsd, openAIChatSearchUsd, openAISearchUsd } from './web-search-price.js';
import { usageFromOpenAI, usageOfResponse, withChatSearch } from './usage.js';

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

describe('OpenAI web search’s price', () => {
  it('is $10 per 1,000 calls of the web_search tool, on top of the tokens', () => {
    expect(openAISearchUsd(3)).toBeCloseTo(0.03, 12);
    expect(openAISearchUsd(0)).toBeUndefined();
    const usage = usageOfResponse({ usage: { input_tokens: 1_000, output_tokens: 100 }, tool_usage: { web_search: { num_requests: 2 } } });
    expect(usage).toMatchObject({ webSearches: 2, webSearchUsd: 0.02 });
    expect(computeCost({ input_per_mtok: 2, output_per_mtok: 10 }, usage)).toBeCloseTo((1_000 * 2 + 100 * 10) / 1e6 + 0.02, 12);
    // No search, no fee, and the fields stay absent.
    expect(usageOfResponse({ usage: { input_tokens: 1_000, output_tokens: 100 } })).not.toHaveProperty('webSearchUsd');
  });
});

describe('searches on chat completions', () => {
  it('OpenAI’s search models: one search a call, $25 per 1,000 on the GPT-4o previews and $10 on the rest, their snapshots included', () => {
    expect(['gpt-4o-search-preview', 'gpt-4o-mini-search-preview', 'gpt-4o-search-preview-2025-03-11', 'gpt-5-search-api', 'gpt-5-search-api-2025-10-14'].map(openAIChatSearchUsd)).toEqual([0.025, 0.025, 0.025, 0.01, 0.01]);
    for (const model of ['gpt-5', 'gpt-4o-mini', 'gpt-5-searcher', 'o3-deep-research', 'sonar']) expect(openAIChatSearchUsd(model)).toBeUndefined();
    const usage = withChatSearch(usageFromOpenAI({ prompt_tokens: 1_000, completion_tokens: 100 }), 'gpt-5-search-api');
    expect(usage).toMatchObject({ webSearches: 1, webSearchUsd: 0.01 });
    expect(withChatSearch(usageFromOpenAI({ prompt_tokens: 1_000 }), 'gpt-5')).not.toHaveProperty('webSearches');
  });

  it('a count the upstream reports (OpenRouter’s server_tool_use.web_search_requests) is taken as it is, priced by the config', () => {
    const routed = usageFromOpenAI({ prompt_tokens: 1_000, completion_tokens: 100, server_tool_use: { web_search_requests: 3 } });
    expect(routed).toMatchObject({ webSearches: 3 });
    expect(routed).not.toHaveProperty('webSearchUsd');
    expect(computeCost({ input_per_mtok: 2, output_per_mtok: 10, web_search_usd: 0.004 }, routed)).toBeCloseTo((1_000 * 2 + 100 * 10) / 1e6 + 0.012, 12);
    // A reported count is not doubled by the search model's one.
    expect(withChatSearch(routed, 'gpt-5-search-api')).toMatchObject({ webSearches: 3 });
    expect(usageFromOpenAI({ prompt_tokens: 1, server_tool_use: { web_search_requests: -2 } }).unreadable).toBe(true);
  });
});

describe('a config’s price per web search', () => {
  it('replaces the vendor’s list price for every search the answer reports, Claude’s, OpenAI’s or Gemini’s', () => {
    const searched = { ...tokens, webSearches: 3, webSearchUsd: 0.03 };
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15, web_search_usd: 0.025 }, searched)).toBeCloseTo(3 + 0.075, 12);
    // A search the vendor price left unpriced is priced by the config.
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15, web_search_usd: 0.01 }, { ...tokens, webSearches: 2 })).toBeCloseTo(3.02, 12);
    // No search: the override costs nothing.
    expect(computeCost({ input_per_mtok: 3, output_per_mtok: 15, web_search_usd: 0.01 }, tokens)).toBe(3);
  });
});
