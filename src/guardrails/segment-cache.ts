import { sha256 } from '../core/sha256.js';
import { shared } from './shared-scans.js';

const sha256Base64 = (text: string) => sha256(text, 'base64');

/**
 * Texts shorter than this are scanned every time: hashing them costs as much as scanning them.
 * Longer short texts are worth remembering: a PII scan of "You are a support agent." takes ~10 µs
 * with the detectors' tables in the CPU cache and 50–100 µs between gateway requests, when they
 * are not, against ~1 µs for its hash, and a short system prompt comes with every call.
 */
export const MIN_CACHED_CHARS = 8;

/**
 * What a detector found in recently seen texts, keyed by the SHA-256 of the text: a gateway gets
 * the same system prompt, tool definitions, earlier turns and tool results on call after call, and
 * scanning them again gives the same answer. Only the hash and the result (spans, scores) are
 * kept, never the text; memory only, least recently used entries dropped past `maxEntries`.
 * SHA-256, not a faster hash: a text crafted to collide with a benign one would inherit its
 * verdict.
 *
 * @example
 * const cache = new SegmentCache<Finding[]>(1024);
 * cache.get(systemPrompt, (t) => detector.detect(t)); // scans; the next call with the same text does not
 */
export class SegmentCache<V> {
  private readonly entries = new Map<string, V>();
  /** Look-ups answered from the cache, and those that ran the detector (texts long enough to cache). */
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries: number) {}

  /** `compute(text)`, or what it returned for the same text (and `salt`) before. */
  get(text: string, compute: (text: string) => V, salt = ''): V {
    if (this.maxEntries <= 0 || text.length < MIN_CACHED_CHARS) return compute(text);
    // One hash per text and request, however many caches look it up (see `sharingScans`).
    const key = salt + shared(sha256Base64, text);
    const known = this.entries.get(key);
    if (known !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to drop.
      this.entries.delete(key);
      this.entries.set(key, known);
      this.hits += 1;
      return known;
    }
    this.misses += 1;
    const value = compute(text);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
