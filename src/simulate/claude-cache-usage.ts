/**
 * What Claude's prompt cache reads and writes for one request, as Anthropic's prompt-caching guide
 * describes it: each `cache_control` breakpoint writes its prefix; a hit is looked for at the
 * breakpoint and at the content blocks before it (so a breakpoint that moves to the newest message
 * each turn reads the previous turn's prefix); and writes are split by lifetime, the prefix up to
 * the last one-hour breakpoint billed as one-hour writes and the rest as five-minute ones.
 */
import type { CacheBreakpoint, PrefixCheckpoint, PromptCache } from './prompt-digest.js';

// Anthropic caches prefixes of at least 1024 tokens (2048 on the smallest models).
const MIN_CACHEABLE_TOKENS = 1024;
// "The system automatically checks for cache hits at all previous content block boundaries (up to
// 20 blocks before your breakpoint)": a hit further back is not found.
const LOOKBACK_BLOCKS = 20;

export interface ClaudeCacheUsage {
  /** Tokens read from the cache: the longest prefix found (position A of the guide). */
  read: number;
  /** Tokens written with `ttl: "1h"`: from A to the last one-hour breakpoint past it (B − A). */
  hourWrites: number;
  /** Tokens written for five minutes: from there to the last breakpoint (C − B). */
  minuteWrites: number;
}

/**
 * Looks the request's breakpoints up in `cache`, then remembers them.
 *
 * @example
 * // A 1,500-token system prompt marked `ttl: "1h"`, then a 2,000-token first message marked 5 m:
 * claudeCacheUsage(cache, digest.breakpoints, digest.blocks) // { read: 0, hourWrites: 1500, minuteWrites: 500 }
 */
export function claudeCacheUsage(cache: PromptCache, breakpoints: readonly CacheBreakpoint[], blocks: readonly PrefixCheckpoint[]): ClaudeCacheUsage {
  const eligible = breakpoints.filter((b) => b.tokens >= MIN_CACHEABLE_TOKENS);
  const read = cache.longestSeen(lookedAt(eligible, blocks));
  cache.remember(eligible);
  const hour = Math.max(read, ...eligible.filter((b) => b.hour).map((b) => b.tokens));
  const last = Math.max(hour, eligible.at(-1)?.tokens ?? 0);
  return { read, hourWrites: hour - read, minuteWrites: last - hour };
}

/** Every prefix a hit may be found at, shortest first (as `PromptCache.longestSeen` wants them). */
function lookedAt(breakpoints: readonly CacheBreakpoint[], blocks: readonly PrefixCheckpoint[]): PrefixCheckpoint[] {
  const found = new Map<number, PrefixCheckpoint>();
  for (const breakpoint of breakpoints) {
    for (const block of blocks.slice(Math.max(0, breakpoint.blockCount - 1 - LOOKBACK_BLOCKS), breakpoint.blockCount)) found.set(block.hash, block);
    found.set(breakpoint.hash, breakpoint);
  }
  return [...found.values()].sort((a, b) => a.tokens - b.tokens);
}
