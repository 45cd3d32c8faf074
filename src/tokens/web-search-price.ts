/**
 * What a vendor charges for one web search its model runs, on top of tokens.
 *
 * Anthropic: "$10 per 1,000 searches" plus the usual token costs for the results read (Anthropic's
 * pricing page, web search tool section); each search counts, a failed one does not
 * (`usage.server_tool_use.web_search_requests` counts the billed ones).
 *
 * Gemini (Grounding with Google Search): left out. What could be found (forum answers by Google
 * staff and third-party summaries of ai.google.dev/gemini-api/docs/pricing, searched 2026-12)
 * says $35 per 1,000 grounded prompts on Gemini 2.5 and older (one fee however many queries) and
 * $14 per 1,000 search queries on Gemini 3, each after a free daily or monthly allowance the
 * gateway cannot see; not confirmed on Google's page itself, and the allowance makes any one
 * request's price unknowable here. The count is on the trace; the cost counts tokens only.
 */
export const ANTHROPIC_WEB_SEARCH_USD = 10 / 1000;

/**
 * USD for `searches` web searches on Anthropic, or undefined for none.
 *
 * @example anthropicSearchUsd(3) // 0.03
 */
export function anthropicSearchUsd(searches: number): number | undefined {
  return searches > 0 ? searches * ANTHROPIC_WEB_SEARCH_USD : undefined;
}
