import { describe, expect, it } from 'vitest';
import { AnthropicUsageTally } from '../providers/anthropic/anthropic-usage-tally.js';
import { computeCost } from './cost.js';
import { lookupPrice } from './price-table.js';
import { addUsage, usageFromAnthropic, usageFromOpenAI, usageFromResponses } from './usage.js';

const TURN = { prompt_tokens: 1_000, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 400 } };

describe('billing modifiers: one cost function prices each', () => {
  it('bills the tier the answer names from that tier’s price list, long-context prices included', () => {
    const price = { input_per_mtok: 2, cached_input_per_mtok: 0.2, output_per_mtok: 10, flex: { input_per_mtok: 1, output_per_mtok: 5, long_context: { above_input_tokens: 500, input_per_mtok: 3, output_per_mtok: 7 } } };
    expect(computeCost(price, usageFromOpenAI({ ...TURN, prompt_tokens: 400 }, 'flex'))).toBeCloseTo((400 * 1 + 200 * 5) / 1e6, 12);
    // Past the tier's threshold: its long-context prices (no cached price there: cached at input).
    expect(computeCost(price, usageFromOpenAI(TURN, 'flex'))).toBeCloseTo((1_000 * 3 + 200 * 7) / 1e6, 12);
    // The standard tier's names and none: the standard prices.
    for (const tier of ['default', 'auto', 'scale', undefined, 42]) expect(computeCost(price, usageFromOpenAI(TURN, tier))).toBeCloseTo((600 * 2 + 400 * 0.2 + 200 * 10) / 1e6, 12);
  });

  it('reads OpenAI’s "fast" as the priority tier it renamed, on chat and Responses usage alike', () => {
    expect(usageFromOpenAI(TURN, 'fast').billing).toEqual({ serviceTier: 'priority' });
    expect(usageFromResponses({ input_tokens: 10, output_tokens: 2 }, 'priority').billing).toEqual({ serviceTier: 'priority' });
    expect(usageFromResponses({ input_tokens: 10, output_tokens: 2 }, 'default').billing).toBeUndefined();
    const luna = lookupPrice('gpt-5.6-luna');
    expect(computeCost(luna, usageFromOpenAI(TURN, 'fast'))).toBeCloseTo((600 * 0.4 + 400 * 0.04 + 200 * 2.4) / 1e6, 12);
  });

  it('bills Claude’s fast mode at its prices and US-only inference at 1.1x on Opus 4.6 and newer, not before', () => {
    const usage = usageFromAnthropic({ input_tokens: 100, cache_read_input_tokens: 1_000, cache_creation_input_tokens: 200, output_tokens: 50, speed: 'fast', inference_geo: 'us', service_tier: 'standard' });
    expect(usage.billing).toEqual({ speed: 'fast', inferenceGeo: 'us' });
    expect(computeCost(lookupPrice('claude-opus-4-6'), usage)).toBeCloseTo(((100 * 30 + 1_000 * 3 + 200 * 37.5 + 50 * 150) * 1.1) / 1e6, 12);
    const us = usageFromAnthropic({ input_tokens: 100, output_tokens: 50, inference_geo: 'us' });
    expect(computeCost(lookupPrice('claude-sonnet-4-5'), us)).toBeCloseTo((100 * 3 + 50 * 15) / 1e6, 12);
    expect(usageFromAnthropic({ input_tokens: 1, inference_geo: 'global', speed: 'standard', service_tier: 'standard' }).billing).toBeUndefined();
  });

  it('keeps the later call’s modifiers when two calls are added (an answer after its re-asks)', () => {
    expect(addUsage(usageFromOpenAI(TURN), usageFromOpenAI(TURN, 'flex')).billing).toEqual({ serviceTier: 'flex' });
    expect(addUsage(usageFromOpenAI(TURN, 'flex'), usageFromOpenAI(TURN)).billing).toEqual({ serviceTier: 'flex' });
  });

  it('tallies a Claude stream as a whole message: 1-hour writes, tier, speed and region from message_start', () => {
    const tally = new AnthropicUsageTally();
    tally.add({ input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 900, cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 600 }, output_tokens: 1, service_tier: 'priority', speed: 'fast', inference_geo: 'us' });
    tally.add({ input_tokens: null, output_tokens: 40 } as object);
    expect(tally.usage).toEqual(usageFromAnthropic({ input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 900, cache_creation: { ephemeral_1h_input_tokens: 600 }, output_tokens: 40, service_tier: 'priority', speed: 'fast', inference_geo: 'us' }));
    expect(tally.usage).toMatchObject({ cacheWrite1hTokens: 600, billing: { serviceTier: 'priority', speed: 'fast', inferenceGeo: 'us' } });
  });
});
