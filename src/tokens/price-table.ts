import type { Price } from '../config/schema.js';
import { byModelName } from './model-table.js';

/**
 * List prices in USD per million tokens, for upstream models whose config gives no `price`.
 * Keys match the upstream model name exactly or as a prefix of a dated snapshot
 * (`gpt-4o-2024-08-06` uses `gpt-4o`); the longest matching key wins.
 * Update from the vendors' pricing pages; checked 2026-11 (gpt-5.4-nano and gpt-5.6 Terra and
 * Luna 2026-12, from OpenAI's model pages; GPT-6.2 Sol, GPT-6.1 Terra and the Claude 5 models 2026-12-03, from
 * OpenAI's and Anthropic's model and pricing pages). `long_context` is the price of a whole request
 * whose input is past the vendor's threshold. Claude's cache writes cost 1.25x input for 5 minutes
 * and 2x for an hour (`cache_write_1h_per_mtok`), as Anthropic's pricing page lists them.
 * `flex`, `priority` and `fast` are the price lists of a call the answer says was served on that
 * tier or in Claude's fast mode, `us_inference_multiplier` Claude's US-only inference (checked
 * 2026-12-04; sources per model in docs/gateway.md, "Tiers, fast mode and regions"). A model
 * with none of a tier is billed at its standard prices there, and its trace says so.
 *
 * Left out, for want of a vendor price in force today: gpt-5.6-sol (its model page gives a
 * promotional price "at least until 2026-11-21"), gpt-6.2-astra (the model list shows no
 * cached-input price), gpt-6-sol, gpt-6.1-sol, gpt-6-luna and gpt-6-astra (no copy of their model
 * pages), claude-fable-5-2, and every Gemini 3 model (no copy of Google's
 * pricing page; Gemini 3.x Flash prices there are introductory until 2026-12-31). Aliases that
 * move to each new release (`gemini-flash-latest`, `gemini-pro-latest`) are never priced: the
 * model behind them changes, and its price with it.
 */
/** US-only inference (`inference_geo: "us"`) costs 1.1x on Claude Opus 4.6 and every model since (Anthropic's pricing and service-tiers pages). */
const US_ONLY_1_1 = { us_inference_multiplier: 1.1 } as const;

