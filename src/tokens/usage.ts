import { anthropicSearchUsd, openAIChatSearchUsd, openAISearchUsd } from './web-search-price.js';
import { type AnthropicBillingFields, type BillingModifiers, anthropicBilling, openAIBilling } from './billing-modifiers.js';

/** Token usage in one shape for every provider, as accounting and traces need it. */
export interface Usage {
  /** All input tokens, cached ones included. */
  inputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of inputTokens). */
  cachedTokens: number;
  /** Input tokens written to the provider's prompt cache (Anthropic bills them at a premium). */
  cacheWriteTokens: number;
  /** Of `cacheWriteTokens`, those written for an hour (Claude's 1-hour cache, 2x input rather than 1.25x); absent for none. */
  cacheWrite1hTokens?: number;
  /** Of `cacheWriteTokens`, those written for 12 hours (OpenAI's, openai 7.50's `cache_write_tokens_details.ttl_12h_tokens`); absent for none. */
  cacheWrite12hTokens?: number;
  /** All output tokens, reasoning ones included. */
  outputTokens: number;
  reasoningTokens: number;
  /** True when counted locally because the provider reported none, or none that could be read. */
  estimated: boolean;
  /**
   * The provider reported a figure that is no count (negative, fractional, past 100 million, not a
   * number): it was read as 0 here, and the gateway counts the call's tokens itself (`reportedUsage`).
   */
  unreadable?: true;
  /** Web searches the model ran (Claude's web search tool, Gemini's Google Search grounding); absent for none. */
  webSearches?: number;
  /** What those searches cost at the vendor's list price (see web-search-price.ts); absent when unknown. */
  webSearchUsd?: number;
  /**
   * How the provider says it served and bills the call, when not at its standard price (see
   * billing-modifiers.ts): the tier of the *response* (`flex`, `priority`), Claude's fast mode,
   * Claude's US-only inference. Absent for a standard call.
   */
  billing?: BillingModifiers;
}

export const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  estimated: false,
});

/**
 * Two calls' usage together (an answer and the re-asks before it). Estimated when either was.
 *
 * @example addUsage(first, second).inputTokens // first.inputTokens + second.inputTokens
 */
export function addUsage(a: Usage, b: Usage): Usage {
  // One price list bills the sum: the later call's tier (an answer after its re-asks).
  return withBilling(withSearches(
    withLongWrites(
      {
        inputTokens: a.inputTokens + b.inputTokens,
        cachedTokens: a.cachedTokens + b.cachedTokens,
        cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
        outputTokens: a.outputTokens + b.outputTokens,
        reasoningTokens: a.reasoningTokens + b.reasoningTokens,
        estimated: a.estimated || b.estimated,
      },
      (a.cacheWrite1hTokens ?? 0) + (b.cacheWrite1hTokens ?? 0),
      (a.cacheWrite12hTokens ?? 0) + (b.cacheWrite12hTokens ?? 0),
    ),
    (a.webSearches ?? 0) + (b.webSearches ?? 0),
    a.webSearchUsd === undefined && b.webSearchUsd === undefined ? undefined : (a.webSearchUsd ?? 0) + (b.webSearchUsd ?? 0),
  ), b.billing ?? a.billing);
}

/**
 * `usage` with its long-lived cache writes, Claude's 1-hour and OpenAI's 12-hour ones, when there
 * were any (together no more than its cache writes; each absent otherwise).
 */
function withLongWrites(usage: Usage, hour: number, halfDay = 0): Usage {
  const hourWrites = Math.min(hour, usage.cacheWriteTokens);
  if (hourWrites > 0) usage.cacheWrite1hTokens = hourWrites;
  const halfDayWrites = Math.min(halfDay, usage.cacheWriteTokens - Math.max(hourWrites, 0));
  if (halfDayWrites > 0) usage.cacheWrite12hTokens = halfDayWrites;
  return usage;
}

/** `usage` with its billing modifiers, when there are any (the field stays absent otherwise). */
export function withBilling(usage: Usage, billing: BillingModifiers | undefined): Usage {
  if (billing) usage.billing = billing;
  return usage;
}

/** `usage` with its web searches, when there were any (the fields stay absent otherwise). */
export function withSearches(usage: Usage, searches: number, usd: number | undefined): Usage {
  if (searches > 0) usage.webSearches = searches;
  if (usd !== undefined && usd > 0) usage.webSearchUsd = usd;
  return usage;
}

/**
 * `total` without `part` (an answer booked among earlier attempts that is delivered after all);
 * no field goes below zero. Estimated when `total` was.
 *
 * @example subtractUsage(addUsage(first, second), second).inputTokens // first.inputTokens
 */
