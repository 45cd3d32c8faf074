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
 * (272,000 input), and GPT-5.1 likewise (developers.openai.com/api/docs/models/gpt-5.1: "400,000
 * context window, 128,000 max output tokens"); o3, o4-mini, o3-mini, o1 200,000; Claude 3 to 4.5
 * 200,000 (Sonnet 4.5: platform.claude.com/docs/en/models/sonnet-4-5/overview, "Context window:
 * 200K tokens"); Claude Opus 4.6, 4.8, 5 and 5.5, Sonnet 4.6, 5 and 5.5, Haiku 5.5 and Fable 5.1
 * 1,000,000 (platform.claude.com/docs/en/models/<model>/overview, "Context window: 1M tokens", and
 * the lineup table on each; Anthropic's refusal names it as "> 1000000 maximum"); Opus 4.7
 * 1,000,000 (Google Cloud's Claude Opus 4.7 page, "Maximum input tokens: 1,000,000"; Bedrock's
 * model card, 1M); Gemini 2.0, 2.5 and 3 `inputTokenLimit` 1,048,576.
 *
 * Claude Sonnet 4 and 4.5 once took 1M tokens with the `context-1m-2025-08-07` beta header
 * (platform.claude.com/docs/…/build-with-claude/context-windows, 2025). Anthropic closed that beta
 * on 2026-04-30, after which a request with the header past 200,000 tokens is refused (its release
 * notes, as 24-ai.news and clauder-navi.com report them; no copy of the notes here), and its
 * current Sonnet 4.5 page gives 200K alone: so the header widens nothing here.
 * Left out, so never refused or skipped for length: Claude Sonnet 4 (retired 2026-06-15; no page
 * of its own here) and Mythos, and gpt-5.2 and later: no OpenAI page for their windows here, only
 * resellers' listings (gpt-5.4: 1,050,000 with 922,000 of input, and a refusal past it in other
 * words than the table's models get, "Input tokens exceed the configured limit of 922000 tokens",
 * as one client's test quotes it: not modelled until OpenAI's own page and refusal are at hand);
 * and any model not named.
 */
const CONTEXT_WINDOWS: Record<string, number> = {
  'gpt-5.1': 272_000,
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
  // The o-series models only the Responses API serves, and the GPT-4o search models on chat:
  // their model pages (copied by modelpedia.dev and modelmeta.dev, read 2026-12-07) give o3-pro
  // 200K in and 100K out, as o3; the rest as their families. Without them /v1/models answered
  // null and nothing was passed over for length.
  'o3-pro': 200_000,
  'o1-pro': 200_000,
  'codex-mini-latest': 200_000,
  'o3-deep-research': 200_000,
  'o4-mini-deep-research': 200_000,
  'gpt-4o-search-preview': 128_000,
  'gpt-4o-mini-search-preview': 128_000,
  // GPT-5 pro and GPT-5-Codex (Responses API only): "400,000 context window, 272,000 max output
  // tokens" and "400,000 context window, 128,000 max output tokens" on their OpenAI model pages
  // (developers.openai.com/ko-KR/api/docs/models/gpt-5-pro, "컨텍스트 윈도우: 400,000토큰, 최대 출력
  // 토큰 수: 272,000", api.koog.ai copying the English; developers.openai.com/api/docs/models/
  // gpt-5-codex; read 2026-12-07): the input is what the output leaves. models.dev's gpt-5-pro
  // (272,000 in, 128,000 out) is GPT-5's split, not this page's. Not their 5.x successors, whose
  // pages are not here.
  'gpt-5-pro': 128_000,
  'gpt-5-codex': 272_000,
  // Their 5.x successors the price table prices: 400,000 with 128,000 kept for output (272,000
  // input), as models.dev lists them from OpenAI's model pages (providers/openai/models/
  // gpt-5.1-codex.toml, -codex-mini, -codex-max, gpt-5.2-pro.toml: `context = 400_000, input =
  // 272_000, output = 128_000`; read 2026-12-07). Not gpt-5-search-api or computer-use-preview:
  // no page here states theirs (resellers' listings disagree, 128K beside 8K for the latter), so
  // they stay unlimited here rather than refused for a length they may take.
  'gpt-5.1-codex': 272_000,
  'gpt-5.1-codex-mini': 272_000,
  'gpt-5.1-codex-max': 272_000,
  'gpt-5.2-pro': 272_000,
  // GPT-5.2-Codex: "400,000 context window, 128,000 max output tokens" on OpenAI's model page
  // (api.koog.ai's copy of it; platform.openai.com/docs/models/gpt-5.2-codex through a reader's
  // copy gives the 128,000; models.dev `context = 400_000, output = 128_000`; read 2026-12-07).
  'gpt-5.2-codex': 272_000,
  'claude-fable-5-1': 1_000_000,
  'claude-opus-5-5': 1_000_000,
  'claude-opus-5': 1_000_000,
  'claude-sonnet-5-5': 1_000_000,
  'claude-sonnet-5': 1_000_000,
  'claude-haiku-5-5': 1_000_000,
  'claude-opus-4-8': 1_000_000,
  'claude-opus-4-7': 1_000_000,
  'claude-opus-4-6': 1_000_000,
  'claude-sonnet-4-6': 1_000_000,
  'claude-opus-4-5': 200_000,
  'claude-sonnet-4-5': 200_000,
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
 * model (a local server, a stand-in name): then nothing is refused or skipped for length.
 *
 * @example contextWindow('gpt-4o-mini-2024-07-18') // 128000
 * @example contextWindow('claude-sonnet-4-5-20250929') // 200000 (the 1M beta closed on 2026-04-30)
 */
export const contextWindow: (upstreamModel: string) => number | undefined = byModelName(CONTEXT_WINDOWS);

/**
 * Models whose entry above is the input limit alone, their output kept apart: GPT-5 and 5.1, the
 * codex models and GPT-5.2 pro (272,000 in and 128,000 out of 400,000), GPT-5 pro (128,000 in and
 * 272,000 out) and Gemini (`inputTokenLimit` and `outputTokenLimit`
 * listed apart by models.get). A prompt within the limit and a cap within the output limit fit
 * together there; elsewhere prompt and output share the window.
 */
const OUTPUT_APART = byModelName<true>({
  'gpt-5.1': true, 'gpt-5': true, 'gpt-5-mini': true, 'gpt-5-nano': true,
  'gpt-5-pro': true, 'gpt-5-codex': true, 'gpt-5.1-codex': true, 'gpt-5.1-codex-mini': true, 'gpt-5.1-codex-max': true, 'gpt-5.2-pro': true, 'gpt-5.2-codex': true,
  'gemini-3-pro-preview': true, 'gemini-3-flash-preview': true, 'gemini-2.5-pro': true, 'gemini-2.5-flash': true,
  'gemini-2.5-flash-lite': true, 'gemini-2.0-flash': true, 'gemini-2.0-flash-lite': true,
});

/**
 * The window a prompt and its output cap must fit together in (OpenAI and Anthropic refuse a
 * request whose prompt plus `max_tokens` is past it), or undefined when the model keeps its output
 * apart or the table does not know it.
 *
 * @example sharedWindow('gpt-4o-mini') // 128000
 * @example sharedWindow('gpt-5') // undefined (272,000 in, 128,000 out)
 */
export function sharedWindow(upstreamModel: string): number | undefined {
  return OUTPUT_APART(upstreamModel) ? undefined : contextWindow(upstreamModel);
}
