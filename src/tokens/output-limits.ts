import { byModelName } from './model-table.js';

/**
 * The most output tokens each upstream model can produce in one answer (OpenAI's "max output
 * tokens", Anthropic's "max output", Gemini's `outputTokenLimit`; thinking and reasoning count
 * within it). Providers refuse a larger `max_tokens` / `max_completion_tokens` / `maxOutputTokens`
 * with a 400, so the gateway clamps what it chooses itself to it, budgets reserve no more than it,
 * and the simulator refuses above it as the provider does. Keys read like the price table's
 * (exact, or a prefix of a dated snapshot). Checked 2026-12 against the vendors' model pages and
 * the refusals clients report (`max_tokens: 131072 > 128000, which is the maximum allowed number
 * of output tokens for claude-sonnet-4-6`).
 */
const OUTPUT_LIMITS: Record<string, number> = {
  // GPT-6.2 Sol, GPT-6.1 Terra and the Claude 5 models: "128,000 max output tokens" / "Max
  // output 128K" on the vendors' model pages (2026-12-03).
  'gpt-6.2-sol': 128_000,
  'gpt-6.1-terra': 128_000,
  'claude-fable-5-1': 128_000,
  'claude-opus-5-5': 128_000,
  'claude-opus-5': 128_000,
  'claude-sonnet-5-5': 128_000,
  'claude-sonnet-5': 128_000,
  'claude-haiku-5-5': 128_000,
  'gpt-5.4': 128_000,
  'gpt-5.4-mini': 128_000,
  'gpt-5.4-nano': 128_000,
  'gpt-5.6-terra': 128_000,
  'gpt-5.6-luna': 128_000,
  'gpt-5': 128_000,
  'gpt-5-mini': 128_000,
  'gpt-5-nano': 128_000,
  'gpt-4.1': 32_768,
  'gpt-4.1-mini': 32_768,
  'gpt-4.1-nano': 32_768,
  'gpt-4o': 16_384,
  // The first gpt-4o snapshot stopped at 4,096.
  'gpt-4o-2024-05-13': 4_096,
  'gpt-4o-mini': 16_384,
  o3: 100_000,
  'o4-mini': 100_000,
  'o3-mini': 100_000,
  o1: 100_000,
  'o1-mini': 65_536,
  // As their windows (context-windows.ts): the Responses-only o-series models and the search models.
  'o3-pro': 100_000,
  'o1-pro': 100_000,
  'codex-mini-latest': 100_000,
  'o3-deep-research': 100_000,
  'o4-mini-deep-research': 100_000,
  'gpt-4o-search-preview': 16_384,
  'gpt-4o-mini-search-preview': 16_384,
  'gpt-5-pro': 272_000,
  'gpt-5-codex': 128_000,
  'gpt-5.1-codex': 128_000,
  'gpt-5.1-codex-mini': 128_000,
  'gpt-5.1-codex-max': 128_000,
  'gpt-5.2-pro': 128_000,
  'gpt-5.2-codex': 128_000,
  'claude-opus-4-8': 128_000,
  'claude-opus-4-7': 128_000,
  'claude-opus-4-6': 128_000,
  'claude-sonnet-4-6': 128_000,
  'claude-opus-4-5': 64_000,
  'claude-sonnet-4-5': 64_000,
  'claude-haiku-4-5': 64_000,
  'claude-opus-4-1': 32_000,
  'claude-opus-4': 32_000,
  'claude-sonnet-4': 64_000,
  'claude-3-7-sonnet': 64_000,
  'claude-3-5-sonnet': 8_192,
  'claude-3-5-haiku': 8_192,
  'claude-3-haiku': 4_096,
  'gemini-3-pro-preview': 65_536,
  'gemini-3-flash-preview': 65_536,
  'gemini-2.5-pro': 65_536,
  'gemini-2.5-flash': 65_536,
  'gemini-2.5-flash-lite': 65_536,
  'gemini-2.0-flash': 8_192,
  'gemini-2.0-flash-lite': 8_192,
};

/**
 * The most output tokens `upstreamModel` can produce, or undefined when the table does not know
 * the model (a local server, a stand-in name): then nothing is clamped or bounded.
 *
 * @example outputLimit('claude-haiku-4-5-20251001') // 64000
 * @example outputLimit('llama3.1') // undefined
 */
export const outputLimit: (upstreamModel: string) => number | undefined = byModelName(OUTPUT_LIMITS);