export function subtractUsage(total: Usage, part: Usage): Usage {
  return withBilling(withSearches(
    withLongWrites(
      {
        inputTokens: Math.max(0, total.inputTokens - part.inputTokens),
        cachedTokens: Math.max(0, total.cachedTokens - part.cachedTokens),
        cacheWriteTokens: Math.max(0, total.cacheWriteTokens - part.cacheWriteTokens),
        outputTokens: Math.max(0, total.outputTokens - part.outputTokens),
        reasoningTokens: Math.max(0, total.reasoningTokens - part.reasoningTokens),
        estimated: total.estimated,
      },
      (total.cacheWrite1hTokens ?? 0) - (part.cacheWrite1hTokens ?? 0),
      (total.cacheWrite12hTokens ?? 0) - (part.cacheWrite12hTokens ?? 0),
    ),
    Math.max(0, (total.webSearches ?? 0) - (part.webSearches ?? 0)),
    total.webSearchUsd === undefined ? undefined : Math.max(0, total.webSearchUsd - (part.webSearchUsd ?? 0)),
  ), total.billing);
}

interface OpenAIUsageLike {
  /** The searches an OpenAI-compatible router's own web search ran (OpenRouter, in Anthropic's name for it). */
  server_tool_use?: { web_search_requests?: number | null } | null;
  prompt_tokens?: number;
  completion_tokens?: number;
  /** `cache_write_tokens`: OpenAI's cache writes, and Anthropic's carried through translation. */
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

/** More tokens than any model's context and answer hold: a figure past it is no count. */
const MAX_REPORTED_TOKENS = 100_000_000;

/**
 * An upstream's token figures read as counts: a figure that is none (negative, fractional, past
 * {@link MAX_REPORTED_TOKENS}, or no number at all) reads as 0 and marks the usage `unreadable`, so
 * the call is counted locally instead. The figures price the call, charge budgets and feed
 * counters: 1e308 tokens summed to Infinity, which prom-client threw on from a timer, ending the
 * process; a negative one refunded a budget; booked as 0, a hostile upstream's calls were free.
 * An absent figure (undefined, or Anthropic's null) is 0 and no sign of anything.
 *
 * @example const counts = new ReportedCounts(); counts.of(-5); counts.mark(usage).unreadable // true
 */
class ReportedCounts {
  private unreadable = false;

  of(value: unknown): number {
    if (value === undefined || value === null) return 0;
    if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_REPORTED_TOKENS) return value as number;
    this.unreadable = true;
    return 0;
  }

  mark(usage: Usage): Usage {
    if (this.unreadable) usage.unreadable = true;
    return usage;
  }
}

/**
 * The usage a provider reported, or undefined when it reported none or none that could be read
 * (`unreadable`): then the gateway counts the call's tokens itself, as `estimated`.
 *
 * @example reportedUsage(usageFromOpenAI({ prompt_tokens: -5 })) // undefined
 */
export function reportedUsage(usage: Usage | undefined): Usage | undefined {
  return usage?.unreadable ? undefined : usage;
}

/**
 * Reads OpenAI's `usage` object (chat completions and embeddings), with the answer's `service_tier`
 * (a field of the completion or chunk, beside `usage`): the tier that served the call is the one billed.
 *
 * @example usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 2 }, 'flex').billing // { serviceTier: 'flex' }
 */
