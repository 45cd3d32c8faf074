/**
 * What a provider's answer says about how the call is billed beyond its token counts: the
 * processing tier that served it (OpenAI's and Gemini's `flex` and `priority`, OpenAI's
 * `ultrafast`, Claude's Priority Tier), Claude's fast mode and Claude's US-only inference. The *response* decides, as the vendors
 * bill it: a `flex` request that OpenAI served at standard says `default` and costs the standard
 * price. Read here, once per vendor shape; priced in one place, `computeCost`.
 */
import type { PriceEntry } from './price-table.js';

export interface BillingModifiers {
  /** The tier that served the call, when not the standard one. */
  serviceTier?: 'flex' | 'priority' | 'ultrafast';
  /** Claude's fast mode (`usage.speed: "fast"`). */
  speed?: 'fast';
  /** Claude's US-only inference (`usage.inference_geo: "us"`), billed 1.1x on Opus 4.6 and newer. */
  inferenceGeo?: 'us';
}

/**
 * The modifiers of an OpenAI answer (`service_tier` of a chat completion, chunk or response):
 * `flex`, `priority` under either of its names (OpenAI renamed it `fast` on 2026-07-30 and takes both),
 * and `ultrafast`, the access-controlled tier openai 7.5 added (`gpt-5.6-sol`), dearer than
 * standard: costed at its own prices when the model has them, else at standard and flagged.
 *
 * @example openAIBilling('flex') // { serviceTier: 'flex' }
 * @example openAIBilling('default') // undefined
 */
export function openAIBilling(serviceTier: unknown): BillingModifiers | undefined {
  if (serviceTier === 'flex') return { serviceTier: 'flex' };
  if (serviceTier === 'priority' || serviceTier === 'fast') return { serviceTier: 'priority' };
  if (serviceTier === 'ultrafast') return { serviceTier: 'ultrafast' };
  return undefined;
}

/** The billing fields of Claude's `usage` (message, `message_start` and `message_delta` alike). */
export interface AnthropicBillingFields {
  service_tier?: unknown;
  speed?: unknown;
  inference_geo?: unknown;
}

/**
 * The modifiers of a Claude answer, from its usage.
 *
 * @example anthropicBilling({ service_tier: 'standard', speed: 'fast', inference_geo: 'us' }) // { speed: 'fast', inferenceGeo: 'us' }
 */
export function anthropicBilling(usage: AnthropicBillingFields): BillingModifiers | undefined {
  const billing: BillingModifiers = {};
  if (usage.service_tier === 'priority') billing.serviceTier = 'priority';
  if (usage.speed === 'fast') billing.speed = 'fast';
  if (usage.inference_geo === 'us') billing.inferenceGeo = 'us';
  return billing.serviceTier || billing.speed || billing.inferenceGeo ? billing : undefined;
}

/**
 * The price list a call is billed from: fast mode's, else its tier's, else the standard one
 * (also when the model has no price for that tier: `unpricedModifier` says so).
 */
export function billedPriceList(price: PriceEntry, billing: BillingModifiers | undefined): PriceEntry {
  if (billing?.speed === 'fast' && price.fast) return price.fast;
  if (billing?.serviceTier === 'flex' && price.flex) return price.flex;
  if (billing?.serviceTier === 'priority' && price.priority) return price.priority;
  if (billing?.serviceTier === 'ultrafast' && price.ultrafast) return price.ultrafast;
  return price;
}

/** The factor on every token price: Claude's US-only inference at the model's multiplier, else 1. */
export function regionFactor(price: PriceEntry, billing: BillingModifiers | undefined): number {
  return billing?.inferenceGeo === 'us' ? (price.us_inference_multiplier ?? 1) : 1;
}

/**
 * The tier or mode of the call that its price has no prices for (billed at the standard prices
 * instead, and the trace says so), or undefined. US-only inference is never flagged: a model with
 * no multiplier costs the same there (Anthropic charges 1.1x only on Opus 4.6 and newer).
 *
 * @example unpricedModifier({ input_per_mtok: 1, output_per_mtok: 2 }, { serviceTier: 'flex' }) // 'flex'
 */
export function unpricedModifier(price: PriceEntry, billing: BillingModifiers | undefined): 'fast' | 'flex' | 'priority' | 'ultrafast' | undefined {
  if (billing?.speed === 'fast') return price.fast ? undefined : 'fast';
  const tier = billing?.serviceTier;
  return tier && !price[tier] ? tier : undefined;
}
