import { type Usage, usageFromAnthropic } from '../../tokens/usage.js';

type UsageFields = {
  server_tool_use?: { web_search_requests?: unknown } | null;
  cache_creation?: { ephemeral_1h_input_tokens?: unknown } | null;
  output_tokens_details?: { thinking_tokens?: unknown } | null;
  service_tier?: unknown;
  speed?: unknown;
  inference_geo?: unknown;
};

/**
 * A Claude stream's usage, from `message_start` and each `message_delta` (whose counts are
 * cumulative, and null for fields it does not repeat), billed as `usageFromAnthropic` bills a whole
 * message: 1-hour cache writes at their own price, searches per search, thinking tokens (within
 * the output), and the tier, speed and region `message_start` reports. One tally for every stream from Claude, relayed as is or
 * translated for an OpenAI client, so both bill alike.
 *
 * @example
 * const tally = new AnthropicUsageTally();
 * tally.add(messageStart.message.usage); tally.add(messageDelta.usage);
 * tally.usage // { inputTokens, cacheWrite1hTokens, billing, … }
 */
export class AnthropicUsageTally {
  private readonly counts: Record<string, number> = {};
  private hourWrites = 0;
  private searches = 0;
  private thinking = 0;
  private billingFields: { service_tier?: unknown; speed?: unknown; inference_geo?: unknown } = {};
  usage: Usage | undefined;

  add(usage: object | null | undefined): void {
    if (!usage) return;
    const fields = usage as UsageFields;
    for (const [key, value] of Object.entries(usage)) if (typeof value === 'number') this.counts[key] = value;
    // 1-hour cache writes cost more than 5-minute ones (Claude Code writes most of its cache for an hour).
    const hour = fields.cache_creation?.ephemeral_1h_input_tokens;
    if (typeof hour === 'number') this.hourWrites = hour;
    // Searches the web search server tool ran, billed per search (cumulative, as the token counts).
    const searches = fields.server_tool_use?.web_search_requests;
    if (typeof searches === 'number') this.searches = searches;
    // Claude's thinking, counted within output_tokens (cumulative, as they are).
    const thinking = fields.output_tokens_details?.thinking_tokens;
    if (typeof thinking === 'number') this.thinking = thinking;
    // The tier, speed and region come with message_start; a delta that repeats them says the same.
    for (const key of ['service_tier', 'speed', 'inference_geo'] as const) if (typeof fields[key] === 'string') this.billingFields[key] = fields[key];
    this.usage = usageFromAnthropic({
      ...this.counts,
      ...this.billingFields,
      cache_creation: { ephemeral_1h_input_tokens: this.hourWrites },
      server_tool_use: { web_search_requests: this.searches },
      output_tokens_details: { thinking_tokens: this.thinking },
    });
  }
}
