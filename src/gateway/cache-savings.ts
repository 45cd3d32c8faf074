import type { ChatCompletion } from '../core/openai-wire.js';
import { computeCost } from '../tokens/cost.js';
import type { PriceEntry } from '../tokens/price-table.js';
import { usageFromOpenAI, type Usage } from '../tokens/usage.js';

/** What a cache hit saved, as its trace's `decisions.cache` keeps it. */
export interface CacheSaving {
  /** The answer's usage at its model's price at the time of the hit (or, unpriced now, what the answer cost when stored). */
  savedUsd: number;
  /** The tokens the answer took when a provider gave it: the hit spent none of them. Absent when the entry kept no usage. */
  savedTokens?: { input: number; output: number; cached: number };
  /** `hit`: priced at the hit; `store`: the model has no price now, so the answer's cost when it was stored. */
  savedPricedAt: 'hit' | 'store';
}

/**
 * The usage a cached answer was billed for: the entry's own (`usage`, kept since 2026-12-06), else
 * the stored completion's `usage` (what the client was told), else undefined.
 *
 * @example storedUsage(undefined, { usage: { prompt_tokens: 12, completion_tokens: 3 }, … })?.inputTokens // 12
 */
export function storedUsage(kept: unknown, completion: Pick<ChatCompletion, 'usage'> & { service_tier?: unknown }): Usage | undefined {
  if (isUsage(kept)) return kept;
  return completion.usage ? usageFromOpenAI(completion.usage, completion.service_tier) : undefined;
}

/**
 * What a hit saved: the cached answer's tokens and their price now (`price`, the config's for the
 * provider's model that gave it), so a price changed since the answer was stored is the one
 * counted; without a price now, or without a usage, what the answer cost when stored.
 *
 * @example cacheSaving({ inputTokens: 1000, outputTokens: 100, … }, { input_per_mtok: 1, output_per_mtok: 2 }, 0.5).savedUsd // 0.0012
 */
export function cacheSaving(usage: Usage | undefined, price: PriceEntry | undefined, storedUsd: number): CacheSaving {
  const tokens = usage ? { savedTokens: { input: usage.inputTokens, output: usage.outputTokens, cached: usage.cachedTokens } } : {};
  if (!usage || !price) return { savedUsd: storedUsd, ...tokens, savedPricedAt: 'store' };
  return { savedUsd: computeCost(price, usage), ...tokens, savedPricedAt: 'hit' };
}

const COUNTS = ['inputTokens', 'cachedTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens'] as const;

/** An entry's `usage` as written by this version: counts that are counts (an entry is read from a shared store). */
function isUsage(value: unknown): value is Usage {
  if (typeof value !== 'object' || value === null) return false;
  const usage = value as Record<string, unknown>;
  return COUNTS.every((k) => Number.isSafeInteger(usage[k]) && (usage[k] as number) >= 0);
}