const PRICES: Record<string, Price> = {
  // GPT-6.2 Sol, the Codex CLI's default (0.171): $2 / $0.10 cached / $2.50 cache writes (30-minute
  // retention) / $10; past 272K input tokens the whole request is billed 2x input and cache, 1.5x output.
  'gpt-6.2-sol': {
    input_per_mtok: 2,
    cached_input_per_mtok: 0.1,
    cache_write_per_mtok: 2.5,
    output_per_mtok: 10,
    long_context: { above_input_tokens: 272_000, input_per_mtok: 4, cached_input_per_mtok: 0.2, cache_write_per_mtok: 5, output_per_mtok: 15 },
  },
  // GPT-6.1 Terra (its model page): $1 / $0.05 cached / $1.25 cache writes / $5; 2x and 1.5x past 272K.
  'gpt-6.1-terra': {
    input_per_mtok: 1,
    cached_input_per_mtok: 0.05,
    cache_write_per_mtok: 1.25,
    output_per_mtok: 5,
    long_context: { above_input_tokens: 272_000, input_per_mtok: 2, cached_input_per_mtok: 0.1, cache_write_per_mtok: 2.5, output_per_mtok: 7.5 },
    // Flex half, fast mode (the `priority` tier) double, past 272K as the standard tier (its model page).
    flex: { input_per_mtok: 0.5, cached_input_per_mtok: 0.025, output_per_mtok: 2.5, long_context: { above_input_tokens: 272_000, input_per_mtok: 1, cached_input_per_mtok: 0.05, output_per_mtok: 3.75 } },
    priority: { input_per_mtok: 2, cached_input_per_mtok: 0.1, output_per_mtok: 10, long_context: { above_input_tokens: 272_000, input_per_mtok: 4, cached_input_per_mtok: 0.2, output_per_mtok: 15 } },
  },
  'gpt-5.4': {
    input_per_mtok: 2.5,
    cached_input_per_mtok: 0.25,
    output_per_mtok: 15,
    flex: { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 7.5 },
    priority: { input_per_mtok: 5, cached_input_per_mtok: 0.5, output_per_mtok: 30 },
  },
  'gpt-5.4-mini': {
    input_per_mtok: 0.75,
    cached_input_per_mtok: 0.075,
    output_per_mtok: 4.5,
    flex: { input_per_mtok: 0.375, cached_input_per_mtok: 0.0375, output_per_mtok: 2.25 },
    priority: { input_per_mtok: 1.5, cached_input_per_mtok: 0.15, output_per_mtok: 9 },
  },
  // No priority tier on OpenAI's fast-mode page for nano.
  'gpt-5.4-nano': { input_per_mtok: 0.2, cached_input_per_mtok: 0.02, output_per_mtok: 1.25, flex: { input_per_mtok: 0.1, cached_input_per_mtok: 0.01, output_per_mtok: 0.625 } },
  // GPT-5.6 Sol is left out: its model page gives a promotional price "at least until 2026-11-21".
  // Fast mode (priority) from OpenAI's fast-mode page, its long-context prices past 272K included.
  'gpt-5.6-terra': {
    input_per_mtok: 2,
    cached_input_per_mtok: 0.2,
    output_per_mtok: 12,
    flex: { input_per_mtok: 1, cached_input_per_mtok: 0.1, output_per_mtok: 6 },
    priority: { input_per_mtok: 4, cached_input_per_mtok: 0.4, output_per_mtok: 24, long_context: { above_input_tokens: 272_000, input_per_mtok: 8, cached_input_per_mtok: 0.8, output_per_mtok: 36 } },
  },
  'gpt-5.6-luna': {
    input_per_mtok: 0.2,
    cached_input_per_mtok: 0.02,
    output_per_mtok: 1.2,
    flex: { input_per_mtok: 0.1, cached_input_per_mtok: 0.01, output_per_mtok: 0.6 },
    priority: { input_per_mtok: 0.4, cached_input_per_mtok: 0.04, output_per_mtok: 2.4, long_context: { above_input_tokens: 272_000, input_per_mtok: 0.8, cached_input_per_mtok: 0.08, output_per_mtok: 3.6 } },
  },
  'gpt-5': {
    input_per_mtok: 1.25,
    cached_input_per_mtok: 0.125,
    output_per_mtok: 10,
    flex: { input_per_mtok: 0.625, cached_input_per_mtok: 0.0625, output_per_mtok: 5 },
    priority: { input_per_mtok: 2.5, cached_input_per_mtok: 0.25, output_per_mtok: 20 },
  },
  'gpt-5-mini': {
    input_per_mtok: 0.25,
    cached_input_per_mtok: 0.025,
    output_per_mtok: 2,
    flex: { input_per_mtok: 0.125, cached_input_per_mtok: 0.0125, output_per_mtok: 1 },
    priority: { input_per_mtok: 0.45, cached_input_per_mtok: 0.045, output_per_mtok: 3.6 },
  },
  'gpt-5-nano': { input_per_mtok: 0.05, cached_input_per_mtok: 0.005, output_per_mtok: 0.4, flex: { input_per_mtok: 0.025, cached_input_per_mtok: 0.0025, output_per_mtok: 0.2 } },
  // GPT-4.1 and GPT-4o have a priority tier and no flex one.
  'gpt-4.1': { input_per_mtok: 2, cached_input_per_mtok: 0.5, output_per_mtok: 8, priority: { input_per_mtok: 3.5, cached_input_per_mtok: 0.875, output_per_mtok: 14 } },
  'gpt-4.1-mini': { input_per_mtok: 0.4, cached_input_per_mtok: 0.1, output_per_mtok: 1.6, priority: { input_per_mtok: 0.7, cached_input_per_mtok: 0.175, output_per_mtok: 2.8 } },
  'gpt-4.1-nano': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4, priority: { input_per_mtok: 0.2, cached_input_per_mtok: 0.05, output_per_mtok: 0.8 } },
  'gpt-4o': { input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10, priority: { input_per_mtok: 4.25, cached_input_per_mtok: 2.125, output_per_mtok: 17 } },
  'gpt-4o-mini': { input_per_mtok: 0.15, cached_input_per_mtok: 0.075, output_per_mtok: 0.6, priority: { input_per_mtok: 0.25, cached_input_per_mtok: 0.125, output_per_mtok: 1 } },
  o3: {
    input_per_mtok: 2,
    cached_input_per_mtok: 0.5,
    output_per_mtok: 8,
    flex: { input_per_mtok: 1, cached_input_per_mtok: 0.25, output_per_mtok: 4 },
    priority: { input_per_mtok: 3.5, cached_input_per_mtok: 0.875, output_per_mtok: 14 },
  },
  'o4-mini': {
    input_per_mtok: 1.1,
    cached_input_per_mtok: 0.275,
    output_per_mtok: 4.4,
    flex: { input_per_mtok: 0.55, cached_input_per_mtok: 0.1375, output_per_mtok: 2.2 },
    priority: { input_per_mtok: 2, cached_input_per_mtok: 0.5, output_per_mtok: 8 },
  },
  'o3-mini': { input_per_mtok: 1.1, cached_input_per_mtok: 0.55, output_per_mtok: 4.4 },
  o1: { input_per_mtok: 15, cached_input_per_mtok: 7.5, output_per_mtok: 60 },
  'o1-mini': { input_per_mtok: 1.1, cached_input_per_mtok: 0.55, output_per_mtok: 4.4 },
  'gpt-4-turbo': { input_per_mtok: 10, output_per_mtok: 30 },
  'gpt-3.5-turbo': { input_per_mtok: 0.5, output_per_mtok: 1.5 },
  'text-embedding-3-small': { input_per_mtok: 0.02, output_per_mtok: 0 },
  'text-embedding-3-large': { input_per_mtok: 0.13, output_per_mtok: 0 },
  'text-embedding-ada-002': { input_per_mtok: 0.1, output_per_mtok: 0 },
  // The Claude 5 models (Anthropic's pricing page and each model's overview, 2026-12-03).
  'claude-fable-5-1': { input_per_mtok: 10, cached_input_per_mtok: 0.25, cache_write_per_mtok: 12.5, cache_write_1h_per_mtok: 20, output_per_mtok: 50, ...US_ONLY_1_1 },
  'claude-mythos-5-1': { input_per_mtok: 10, cached_input_per_mtok: 0.25, cache_write_per_mtok: 12.5, cache_write_1h_per_mtok: 20, output_per_mtok: 50, ...US_ONLY_1_1 },
  'claude-fable-5': { input_per_mtok: 10, cached_input_per_mtok: 1, cache_write_per_mtok: 12.5, cache_write_1h_per_mtok: 20, output_per_mtok: 50, ...US_ONLY_1_1 },
  'claude-mythos-5': { input_per_mtok: 10, cached_input_per_mtok: 1, cache_write_per_mtok: 12.5, cache_write_1h_per_mtok: 20, output_per_mtok: 50, ...US_ONLY_1_1 },
  'claude-opus-5-5': { input_per_mtok: 4, cached_input_per_mtok: 0.2, cache_write_per_mtok: 5, cache_write_1h_per_mtok: 8, output_per_mtok: 20, ...US_ONLY_1_1 },
  'claude-opus-5': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, cache_write_1h_per_mtok: 10, output_per_mtok: 25, ...US_ONLY_1_1, fast: { input_per_mtok: 10, cached_input_per_mtok: 1, cache_write_per_mtok: 12.5, cache_write_1h_per_mtok: 20, output_per_mtok: 50 } },
  // Sonnet 5.5's overview page shows cache reads at $0.20; trackers report a cut to $0.10 on
  // 2026-10-07 that no copy of Anthropic's pages here shows, so the page's price stands.
  'claude-sonnet-5-5': { input_per_mtok: 2, cached_input_per_mtok: 0.2, cache_write_per_mtok: 2.5, cache_write_1h_per_mtok: 4, output_per_mtok: 10, ...US_ONLY_1_1 },
  // Haiku 5.5 bills a whole request 5x past 100,000 prompt tokens (cache reads and writes counted).
  // The overview page's prices: input $0.10 / $0.50, output $0.50 / $2.50, 5-minute writes $0.125;
  // its cache reads ($0.01 / $0.05) as Anthropic's launch guides restate them (0.1x input, as ever).
  'claude-haiku-5-5': {
    input_per_mtok: 0.1,
    cached_input_per_mtok: 0.01,
    cache_write_per_mtok: 0.125,
    cache_write_1h_per_mtok: 0.2,
    output_per_mtok: 0.5,
    long_context: { above_input_tokens: 100_000, input_per_mtok: 0.5, cached_input_per_mtok: 0.05, cache_write_per_mtok: 0.625, cache_write_1h_per_mtok: 1, output_per_mtok: 2.5 },
    ...US_ONLY_1_1,
  },
  'claude-sonnet-5': { input_per_mtok: 2, cached_input_per_mtok: 0.2, cache_write_per_mtok: 2.5, cache_write_1h_per_mtok: 4, output_per_mtok: 10, ...US_ONLY_1_1 },
  // Opus 4.8 kept Opus 4.7's list price (Anthropic's launch post, 2026-05-28).
  'claude-opus-4-8': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, cache_write_1h_per_mtok: 10, output_per_mtok: 25, ...US_ONLY_1_1 },
  'claude-opus-4-7': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, cache_write_1h_per_mtok: 10, output_per_mtok: 25, ...US_ONLY_1_1 },
  'claude-opus-4-6': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, cache_write_1h_per_mtok: 10, output_per_mtok: 25, ...US_ONLY_1_1, fast: { input_per_mtok: 30, cached_input_per_mtok: 3, cache_write_per_mtok: 37.5, cache_write_1h_per_mtok: 60, output_per_mtok: 150 } },
  'claude-opus-4-5': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, cache_write_1h_per_mtok: 10, output_per_mtok: 25 },
  'claude-sonnet-4-6': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6, output_per_mtok: 15, ...US_ONLY_1_1 },
  'claude-sonnet-4-5': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6, output_per_mtok: 15 },
  'claude-opus-4-1': { input_per_mtok: 15, cached_input_per_mtok: 1.5, cache_write_per_mtok: 18.75, cache_write_1h_per_mtok: 30, output_per_mtok: 75 },
  'claude-opus-4': { input_per_mtok: 15, cached_input_per_mtok: 1.5, cache_write_per_mtok: 18.75, cache_write_1h_per_mtok: 30, output_per_mtok: 75 },
  'claude-sonnet-4': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6, output_per_mtok: 15 },
  'claude-3-7-sonnet': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6, output_per_mtok: 15 },
  'claude-3-5-sonnet': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, cache_write_1h_per_mtok: 6, output_per_mtok: 15 },
  'claude-haiku-4-5': { input_per_mtok: 1, cached_input_per_mtok: 0.1, cache_write_per_mtok: 1.25, cache_write_1h_per_mtok: 2, output_per_mtok: 5 },
  'claude-3-5-haiku': { input_per_mtok: 0.8, cached_input_per_mtok: 0.08, cache_write_per_mtok: 1, cache_write_1h_per_mtok: 1.6, output_per_mtok: 4 },
  'claude-3-haiku': { input_per_mtok: 0.25, cached_input_per_mtok: 0.03, cache_write_per_mtok: 0.3, cache_write_1h_per_mtok: 0.5, output_per_mtok: 1.25 },
  'gemini-2.5-pro': { input_per_mtok: 1.25, cached_input_per_mtok: 0.31, output_per_mtok: 10 },
  'gemini-2.5-flash': { input_per_mtok: 0.3, cached_input_per_mtok: 0.075, output_per_mtok: 2.5 },
  'gemini-2.5-flash-lite': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gemini-2.0-flash': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gemini-2.0-flash-lite': { input_per_mtok: 0.075, output_per_mtok: 0.3 },
};

export type PriceEntry = Price;

/** The list price of an upstream model, or undefined when the table does not know it. */
export const lookupPrice: (upstreamModel: string) => PriceEntry | undefined = byModelName(PRICES);
