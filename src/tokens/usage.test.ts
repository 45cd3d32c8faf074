import { describe, expect, it } from 'vitest';
import { openAIResponseSearches, reportedUsage, usageFromAnthropic, usageFromOpenAI, usageFromResponses } from './usage.js';

describe('usage read from an upstream', () => {
  it('reads a count as it came: a whole number of tokens, none past any context a model has', () => {
    expect(usageFromOpenAI({ prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 4 } })).toMatchObject({ inputTokens: 12, outputTokens: 3, cachedTokens: 4, estimated: false });
    expect(usageFromAnthropic({ input_tokens: 5, output_tokens: 2, cache_read_input_tokens: 90 })).toMatchObject({ inputTokens: 95, outputTokens: 2, cachedTokens: 90 });
  });

  it('reads a count that is none (negative, fractional, past 100 million, a string, an object) as 0, so a cost, a budget or a counter never takes it (1e308 tokens ended the process)', () => {
    const hostile = [-5, 1e308, Number.NaN, 1.5, 100_000_001, '12', {}, null] as unknown as number[];
    for (const bad of hostile) {
      const openai = usageFromOpenAI({ prompt_tokens: bad, completion_tokens: bad, prompt_tokens_details: { cached_tokens: bad, cache_write_tokens: bad }, completion_tokens_details: { reasoning_tokens: bad } });
      expect(openai, String(bad)).toMatchObject({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
      const claude = usageFromAnthropic({ input_tokens: bad, output_tokens: bad, cache_read_input_tokens: bad, cache_creation_input_tokens: bad });
      expect(claude, String(bad)).toMatchObject({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0 });
      expect(usageFromResponses({ input_tokens: bad, output_tokens: bad }), String(bad)).toMatchObject({ inputTokens: 0, outputTokens: 0 });
      // null is Anthropic's "not given" and reads as 0 like an absent figure; everything else marks the usage.
      const marked = bad !== null;
      for (const usage of [openai, claude, usageFromResponses({ input_tokens: bad, output_tokens: 5 })]) {
        expect(usage.unreadable === true, String(bad)).toBe(marked);
        expect(reportedUsage(usage) === undefined, String(bad)).toBe(marked);
      }
    }
  });

  it('marks nothing when every figure is a count or absent, one bad figure among good ones marks the whole usage', () => {
    const good = usageFromAnthropic({ input_tokens: 5, output_tokens: 2, cache_read_input_tokens: null, cache_creation_input_tokens: null });
    expect(good.unreadable).toBeUndefined();
    expect(reportedUsage(good)).toBe(good);
    expect(usageFromOpenAI({ prompt_tokens: 12 }).unreadable).toBeUndefined();
    expect(usageFromOpenAI({ prompt_tokens: 12, completion_tokens: 3, completion_tokens_details: { reasoning_tokens: -1 } }).unreadable).toBe(true);
    expect(reportedUsage(undefined)).toBeUndefined();
  });
});

describe('the web searches OpenAI counts on a Response', () => {
  const searched = [{ type: 'web_search_call', status: 'completed', action: { type: 'search' } }];
  it('takes a whole count, and past 100 million, negative, fractional or not a number counts the search calls instead (1e308 summed to Infinity)', () => {
    expect(openAIResponseSearches({ tool_usage: { web_search: { num_requests: 3 } }, output: searched })).toBe(3);
    for (const bad of [1e308, 100_000_001, -1, 2.5, Number.NaN, '4'] as unknown as number[]) {
      expect(openAIResponseSearches({ tool_usage: { web_search: { num_requests: bad } }, output: searched })).toBe(1);
    }
  });
});
