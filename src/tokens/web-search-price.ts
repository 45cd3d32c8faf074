/**
 * What a vendor charges for one web search its model runs, on top of tokens.
 *
 * Anthropic: "$10 per 1,000 searches" plus the usual token costs for the results read (Anthropic's
 * pricing page, web search tool section); each search counts, a failed one does not
 * (`usage.server_tool_use.web_search_requests` counts the billed ones).
 *
 * Gemini (Grounding with Google Search), from ai.google.dev/gemini-api/docs/pricing as Google
 * staff restate it on discuss.ai.google.dev (searched 2026-12): Gemini 2.5 and 2.0 (and 1.5) bill
 * $35 per 1,000 grounded prompts, one fee per request that searched however many queries it ran
 * ("each API call using the google_search tool counts as a single billable grounding request");
 * Gemini 3 bills $14 per 1,000 search queries, each query. Both come after a free allowance
 * (1,500 grounded prompts a day on 2.5; 5,000 prompts a month on 3) that is counted per Google
 * account or project, which the gateway cannot see: it is ignored, so a trace's cost is the list
 * price, an upper bound for an account still inside its allowance. Another model name (an alias
 * like `gemini-flash-latest`, a major version not listed) stays unpriced.
 */
export const ANTHROPIC_WEB_SEARCH_USD = 10 / 1000;

/**
 * OpenAI: "$10 / 1k calls" for the Responses API's `web_search` tool on every model, search content
 * tokens billed at the model's rates (OpenAI's pricing page, built-in tools, as OpenAI staff restate
 * it on community.openai.com; modelcostwatch.com's copy of the page, checked 2026-03-12; searched
 * 2026-12-07). The older `web_search_preview` on a non-reasoning model (gpt-4o, gpt-4.1) is $25 per
 * 1,000 with free content tokens: the answer does not say which tool ran, so every search is billed
 * at $10 here, and a config's `price.web_search_usd` sets another figure.
 */
export const OPENAI_WEB_SEARCH_USD = 10 / 1000;

/**
 * USD for `searches` web searches on Anthropic, or undefined for none.
 *
 * @example anthropicSearchUsd(3) // 0.03
 */
export function anthropicSearchUsd(searches: number): number | undefined {
  return searches > 0 ? searches * ANTHROPIC_WEB_SEARCH_USD : undefined;
}

/**
 * USD for `searches` web searches OpenAI ran for a Response, or undefined for none.
 *
 * @example openAISearchUsd(3) // 0.03
 */
export function openAISearchUsd(searches: number): number | undefined {
  return searches > 0 ? searches * OPENAI_WEB_SEARCH_USD : undefined;
}

/**
 * OpenAI's search models on Chat Completions (`gpt-4o-search-preview`, `gpt-4o-mini-search-preview`,
 * `gpt-5-search-api`, and their dated snapshots) search the web on every call, with or without
 * `web_search_options` (LiteLLM's web search docs; OpenAI staff on community.openai.com: a "fixed
 * fee always there per use"), and their usage says nothing of it. The GPT-4o ones are billed at the
 * non-reasoning preview rate, "$25 / 1k calls" with the search content tokens free; the others at
 * "$10 / 1k calls" (the same restatements of OpenAI's pricing page as above, searched 2026-12-07).
 * A config's `price.web_search_usd` sets another figure.
 *
 * @example openAIChatSearchUsd('gpt-4o-mini-search-preview') // 0.025
 * @example openAIChatSearchUsd('gpt-5-search-api') // 0.01
 * @example openAIChatSearchUsd('gpt-5') // undefined (no search of its own on chat)
 */
export function openAIChatSearchUsd(model: string): number | undefined {
  if (!OPENAI_CHAT_SEARCH_MODEL.test(model)) return undefined;
  return model.startsWith('gpt-4o') ? OPENAI_NON_REASONING_SEARCH_USD : OPENAI_WEB_SEARCH_USD;
}

const OPENAI_CHAT_SEARCH_MODEL = /^gpt-[\w.]+?(?:-mini)?-search-(?:preview|api)(?:$|-)/;
/** `web_search_preview` on a non-reasoning model, and the GPT-4o search models on chat. */
export const OPENAI_NON_REASONING_SEARCH_USD = 25 / 1000;

/** Gemini 2.5 / 2.0: per grounded prompt (a response whose answer searched), whatever its queries. */
export const GEMINI_GROUNDED_PROMPT_USD = 35 / 1000;
/** Gemini 3: per search query the model ran. */
export const GEMINI_SEARCH_QUERY_USD = 14 / 1000;

/**
 * USD for a Gemini answer grounded by `searches` Google Search queries, by how Google bills
 * `model`; undefined for none, or for a model whose grounding price is not known.
 *
 * @example geminiSearchUsd('gemini-2.5-flash', 3) // 0.035
 * @example geminiSearchUsd('gemini-3-pro-preview', 3) // 0.042
 */
export function geminiSearchUsd(model: string, searches: number): number | undefined {
  if (searches <= 0) return undefined;
  const major = /^(?:models\/)?gemini-(\d+)(?:[.-]|$)/.exec(model)?.[1];
  if (major === '3') return searches * GEMINI_SEARCH_QUERY_USD;
  return major === '1' || major === '2' ? GEMINI_GROUNDED_PROMPT_USD : undefined;
}
