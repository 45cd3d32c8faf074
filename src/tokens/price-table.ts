import type { Price } from '../config/schema.js';
import { byModelName } from './model-table.js';

/**
 * List prices in USD per million tokens, for upstream models whose config gives no `price`.
 * Keys match the upstream model name exactly or as a prefix of a dated snapshot
 * (`gpt-4o-2024-08-06` uses `gpt-4o`); the longest matching key wins.
 * Update from the vendors' pricing pages; checked 2026-11 (gpt-5.4-nano and gpt-5.6 Terra and
 * Luna 2026-12, from OpenAI's model pages). The GPT-5.6 models charge 2x input and 1.5x output
 * for a whole request past 272K input tokens, which this table does not model.
 */
const PRICES: Record<string, Price & { cache_write_per_mtok?: number }> = {
  'gpt-5.4': { input_per_mtok: 2.5, cached_input_per_mtok: 0.25, output_per_mtok: 15 },
  'gpt-5.4-mini': { input_per_mtok: 0.75, cached_input_per_mtok: 0.075, output_per_mtok: 4.5 },
  'gpt-5.4-nano': { input_per_mtok: 0.2, cached_input_per_mtok: 0.02, output_per_mtok: 1.25 },
  // GPT-5.6 Sol is left out: its model page gives a promotional price "at least until 2026-11-21".
  'gpt-5.6-terra': { input_per_mtok: 2, cached_input_per_mtok: 0.2, output_per_mtok: 12 },
  'gpt-5.6-luna': { input_per_mtok: 0.2, cached_input_per_mtok: 0.02, output_per_mtok: 1.2 },
  'gpt-5': { input_per_mtok: 1.25, cached_input_per_mtok: 0.125, output_per_mtok: 10 },
  'gpt-5-mini': { input_per_mtok: 0.25, cached_input_per_mtok: 0.025, output_per_mtok: 2 },
  'gpt-5-nano': { input_per_mtok: 0.05, cached_input_per_mtok: 0.005, output_per_mtok: 0.4 },
  'gpt-4.1': { input_per_mtok: 2, cached_input_per_mtok: 0.5, output_per_mtok: 8 },
  'gpt-4.1-mini': { input_per_mtok: 0.4, cached_input_per_mtok: 0.1, output_per_mtok: 1.6 },
  'gpt-4.1-nano': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gpt-4o': { input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10 },
  'gpt-4o-mini': { input_per_mtok: 0.15, cached_input_per_mtok: 0.075, output_per_mtok: 0.6 },
  o3: { input_per_mtok: 2, cached_input_per_mtok: 0.5, output_per_mtok: 8 },
  'o4-mini': { input_per_mtok: 1.1, cached_input_per_mtok: 0.275, output_per_mtok: 4.4 },
  'o3-mini': { input_per_mtok: 1.1, cached_input_per_mtok: 0.55, output_per_mtok: 4.4 },
  o1: { input_per_mtok: 15, cached_input_per_mtok: 7.5, output_per_mtok: 60 },
  'o1-mini': { input_per_mtok: 1.1, cached_input_per_mtok: 0.55, output_per_mtok: 4.4 },
  'gpt-4-turbo': { input_per_mtok: 10, output_per_mtok: 30 },
  'gpt-3.5-turbo': { input_per_mtok: 0.5, output_per_mtok: 1.5 },
  'text-embedding-3-small': { input_per_mtok: 0.02, output_per_mtok: 0 },
  'text-embedding-3-large': { input_per_mtok: 0.13, output_per_mtok: 0 },
  'text-embedding-ada-002': { input_per_mtok: 0.1, output_per_mtok: 0 },
  // Opus 4.8 kept Opus 4.7's list price (Anthropic's launch post, 2026-05-28).
  'claude-opus-4-8': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, output_per_mtok: 25 },
  'claude-opus-4-7': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, output_per_mtok: 25 },
  'claude-opus-4-6': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, output_per_mtok: 25 },
  'claude-opus-4-5': { input_per_mtok: 5, cached_input_per_mtok: 0.5, cache_write_per_mtok: 6.25, output_per_mtok: 25 },
  'claude-sonnet-4-6': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, output_per_mtok: 15 },
  'claude-sonnet-4-5': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, output_per_mtok: 15 },
  'claude-opus-4-1': { input_per_mtok: 15, cached_input_per_mtok: 1.5, cache_write_per_mtok: 18.75, output_per_mtok: 75 },
  'claude-opus-4': { input_per_mtok: 15, cached_input_per_mtok: 1.5, cache_write_per_mtok: 18.75, output_per_mtok: 75 },
  'claude-sonnet-4': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, output_per_mtok: 15 },
  'claude-3-7-sonnet': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, output_per_mtok: 15 },
  'claude-3-5-sonnet': { input_per_mtok: 3, cached_input_per_mtok: 0.3, cache_write_per_mtok: 3.75, output_per_mtok: 15 },
  'claude-haiku-4-5': { input_per_mtok: 1, cached_input_per_mtok: 0.1, cache_write_per_mtok: 1.25, output_per_mtok: 5 },
  'claude-3-5-haiku': { input_per_mtok: 0.8, cached_input_per_mtok: 0.08, cache_write_per_mtok: 1, output_per_mtok: 4 },
  'claude-3-haiku': { input_per_mtok: 0.25, cached_input_per_mtok: 0.03, cache_write_per_mtok: 0.3, output_per_mtok: 1.25 },
  'gemini-2.5-pro': { input_per_mtok: 1.25, cached_input_per_mtok: 0.31, output_per_mtok: 10 },
  'gemini-2.5-flash': { input_per_mtok: 0.3, cached_input_per_mtok: 0.075, output_per_mtok: 2.5 },
  'gemini-2.5-flash-lite': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gemini-2.0-flash': { input_per_mtok: 0.1, cached_input_per_mtok: 0.025, output_per_mtok: 0.4 },
  'gemini-2.0-flash-lite': { input_per_mtok: 0.075, output_per_mtok: 0.3 },
};

export type PriceEntry = Price & { cache_write_per_mtok?: number };

/** The list price of an upstream model, or undefined when the table does not know it. */
export const lookupPrice: (upstreamModel: string) => PriceEntry | undefined = byModelName(PRICES);
