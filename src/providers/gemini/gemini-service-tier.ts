import type { IncomingHttpHeaders } from 'node:http';

/**
 * Gemini's Flex (half price) and Priority (75–100% more) inference tiers. The request asks in its
 * body (`service_tier: "flex"` or `"priority"`, Google's flex- and priority-inference guides); the
 * tier that served the call comes back only in this response header, never in the body: Google's
 * priority guide checks it for `standard` to see a request that was downgraded for lack of
 * capacity. The served tier is the billed one, as for OpenAI and Claude.
 */
export const GEMINI_SERVICE_TIER_HEADER = 'x-gemini-service-tier';

type Tier = 'flex' | 'priority';

/**
 * The tier to ask Gemini for, from the chat request's OpenAI `service_tier` (`flex`; `priority`
 * or its newer name `fast`); undefined for `default`, `auto` or none, which Gemini serves at standard.
 *
 * @example geminiRequestTier('fast') // 'priority'
 */
export function geminiRequestTier(serviceTier: unknown): Tier | undefined {
  if (serviceTier === 'flex') return 'flex';
  if (serviceTier === 'priority' || serviceTier === 'fast') return 'priority';
  return undefined;
}

/**
 * The tier that served a Gemini call, from its response headers, as the OpenAI `service_tier` the
 * translated answer carries (`flex`, `priority`, else `default`). The enum spelling
 * (`SERVICE_TIER_FLEX`) and any case are read the same.
 *
 * @example geminiServedTier({ 'x-gemini-service-tier': 'priority' }) // 'priority'
 * @example geminiServedTier({ 'x-gemini-service-tier': 'standard' }) // 'default'
 */
export function geminiServedTier(headers: IncomingHttpHeaders | undefined): Tier | 'default' {
  const raw = headers?.[GEMINI_SERVICE_TIER_HEADER];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase().replace(/^service_tier_/, '');
  return value === 'flex' || value === 'priority' ? value : 'default';
}
