import type { PriceEntry } from './price-table.js';
import type { Usage } from './usage.js';
import { billedPriceList, regionFactor } from './billing-modifiers.js';

/**
 * USD cost of one call. Cached input is billed at its own price (the input price when the
 * table has none), cache writes at theirs (Claude's 1-hour and OpenAI's 12-hour writes at their own), reasoning tokens
 * as output; web searches at the
 * vendor's price per search (`webSearchUsd`, which does not depend on the model's token price), or
 * at the config's `web_search_usd` each.
 * A request whose input is past the price's `long_context` threshold is billed, every token of it,
 * at the long-context prices, as the vendors bill it. The one place every billing modifier is
 * priced (billing-modifiers.ts): a call served on the `flex` or `priority` tier, or in Claude's fast
 * mode, is billed from that tier's price list (its own long-context prices included); Claude's
 * US-only inference multiplies every token price by the model's `us_inference_multiplier`.
 *
 * @example computeCost({ input_per_mtok: 0.15, output_per_mtok: 0.6 }, usage) // 0.000123
 */
export function computeCost(price: PriceEntry | undefined, usage: Usage): number {
  const searches = webSearchCost(price, usage) ?? 0;
  if (!price) return searches;
  const list = billedPriceList(price, usage.billing);
  const long = list.long_context;
  const tier = long && usage.inputTokens > long.above_input_tokens ? long : list;
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteTokens, usage.inputTokens - cached);
  const fresh = usage.inputTokens - cached - written;
  const hour = Math.min(usage.cacheWrite1hTokens ?? 0, written);
  const halfDay = Math.min(usage.cacheWrite12hTokens ?? 0, written - hour);
  const writePrice = tier.cache_write_per_mtok ?? tier.input_per_mtok;
  const dollars =
    fresh * tier.input_per_mtok +
    cached * (tier.cached_input_per_mtok ?? tier.input_per_mtok) +
    (written - hour - halfDay) * writePrice +
    hour * (tier.cache_write_1h_per_mtok ?? writePrice) +
    halfDay * (tier.cache_write_12h_per_mtok ?? writePrice) +
    usage.outputTokens * tier.output_per_mtok;
  return (dollars * regionFactor(price, usage.billing)) / 1_000_000 + searches;
}

/**
 * What the call's web searches cost: each at the config's `web_search_usd` when it sets one, else
 * the vendor's list price the usage carries; undefined when none ran or none is priced.
 *
 * @example webSearchCost({ input_per_mtok: 1, output_per_mtok: 2, web_search_usd: 0.02 }, { ...usage, webSearches: 3 }) // 0.06
 */
export function webSearchCost(price: PriceEntry | undefined, usage: Usage): number | undefined {
  // Most calls search nothing: one read, no work.
  if (usage.webSearches === undefined) return usage.webSearchUsd;
  const each = price?.web_search_usd;
  return each === undefined ? usage.webSearchUsd : usage.webSearches * each;
}
