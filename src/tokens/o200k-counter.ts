import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';

/**
 * Counts o200k tokens of a text. A special token's string such as `<|endoftext|>` counts as
 * ordinary text (tiktoken's `encode_ordinary`, gpt-tokenizer's `disallowedSpecial: new Set()`), as
 * the APIs treat it in a user's message: refusing it (gpt-tokenizer's default) failed the whole
 * batch of counts it was posted with, other requests' included.
 */
export interface O200kCounter {
  count(text: string): number;
  /** Bytes held by the rank table (token bytes, offsets and hash slots). */
  readonly tableBytes: number;
}

const NOT_FOUND = -1;
const NO_RANK = 0x7fffffff;
const MERGE_CACHE_SIZE = 4096;
/** The longest word the merge cache keeps. */
const MERGE_CACHE_WORD = 256;
const BASE64 = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) BASE64[c.charCodeAt(0)] = i;

/**
 * The o200k rank table as three typed arrays (~5 MB: every token's bytes in one buffer, their
 * offsets by rank, an open-addressing hash of rank by bytes), read from gpt-tokenizer's own
 * `o200k_base.tiktoken`, and the count of gpt-tokenizer's `countTokens` (special tokens as text) computed over it: the
 * same split pattern and the same byte-pair merges, so the same counts. Importing gpt-tokenizer
 * instead compiles a 2.4 MB array literal of 200,000 strings and builds a Map of them: +60–70 MB
 * resident for the token-count thread (heap 40 MB, ~50 MB of compiler memory at its peak), which
 * a gateway pays once the first client cuts a stream (docs/measurements.md, "Gateway").
 *
 * @example loadO200kCounter().count('Summarise why a gateway should stream bytes.') // 9
 */
export function loadO200kCounter(file = createRequire(import.meta.url).resolve('gpt-tokenizer/data/o200k_base.tiktoken')): O200kCounter {
  const { bytes, offsets, slots, mask } = readRankTable(file);
  const rankOf = (piece: Uint8Array, start: number, end: number): number => {
    for (let slot = hashOf(piece, start, end) & mask; ; slot = (slot + 1) & mask) {
      const rank = slots[slot] as number;
      if (rank === NOT_FOUND) return NO_RANK;
      const at = offsets[rank] as number;
      if ((offsets[rank + 1] as number) - at !== end - start) continue;
      let same = true;
      for (let i = start; i < end; i++) {
        if (bytes[at + i - start] !== piece[i]) {
          same = false;
          break;
        }
      }
      if (same) return rank;
    }
  };
  const split = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'gu');
  const encoder = new TextEncoder();
  // Pieces that needed merging, by text: words outside the vocabulary recur (names, identifiers).
  const merged = new Map<string, number>();
  let piece = new Uint8Array(256);
  let merges = new MergeState(256);

  /**
   * Parts left after merging the piece's bytes pair by lowest rank, the leftmost of equal ranks
   * first (gpt-tokenizer's bytePairMerge, counted). The lowest pair comes off a heap and the parts
   * are a linked list: looking for it along the whole piece at each merge was quadratic in a word's
   * length, and one prompt of 40,000 "é" held the count thread for 20 s (every exact count waiting
   * behind it); 1 MB of one letter, hours.
   */
  const mergedParts = (n: number): number => {
    if (merges.capacity < n + 1) merges = new MergeState(n + 1);
    const { next, prev, pairRank, heap } = merges;
    // Part i starts at byte i and ends where part next[i] starts; n is the end.
    const pairOf = (i: number): number => {
      const j = next[i] as number;
      return j >= n ? NO_RANK : rankOf(piece, i, next[j] as number);
    };
    heap.clear();
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    next[n] = n;
    for (let i = 0; i < n - 1; i++) {
      pairRank[i] = rankOf(piece, i, i + 2);
      if (pairRank[i] !== NO_RANK) heap.push(pairRank[i] as number, i);
    }
    pairRank[n - 1] = NO_RANK;
    let parts = n;
    while (heap.size > 0) {
      const { rank, at } = heap.pop();
      // Stale: the part was merged into its left neighbour, or its pair changed since (a rank names one byte string).
      if (pairRank[at] !== rank) continue;
      const gone = next[at] as number;
      next[at] = next[gone] as number;
      if ((next[at] as number) < n) prev[next[at] as number] = at;
      pairRank[gone] = NO_RANK;
      parts--;
      pairRank[at] = pairOf(at);
      if (pairRank[at] !== NO_RANK) heap.push(pairRank[at] as number, at);
      const before = prev[at] as number;
      if (before >= 0) {
        pairRank[before] = pairOf(before);
        if (pairRank[before] !== NO_RANK) heap.push(pairRank[before] as number, before);
      }
    }
    return parts;
  };

  return {
    tableBytes: bytes.byteLength + offsets.byteLength + slots.byteLength,
    count(text) {
      let tokens = 0;
      split.lastIndex = 0;
      for (let match = split.exec(text); match !== null; match = split.exec(text)) {
        const word = match[0];
        if (piece.length < word.length * 3) piece = new Uint8Array(word.length * 3);
        const n = encoder.encodeInto(word, piece).written;
        // A piece that is itself a token is one (gpt-tokenizer looks the string up first). A lone
        // surrogate encodes as U+FFFD's bytes without being that string: merged, as there.
        if (rankOf(piece, 0, n) !== NO_RANK && !(hasReplacement(piece, n) && /\p{Cs}/u.test(word))) {
          tokens++;
          continue;
        }
        let parts = merged.get(word);
        if (parts === undefined) {
          parts = mergedParts(n);
          // Words that recur are short; a long one kept as a key held its whole text (4,096 of them).
          if (word.length <= MERGE_CACHE_WORD) {
            if (merged.size >= MERGE_CACHE_SIZE) merged.clear();
            merged.set(word, parts);
          }
        }
        tokens += parts;
      }
      return tokens;
    },
  };
}

