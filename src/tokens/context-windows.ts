import { byModelName } from './model-table.js';

/**
 * The most prompt tokens each upstream model accepts in one request (its input limit: the
 * context window, less the output reserve where the vendor keeps one apart). Providers refuse a
 * longer prompt with a 400 (OpenAI `context_length_exceeded`, Anthropic "prompt is too long: N
 * tokens > M maximum", Google "The input token count (N) exceeds the maximum number of tokens
 * allowed (M)."), so the simulator refuses it as they do, and the gateway passes over a target
 * whose window the prompt is clearly past (see gateway/context-window.ts). Keys read like the
 * price table's (exact, or a prefix of a dated snapshot).
 *
 * Only models whose window the vendors' model pages state, checked 2026-12-06: GPT-4o and
 * GPT-4o mini 128,000; GPT-4.1 1,047,576; GPT-5, mini and nano 400,000 with 128,000 kept for output
 * (272,000 input); o3, o4-mini, o3-mini, o1 200,000; Claude 3 to 4.5 200,000; Gemini 2.0, 2.5 and
 * 3 `inputTokenLimit` 1,048,576. Left out, so never refused or skipped for length: models whose
 * window a request can widen (Claude Sonnet 4 and 4.5 take 1M tokens with the
 * `context-1m-2025-08-07` beta; Opus 4.6 and later, Sonnet 4.6 and later likewise) and models
 * with no copy of their page here (gpt-5.4 and later, the Claude 5 models).
 */
const CONTEXT_WINDOWS: Record<string, number> = {
  'gpt-5': 272_000,
  'gpt-5-mini': 272_000,
  'gpt-5-nano': 272_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  'gpt-4-turbo': 128_000,
  'gpt-3.5-turbo': 16_385,
  o3: 200_000,
  'o4-mini': 200_000,
  'o3-mini': 200_000,
  o1: 200_000,
  'o1-mini': 128_000,
  'claude-opus-4-5': 200_000,
  'claude-haiku-4-5': 200_000,
  'claude-opus-4-1': 200_000,
  'claude-opus-4': 200_000,
  'claude-3-7-sonnet': 200_000,
  'claude-3-5-sonnet': 200_000,
  'claude-3-5-haiku': 200_000,
  'claude-3-haiku': 200_000,
  'gemini-3-pro-preview': 1_048_576,
  'gemini-3-flash-preview': 1_048_576,
  'gemini-2.5-pro': 1_048_576,
  'gemini-2.5-flash': 1_048_576,
  'gemini-2.5-flash-lite': 1_048_576,
  'gemini-2.0-flash': 1_048_576,
  'gemini-2.0-flash-lite': 1_048_576,
};

/**
 * The most prompt tokens `upstreamModel` accepts, or undefined when the table does not know the
 * model (a local server, a stand-in name, a model whose window a beta header widens): then
 * nothing is refused or skipped for length.
 *
 * @example contextWindow('gpt-4o-mini-2024-07-18') // 128000
 * @example contextWindow('claude-sonnet-4-5') // undefined (1M with a beta header)
 */
export const contextWindow: (upstreamModel: string) => number | undefined = byModelName(CONTEXT_WINDOWS);
