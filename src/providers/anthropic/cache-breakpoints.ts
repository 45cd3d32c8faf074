/**
 * OpenAI's explicit prompt-cache breakpoints (`prompt_cache_breakpoint: { mode: "explicit", ttl? }`
 * on a content part, which `@langchain/openai` 1.6 and openai 7 send for gpt-5.6 and later) →
 * Claude's `cache_control`, the one way Claude caches a prefix: without it a translated request
 * that marked its shared prefix would pay the whole prompt on every call.
 */
import type { AnthropicContentBlock, AnthropicMessage, AnthropicTextBlock } from '../../core/anthropic-wire.js';
import { isJsonObject, type JsonObject } from '../../core/openai-wire.js';

/** Anthropic refuses a request with more `cache_control` blocks than this (400). */
export const MAX_CACHE_BREAKPOINTS = 4;

/** Blocks whose `cache_control` came from an OpenAI breakpoint (the client's own are never dropped). */
const translated = new WeakSet<object>();

/**
 * The `cache_control` for a part's OpenAI breakpoint, if it has one. A breakpoint with a `ttl`
 * (OpenAI's 30 minutes or 12 hours, "at least") gets Claude's longest, one hour; one without gets
 * Claude's default, five minutes (a one-hour write costs twice the input price, a five-minute one 1.25 times).
 *
 * @example breakpointCacheControl({ type: 'text', text: '…', prompt_cache_breakpoint: { mode: 'explicit' } }) // { type: 'ephemeral' }
 */
export function breakpointCacheControl(part: JsonObject): JsonObject | undefined {
  const breakpoint = part['prompt_cache_breakpoint'];
  if (!isJsonObject(breakpoint)) return undefined;
  return breakpoint['ttl'] === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: '1h' };
}

/** Sets a translated breakpoint on a block, to be counted by `capBreakpoints`. */
export function setTranslatedBreakpoint(block: AnthropicContentBlock, cacheControl: JsonObject): void {
  (block as { cache_control?: JsonObject }).cache_control = cacheControl;
  translated.add(block);
}

/**
 * Keeps a request within Claude's four `cache_control` blocks: the client's own all stay, and of
 * the translated breakpoints the last ones that fit (the longest prefixes, which cover the
 * shorter ones' tokens too). OpenAI takes up to 80 breakpoints in a conversation.
 */
export function capBreakpoints(system: AnthropicTextBlock[], messages: AnthropicMessage[]): void {
  const marked: { cache_control?: JsonObject }[] = [];
  const visit = (block: { cache_control?: JsonObject; content?: unknown }) => {
    // A tool result's own blocks come before the result itself in the prompt.
    if (Array.isArray(block.content)) for (const inner of block.content) visit(inner as { cache_control?: JsonObject });
    if (block.cache_control !== undefined) marked.push(block);
  };
  for (const block of system) visit(block);
  for (const message of messages) if (Array.isArray(message.content)) for (const block of message.content) visit(block as { cache_control?: JsonObject; content?: unknown });
  const own = marked.filter((block) => !translated.has(block)).length;
  let room = Math.max(MAX_CACHE_BREAKPOINTS - own, 0);
  for (let i = marked.length - 1; i >= 0; i--) {
    const block = marked[i]!;
    if (!translated.has(block)) continue;
    if (room > 0) room--;
    else delete block.cache_control;
  }
}

/**
 * Gives the translated breakpoints that name no lifetime Claude's one hour when the request sets
 * one for them all (`prompt_cache_options.ttl`, OpenAI's `30m` or the Responses API's `12h`, which
 * openai 7.50 added: "a breakpoint inherits the request's `prompt_cache_options.ttl`"), as a
 * breakpoint's own `ttl` does. Without it they kept Claude's five minutes while OpenAI keeps the
 * prefix at least half an hour. The client's own `cache_control` blocks are left as sent.
 *
 * @example lengthenBreakpoints(system, messages, { ttl: '12h' }) // translated { type: 'ephemeral' } → { type: 'ephemeral', ttl: '1h' }
 */
export function lengthenBreakpoints(system: AnthropicTextBlock[], messages: AnthropicMessage[], cacheOptions: unknown): void {
  if (!isJsonObject(cacheOptions) || typeof cacheOptions['ttl'] !== 'string') return;
  const visit = (block: { cache_control?: JsonObject; content?: unknown }) => {
    if (Array.isArray(block.content)) for (const inner of block.content) visit(inner as { cache_control?: JsonObject });
    if (block.cache_control !== undefined && translated.has(block) && block.cache_control['ttl'] === undefined) block.cache_control = { ...block.cache_control, ttl: '1h' };
  };
  for (const block of system) visit(block);
  for (const message of messages) if (Array.isArray(message.content)) for (const block of message.content) visit(block as { cache_control?: JsonObject; content?: unknown });
}
