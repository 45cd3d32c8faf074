/**
 * One pass over a prompt that yields everything the simulator needs from it: a content hash
 * (which seeds the answer), a token estimate, and hashes of prefixes for prompt caching.
 */
import { FNV_OFFSET, fnvString } from '../core/fnv-hash.js';
import { estimateTokens } from './content.js';

/** A hashed prompt prefix and its size in tokens. */
export interface PrefixCheckpoint {
  hash: number;
  tokens: number;
}

/**
 * An Anthropic `cache_control` breakpoint: its prefix, whether it asked for a one-hour lifetime
 * (`ttl: "1h"`), and how many content blocks end at or before it (`PromptDigest.blocks`), so the
 * blocks it looks back over can be found.
 */
export interface CacheBreakpoint extends PrefixCheckpoint {
  hour: boolean;
  blockCount: number;
}

/**
 * Incremental FNV-1a hash and character count. `every` > 0 records a checkpoint each time the
 * text crosses a multiple of `every` characters past `minChars` (OpenAI's automatic caching);
 * `mark()` records one on demand (Anthropic's explicit `cache_control` breakpoints), and `endBlock()`
 * the end of each content block (the places Claude looks back over for a cache hit).
 *
 * @example
 * const digest = new PromptDigest();
 * digest.message('user'); digest.add('Hello');
 * digest.tokens(); // 2 + 3 for the message framing + 3 for the reply priming
 */
export class PromptDigest {
  hash: number = FNV_OFFSET;
  chars = 0;
  /** Framing tokens (per message, per reply), added to the character estimate. */
  overhead = 3;
  readonly checkpoints: PrefixCheckpoint[] = [];
  /** Where each content block ends, in prompt order. */
  readonly blocks: PrefixCheckpoint[] = [];
  /** The `cache_control` breakpoints among `checkpoints`, with their lifetimes. */
  readonly breakpoints: CacheBreakpoint[] = [];

  constructor(
    private readonly every = 0,
    private readonly minChars = 0,
  ) {}

  /** Hashes a structural marker (role, block type, model) without counting it as text. */
  mix(tag: string): void {
    this.hash = fnvString(tag, this.hash);
  }

  /** Starts a message: its role shapes the hash, and framing costs three tokens. */
  message(role: string): void {
    this.mix(`\u0000${role}\u0000`);
    this.overhead += 3;
  }

  /** Text the model reads: hashed and counted. */
  add(text: string): void {
    let h = this.hash;
    const every = this.every;
    let chars = this.chars;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
      chars++;
      if (every > 0 && chars >= this.minChars && chars % every === 0) {
        this.checkpoints.push({ hash: h >>> 0, tokens: estimateTokens(chars) + this.overhead });
      }
    }
    this.hash = h >>> 0;
    this.chars = chars;
  }

  /** Records the prefix so far as a cache breakpoint; `hour` for a one-hour `ttl`. */
  mark(hour = false): void {
    const checkpoint = { hash: this.hash, tokens: this.tokens() };
    this.checkpoints.push(checkpoint);
    this.breakpoints.push({ ...checkpoint, hour, blockCount: this.blocks.length });
  }

  /** Records the end of a content block. */
  endBlock(): void {
    this.blocks.push({ hash: this.hash, tokens: this.tokens() });
  }

  tokens(): number {
    return estimateTokens(this.chars) + this.overhead;
  }
}

/**
 * Prefixes seen recently, per model, like a provider's prompt cache. Bounded: when full it
 * forgets everything, which is what an evicting cache looks like from outside anyway.
 *
 * @example
 * const cache = new PromptCache();
 * cache.longestSeen(checkpoints); // 0 the first time
 * cache.remember(checkpoints);
 * cache.longestSeen(checkpoints); // the largest checkpoint's tokens afterwards
 */
export class PromptCache {
  private seen = new Set<number>();

  constructor(private readonly capacity = 100_000) {}

  /** Tokens of the longest checkpoint already in the cache, 0 when none is. */
  longestSeen(checkpoints: readonly PrefixCheckpoint[]): number {
    for (let i = checkpoints.length - 1; i >= 0; i--) {
      const checkpoint = checkpoints[i];
      if (checkpoint && this.seen.has(checkpoint.hash)) return checkpoint.tokens;
    }
    return 0;
  }

  remember(checkpoints: readonly PrefixCheckpoint[]): void {
    if (this.seen.size + checkpoints.length > this.capacity) this.seen.clear();
    for (const checkpoint of checkpoints) this.seen.add(checkpoint.hash);
  }

  clear(): void {
    this.seen.clear();
  }
}
