import type { Price } from '../config/schema.js';
import { byModelName } from './model-table.js';

/**
 * List prices in USD per million tokens, for upstream models whose config gives no `price`.
 * Keys match the upstream model name exactly or as a prefix of a dated snapshot
 * (`gpt-4o-2024-08-06` uses `gpt-4o`); the longest matching key wins.
 * Update from the vendors' pricing pages; checked 2026-11 (gpt-5.4-nano and gpt-5.6 Terra and
 * Luna 2026-12, from OpenAI's model pages; GPT-6.2 Sol, GPT-6.1 Terra and the Claude 5 models 2026-12-03, from
 * OpenAI's and Anthropic's model and pricing pages; GPT-5.6 Sol, GPT-6.2 Astra, the Gemini 3 models
 * and Sonnet 5.5's cache reads 2026-12-04, each source beside its entry). `long_context` is the price of a whole request
 * whose input is past the vendor's threshold. Where a source gives no cached-input price, none is
 * set: cached tokens are billed at the input price, more than the vendor bills, never less. Claude's cache writes cost 1.25x input for 5 minutes
 * and 2x for an hour (`cache_write_1h_per_mtok`), as Anthropic's pricing page lists them.
 * `flex`, `priority` and `fast` are the price lists of a call the answer says was served on that
 * tier or in Claude's fast mode, `us_inference_multiplier` Claude's US-only inference (checked
 * 2026-12-04; sources per model in docs/gateway.md, "Tiers, fast mode and regions"). A model
 * with none of a tier is billed at its standard prices there, and its trace says so.
 *
 * Left out, for want of a vendor price in force today: gpt-6-sol, gpt-6.1-sol, gpt-6-luna and
 * gpt-6-astra (no copy of their model pages), claude-fable-5-2, gemini-3.8-flash (introductory
 * $0.75 / $3.75 until 2026-12-31, $1.50 / $7.50 from 2027-01-01: the table has no dates) and
 * gemini-3.6-flash (one tracker only). Aliases that move to each new release
 * (`gemini-flash-latest`, `gemini-pro-latest`) are never priced: the model behind them changes,
 * and its price with it. A model left out is unpriced: keys with a dollar budget are refused it
 * (`limits.unpriced`) until the config gives it a `price:`.
 */