/** FNV-1a over bytes [start, end). */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

function hasReplacement(bytes: Uint8Array, n: number): boolean {
  for (let i = 0; i + 2 < n; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  return false;
}

/**
 * Parses `<base64 bytes> <rank>\n` lines (ranks 0, 1, 2… in order) in 256 KB reads, without a
 * string per line or the whole file in memory: a 3.6 MB buffer freed after start-up stays resident
 * in the thread's malloc arena.
 */
function readRankTable(path: string): { bytes: Uint8Array; offsets: Int32Array; slots: Int32Array; mask: number } {
  const fd = openSync(path, 'r');
  let bytes: Uint8Array;
  let offsets = new Int32Array(1 << 16);
  let written = 0;
  let rank = 0;
  try {
    bytes = new Uint8Array(Math.ceil((fstatSync(fd).size * 3) / 4));
    const chunk = Buffer.alloc(1 << 18);
    let kept = 0;
    for (;;) {
      const read = readSync(fd, chunk, kept, chunk.length - kept, null);
      const end = kept + read;
      let at = 0;
      for (let nl = chunk.indexOf(10, at); nl !== -1 && nl < end; nl = chunk.indexOf(10, at)) {
        if (rank + 1 >= offsets.length) {
          const grown = new Int32Array(offsets.length * 2);
          grown.set(offsets);
          offsets = grown;
        }
        offsets[rank] = written;
        written = decodeLine(chunk, at, nl, rank, bytes, written);
        rank++;
        at = nl + 1;
      }
      if (read === 0) {
        if (at < end) throw new Error(`o200k rank table: line ${rank + 1} does not end`);
        break;
      }
      chunk.copy(chunk, 0, at, end);
      kept = end - at;
    }
  } finally {
    closeSync(fd);
  }
  offsets[rank] = written;
  let size = 1;
  while (size < rank * 2) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(NOT_FOUND);
  for (let r = 0; r < rank; r++) {
    let slot = hashOf(bytes, offsets[r] as number, offsets[r + 1] as number) & mask;
    while (slots[slot] !== NOT_FOUND) slot = (slot + 1) & mask;
    slots[slot] = r;
  }
  return { bytes: bytes.slice(0, written), offsets: offsets.slice(0, rank + 1), slots, mask };
}

/** Decodes one line's base64 token into `into` at `written`; returns the new end. */
function decodeLine(line: Buffer, start: number, end: number, rank: number, into: Uint8Array, written: number): number {
  const space = line.indexOf(32, start);
  if (space === -1 || space > end) throw new Error(`o200k rank table: line ${rank + 1} has no rank`);
  const stated = Number(line.toString('latin1', space + 1, end));
  if (stated !== rank) throw new Error(`o200k rank table: line ${rank + 1} has rank ${stated}, expected ${rank}`);
  let bits = 0;
  let value = 0;
  for (let i = start; i < space; i++) {
    const c = line[i] as number;
    if (c === 61) break; // '=' padding
    const v = c < 128 ? (BASE64[c] as number) : -1;
    if (v < 0) throw new Error(`o200k rank table: line ${rank + 1} is not base64`);
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      into[written++] = (value >> bits) & 0xff;
    }
  }
  return written;
}

/** The merge's working arrays, kept between words and grown to the longest piece seen. */
class MergeState {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** The rank of part i merged with the part after it, or NO_RANK. */
  readonly pairRank: Int32Array;
  readonly heap: PairHeap;
  constructor(readonly capacity: number) {
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.pairRank = new Int32Array(capacity);
    this.heap = new PairHeap(capacity);
  }
}

/** Whether the pair (rank, at) comes off the heap before (otherRank, otherAt): lower rank, then leftmost. */
const before = (rank: number, at: number, otherRank: number, otherAt: number): boolean => rank < otherRank || (rank === otherRank && at < otherAt);

/** A binary min-heap of (rank, position) pairs, lowest rank first and the leftmost of equal ranks. */
class PairHeap {
  private ranks: Int32Array;
  private ats: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.ranks = new Int32Array(Math.max(16, capacity));
    this.ats = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(rank: number, at: number): void {
    if (this.size === this.ranks.length) {
      const ranks = new Int32Array(this.size * 2);
      const ats = new Int32Array(this.size * 2);
      ranks.set(this.ranks);
      ats.set(this.ats);
      this.ranks = ranks;
      this.ats = ats;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(rank, at, this.ranks[parent] as number, this.ats[parent] as number)) break;
      this.ranks[i] = this.ranks[parent] as number;
      this.ats[i] = this.ats[parent] as number;
      i = parent;
    }
    this.ranks[i] = rank;
    this.ats[i] = at;
  }

  /** Takes the first pair off (the heap must not be empty). */
  pop(): { rank: number; at: number } {
    const top = { rank: this.ranks[0] as number, at: this.ats[0] as number };
    const size = --this.size;
    // The last entry moves down from the root to its place.
    const rank = this.ranks[size] as number;
    const at = this.ats[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && before(this.ranks[child + 1] as number, this.ats[child + 1] as number, this.ranks[child] as number, this.ats[child] as number)) child++;
      if (!before(this.ranks[child] as number, this.ats[child] as number, rank, at)) break;
      this.ranks[i] = this.ranks[child] as number;
      this.ats[i] = this.ats[child] as number;
      i = child;
    }
    this.ranks[i] = rank;
    this.ats[i] = at;
    return top;
  }
}