export function usageFromOpenAI(usage: OpenAIUsageLike, serviceTier?: unknown): Usage {
  const count = new ReportedCounts();
  const read: Usage = {
    inputTokens: count.of(usage.prompt_tokens),
    cachedTokens: count.of(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: count.of(usage.prompt_tokens_details?.cache_write_tokens),
    outputTokens: count.of(usage.completion_tokens),
    reasoningTokens: count.of(usage.completion_tokens_details?.reasoning_tokens),
    estimated: false,
  };
  // Counted only when reported (a plain chat completion allocates nothing more); priced by the
  // config's web_search_usd, as the router's fee per search is its own.
  if (usage.server_tool_use) withSearches(read, count.of(usage.server_tool_use.web_search_requests), undefined);
  return count.mark(withBilling(read, openAIBilling(serviceTier)));
}

/**
 * A chat completion's usage from one of OpenAI's search models, with the search every call to one
 * runs and its usage does not mention (`openAIChatSearchUsd`); unchanged for any other model, or
 * when the upstream counted searches itself.
 *
 * @example withChatSearch(usageFromOpenAI({ prompt_tokens: 9 }), 'gpt-5-search-api') // { …, webSearches: 1, webSearchUsd: 0.01 }
 */
export function withChatSearch(usage: Usage | undefined, model: string): Usage | undefined {
  if (!usage || usage.webSearches !== undefined) return usage;
  const usd = openAIChatSearchUsd(model);
  return usd === undefined ? usage : withSearches(usage, 1, usd);
}

interface AnthropicUsageLike extends AnthropicBillingFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  /** How the cache writes split by lifetime (Claude sends it with every usage). */
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null;
  server_tool_use?: { web_search_requests?: number | null } | null;
  /** Claude's thinking, counted within output_tokens (Anthropic SDK's `OutputTokensDetails`). */
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Reads Anthropic's `usage`, whose input_tokens exclude cache reads and writes; cache writes keep
 * how many were 1-hour ones (billed higher); web searches are billed per search; its `service_tier`,
 * `speed` and `inference_geo` say how the call is billed.
 *
 * @example usageFromAnthropic({ input_tokens: 5, cache_creation_input_tokens: 900, cache_creation: { ephemeral_1h_input_tokens: 900 } }).cacheWrite1hTokens // 900
 */
export function usageFromAnthropic(usage: AnthropicUsageLike): Usage {
  const count = new ReportedCounts();
  const cached = count.of(usage.cache_read_input_tokens);
  const written = count.of(usage.cache_creation_input_tokens);
  const searches = count.of(usage.server_tool_use?.web_search_requests);
  return count.mark(withBilling(withSearches(
    withLongWrites(
      {
        inputTokens: count.of(usage.input_tokens) + cached + written,
        cachedTokens: cached,
        cacheWriteTokens: written,
        outputTokens: count.of(usage.output_tokens),
        reasoningTokens: count.of(usage.output_tokens_details?.thinking_tokens),
        estimated: false,
      },
      count.of(usage.cache_creation?.ephemeral_1h_input_tokens),
    ),
    searches,
    anthropicSearchUsd(searches),
  ), anthropicBilling(usage)));
}

/** The parts of a Response that say what OpenAI's own tools ran. */
export interface ResponseToolsLike {
  /** openai 7.46: the hosted tools' usage, `web_search.num_requests` among it. */
  tool_usage?: { web_search?: { num_requests?: number | null } | null } | null;
  output?: readonly unknown[] | null;
}

/**
 * The web searches OpenAI ran for a Response (its built-in `web_search` tool, billed per call):
 * `tool_usage.web_search.num_requests`, else the `web_search_call` items of its output that searched.
 *
 * @example openAIResponseSearches({ tool_usage: { web_search: { num_requests: 2 } } }) // 2
 */
export function openAIResponseSearches(response: ResponseToolsLike): number {
  const counted = response.tool_usage?.web_search?.num_requests;
  // Held to the bound a token count is (a 1e308 summed to Infinity in the rollups); past it, or
  // none, the search calls of the output are counted instead.
  if (typeof counted === 'number' && Number.isInteger(counted) && counted >= 0 && counted <= MAX_REPORTED_TOKENS) return counted;
  if (!Array.isArray(response.output)) return 0;
  return response.output.filter((item) => {
    const call = item as { type?: unknown; status?: unknown; action?: { type?: unknown } | null } | null;
    return call?.type === 'web_search_call' && call.status === 'completed' && (call.action?.type ?? 'search') === 'search';
  }).length;
}

/**
 * A Response's usage with the web searches OpenAI ran for it, each at OpenAI's price per call
 * (see web-search-price.ts).
 *
 * @example usageOfResponse({ usage: { input_tokens: 9 }, tool_usage: { web_search: { num_requests: 2 } } }).webSearchUsd // 0.02
 */
export function usageOfResponse(response: ResponseToolsLike & { usage: ResponsesUsageLike; service_tier?: unknown }): Usage {
  const searches = openAIResponseSearches(response);
  return withSearches(usageFromResponses(response.usage, response.service_tier), searches, openAISearchUsd(searches));
}

interface ResponsesUsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  input_tokens_details?: {
    cached_tokens?: number | null;
    cache_write_tokens?: number | null;
    /** openai 7.40 and 7.50: the writes by lifetime, `ttl_30m_tokens` and `ttl_12h_tokens`. */
    cache_write_tokens_details?: { ttl_30m_tokens?: number | null; ttl_12h_tokens?: number | null } | null;
  } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * Reads the OpenAI Responses API's `usage` (input tokens include cached ones, output tokens reasoning
 * ones), with the response's `service_tier` (the tier billed).
 *
 * @example usageFromResponses({ input_tokens: 20, output_tokens: 9, output_tokens_details: { reasoning_tokens: 4 } }).reasoningTokens // 4
 */
export function usageFromResponses(usage: ResponsesUsageLike, serviceTier?: unknown): Usage {
  const count = new ReportedCounts();
  const details = usage.input_tokens_details;
  return count.mark(withBilling(withLongWrites({
    inputTokens: count.of(usage.input_tokens),
    cachedTokens: count.of(details?.cached_tokens),
    cacheWriteTokens: count.of(details?.cache_write_tokens),
    outputTokens: count.of(usage.output_tokens),
    reasoningTokens: count.of(usage.output_tokens_details?.reasoning_tokens),
    estimated: false,
  }, 0, count.of(details?.cache_write_tokens_details?.ttl_12h_tokens)), openAIBilling(serviceTier)));
}
