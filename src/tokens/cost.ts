import type { PriceEntry } from './price-table.js';
import type { Usage } from './usage.js';

/**
 * USD cost of one call. Cached input is billed at its own price (the input price when the
 * table has none), cache writes at theirs, reasoning tokens as output; web searches at the
 * vendor's price per search (`webSearchUsd`, which does not depend on the model's token price).
 *
 * @example computeCost({ input_per_mtok: 0.15, output_per_mtok: 0.6 }, usage) // 0.000123
 */
export function computeCost(price: PriceEntry | undefined, usage: Usage): number {
  const searches = usage.webSearchUsd ?? 0;
  if (!price) return searches;
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteTokens, usage.inputTokens - cached);
  const fresh = usage.inputTokens - cached - written;
  const dollars =
    fresh * price.input_per_mtok +
    cached * (price.cached_input_per_mtok ?? price.input_per_mtok) +
    written * (price.cache_write_per_mtok ?? price.input_per_mtok) +
    usage.outputTokens * price.output_per_mtok;
  return dollars / 1_000_000 + searches;
}