/*
 * ULTRAFAST_SOURCES: OpenAI's Ultrafast tier is billed at 6x every standard token price, past 272K
 * input too (6x the long-context prices): Vercel's AI Gateway changelog ("billed at 6× the standard
 * per-token rate", read 2026-12-07); GPT-6 Astra's Ultrafast list, $60 / $6 cached / $75 cache
 * writes / $300 against $10 / $1 / $12.50 / $50 (Apidog's Ultrafast guide, citing OpenAI's pricing
 * page); Venice's GPT-6.1 Sol Ultrafast at $12 / $60 against $2 / $10. OpenAI's Ultrafast guide
 * (2026-12) lists GPT-6.2 Astra and GPT-6.2 Sol; no copy of its pricing page's rows for them was
 * found, so the multiple is applied (a config `price:` overrides it). GPT-5.6 Sol's Ultrafast was a
 * preview with no published price: none is set.
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
    // Ultrafast at 6x every price above (ULTRAFAST_SOURCES).
    ultrafast: {
      input_per_mtok: 12,
      cached_input_per_mtok: 0.6,
      cache_write_per_mtok: 15,
      output_per_mtok: 60,
      long_context: { above_input_tokens: 272_000, input_per_mtok: 24, cached_input_per_mtok: 1.2, cache_write_per_mtok: 30, output_per_mtok: 90 },
    },
  },
  // GPT-6.2 Astra: $8 / $0.40 cached / $10 cache writes / $40; past 272K input 2x input and cache,
  // 1.5x output, as GPT-6.2 Sol. No copy of OpenAI's own page here: the figures are those several
  // trackers transcribed from it on release (2026-11-17), alike: LiteLLM's release note ("$8 / MTok
  // input and $40 output, … cached input 60% cheaper" than GPT-6 Astra's $1), iyulab/TokenMeter
  // v0.17.0 (with the cache-write and long-context rows), AgentCompass-Router v0.6.8 ("vendor list
  // prices … Astra USD 8 input, 0.40 cached input, 40 output"), LaoZhang's notice ("same as OpenAI's
  // Standard rates"). No tier prices found: a flex or priority answer is billed at these.
  'gpt-6.2-astra': {
    input_per_mtok: 8,
    cached_input_per_mtok: 0.4,
    cache_write_per_mtok: 10,
    output_per_mtok: 40,
    long_context: { above_input_tokens: 272_000, input_per_mtok: 16, cached_input_per_mtok: 0.8, cache_write_per_mtok: 20, output_per_mtok: 60 },
    // Ultrafast at 6x every price above (ULTRAFAST_SOURCES).
    ultrafast: {
      input_per_mtok: 48,
      cached_input_per_mtok: 2.4,
      cache_write_per_mtok: 60,
      output_per_mtok: 240,
      long_context: { above_input_tokens: 272_000, input_per_mtok: 96, cached_input_per_mtok: 4.8, cache_write_per_mtok: 120, output_per_mtok: 360 },
    },
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
  // GPT-5.6 Sol at its list price again: OpenAI's model page gave $4 / $0.40 / $20 as a promotion
  // "at least until 2026-11-21" and its rules (cache writes 1.25x uncached input; past 272K input
  // 2x input, 1.5x output); the promotion ended on 2026-11-30 (LaoZhang's notice of 2026-11-30,
  // "the OpenAI and Google promotional prices end on 2026-11-30"), back to the launch list price of
  // 2026-07-09: $5 / $0.50 / $30 (PromptFuel v1.0.17's pre-promotion row; gramext/dist v0.1.0).
  'gpt-5.6-sol': {
    input_per_mtok: 5,
    cached_input_per_mtok: 0.5,
    cache_write_per_mtok: 6.25,
    output_per_mtok: 30,
    long_context: { above_input_tokens: 272_000, input_per_mtok: 10, cached_input_per_mtok: 1, cache_write_per_mtok: 12.5, output_per_mtok: 45 },
  },
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
  // GPT-5.1, GPT-5.2, GPT-5.3-Codex and GPT-5.5, no longer on OpenAI's live pricing page but still
  // served: unpriced, a key with a dollar budget was refused them. GPT-5.1 and GPT-5.2 as OpenAI's
  // GPT-5.2 launch page gives them (benchlm.ai's copy, read 2026-12-07); GPT-5.2, GPT-5.3-Codex
  // and GPT-5.5 as OpenAI's Codex rate card gives them in credits at 25 a dollar (codex-ops 0.1.3's
  // data/codex-rate-card.json, checked there 2026-05-13): the two sources agree on GPT-5.2. No
  // source here gives their flex, priority or long-context prices, so those calls are billed at
  // these standard prices and their traces say so.
  'gpt-5.1': { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 },
  'gpt-5.2': { input_per_mtok: 1.75, cached_input_per_mtok: 0.175, output_per_mtok: 14 },
  'gpt-5.3-codex': { input_per_mtok: 1.75, cached_input_per_mtok: 0.175, output_per_mtok: 14 },
  'gpt-5.5': { input_per_mtok: 5, cached_input_per_mtok: 0.5, output_per_mtok: 30 },
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
  // OpenAI's search models on Chat Completions (OpenAI's pricing page, read 2026-12-07 through
  // aicoach.pw's and apimodels.app's copies): their tokens, beside the search each call is billed
  // (web-search-price.ts). Unpriced, a budgeted key was refused them and no cost header was sent.
  'gpt-4o-search-preview': { input_per_mtok: 2.5, output_per_mtok: 10 },
  'gpt-4o-mini-search-preview': { input_per_mtok: 0.15, output_per_mtok: 0.6 },
  'gpt-5-search-api': { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 },
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
  // The models only the Responses API serves (core/openai-responses-only.ts), from OpenAI's pricing
  // page and each model's page: the pro models take no cached-input discount.
  'o1-pro': { input_per_mtok: 150, output_per_mtok: 600 },
  'o3-pro': { input_per_mtok: 20, output_per_mtok: 80 },
  'gpt-5-pro': { input_per_mtok: 15, output_per_mtok: 120 },
  'gpt-5.2-pro': { input_per_mtok: 21, output_per_mtok: 168 },
  'gpt-5-codex': { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 },
  'gpt-5.1-codex': { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 },
  'gpt-5.1-codex-max': { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 },
  'gpt-5.1-codex-mini': { input_per_mtok: 0.25, cached_input_per_mtok: 0.025, output_per_mtok: 2 },
  // GPT-5.2-Codex at GPT-5.2's prices: $1.75 in, $0.175 cached, $14 out a million tokens, as
  // models.dev lists it (providers/openai/models/gpt-5.2-codex.toml, `[cost] input = 1.75, output =
  // 14.00, cache_read = 0.175`) and GitHub's Copilot price table gives OpenAI's (github/docs,
  // data/tables/copilot/models-and-pricing.yml; both read 2026-12-07). OpenAI's own model page
  // here (platform.openai.com/docs/models/gpt-5.2-codex, through a reader's copy) lost its price
  // figures; unpriced, a budgeted key was refused it.
  'gpt-5.2-codex': { input_per_mtok: 1.75, cached_input_per_mtok: 0.175, output_per_mtok: 14 },
  'codex-mini': { input_per_mtok: 1.5, cached_input_per_mtok: 0.375, output_per_mtok: 6 },
  'o3-deep-research': { input_per_mtok: 10, cached_input_per_mtok: 2.5, output_per_mtok: 40 },
  'o4-mini-deep-research': { input_per_mtok: 2, cached_input_per_mtok: 0.5, output_per_mtok: 8 },
  'computer-use-preview': { input_per_mtok: 3, output_per_mtok: 12 },
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
  // Sonnet 5.5's cache reads are $0.10 (0.05x input) since Anthropic's cut of 2026-10-07. Its
  // overview page as stored here (a translated copy) still shows $0.20; four trackers that read
  // Anthropic's live pricing page after the cut agree on $0.10: claudit v1.9.2 (2026-10-24),
  // PromptFuel v1.0.23, phuryn/claude-usage v1.5.7 (platform.claude.com, checked 2026-12-01), synaps
  // 0.10.2's table (0.05x). The overview's $0.20 would bill Claude Code sessions, mostly cache
  // reads, at twice the price.
  'claude-sonnet-5-5': { input_per_mtok: 2, cached_input_per_mtok: 0.1, cache_write_per_mtok: 2.5, cache_write_1h_per_mtok: 4, output_per_mtok: 10, ...US_ONLY_1_1 },
  // Haiku 5.5 bills a whole request 5x past 100,000 prompt tokens (cache reads and writes counted).
  // The overview page's prices: input $0.10 / $0.50, output $0.50 / $2.50, 5-minute writes $0.125;
  // its cache reads ($0.01 / $0.05) as Anthropic's launch guides restate them (0.1x input, as ever),
  // and as claudit v1.9.2 and PromptFuel v1.0.23 read Anthropic's pricing page in October 2026.
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
  // Gemini 3 (Google's pricing page as transcribed by api-evangelist/gemini on 2026-09-20 and
  // api-evangelist/deepmind on 2026-10-07, "every price_text found verbatim": 3.1 Pro Preview, 3.5
  // Flash, 3.5 Flash-Lite; simonw/llm-prices data/google.json for the same and for 3 Pro Preview,
  // 3 Flash Preview, 3.1 Flash-Lite Preview and the cached prices). A prompt past 200K tokens
  // bills the whole request at the higher Pro price. No cached price where no source gives one.
  'gemini-3.1-pro-preview': { input_per_mtok: 2, output_per_mtok: 12, long_context: { above_input_tokens: 200_000, input_per_mtok: 4, output_per_mtok: 18 } },
  'gemini-3-pro-preview': { input_per_mtok: 2, output_per_mtok: 12, long_context: { above_input_tokens: 200_000, input_per_mtok: 4, output_per_mtok: 18 } },
  'gemini-3-flash-preview': { input_per_mtok: 0.5, output_per_mtok: 3 },
  'gemini-3.1-flash-lite-preview': { input_per_mtok: 0.25, cached_input_per_mtok: 0.025, output_per_mtok: 1.5 },
  'gemini-3.5-flash': { input_per_mtok: 1.5, cached_input_per_mtok: 0.15, output_per_mtok: 9 },
  'gemini-3.5-flash-lite': { input_per_mtok: 0.3, cached_input_per_mtok: 0.03, output_per_mtok: 2.5 },
  'gemini-2.5-pro': { input_per_mtok: 1.25, cached_input_per_mtok: 0.31, output_per_mtok: 10 },
  'gemini-2.5-flash': { input_per_mtok: 0.3, cached_input_per_mtok: 0.075, output_per_mtok: 2.5 },
  'gemini-2.5-flash-lite': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gemini-2.0-flash': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gemini-2.0-flash-lite': { input_per_mtok: 0.075, output_per_mtok: 0.3 },
  // Google's embedding model at its GA price ($0.15 per 1M input tokens, Google's blog of its
  // launch; OpenRouter, Vercel's AI Gateway and OpenCode's catalog list the same on 2026-12-05).
  'gemini-embedding-001': { input_per_mtok: 0.15, output_per_mtok: 0 },
};

export type PriceEntry = Price;

/** Every model name the table prices, as written there. */
export const PRICED_MODELS: readonly string[] = Object.keys(PRICES);

/** The list price of an upstream model, or undefined when the table does not know it. */
export const lookupPrice: (upstreamModel: string) => PriceEntry | undefined = byModelName(PRICES);
