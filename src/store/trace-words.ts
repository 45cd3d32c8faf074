import { JsonText } from '../core/json-text.js';
import type { TraceRecord } from '../core/trace.js';

/** Runs of letters, digits and combining marks: the words a trace search matches (FTS5's unicode61 splits the same way). */
export const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Longer runs (a base64 blob, a hash pasted twice) are not indexed; a search rechecks the exact text anyway. */
export const MAX_WORD_CHARS = 128;

/**
 * Distinct words indexed per trace. Bounds what one trace costs the index (a 50 kB RAG prompt
 * would otherwise add thousands of entries); words past the bound are found only by the scan
 * over the newest traces.
 */
export const MAX_WORDS_PER_TRACE = 2_000;

/**
 * The lower-cased words of a search text, or undefined when it has none (punctuation, emoji).
 *
 * @example searchWords('Refund pol?') // ['refund', 'pol']
 */
export function searchWords(text: string): string[] | undefined {
  return text.toLowerCase().match(WORD) ?? undefined;
}

const NON_ASCII = /[^\x00-\x7f]/;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
/** 1 for the ASCII characters WORD matches (letters and digits). One regex for the 128 tests: a literal
 * inside the callback is a new RegExp each call, which cost ~1 ms of every process's start. */
const ASCII_WORD = new Uint8Array(128).map((_, c) => (WORD_CHARACTER.test(String.fromCharCode(c)) ? 1 : 0));

/** Slots of the words remembered (a power of two): each slot holds the last word whose hash fell in it. */
const SEEN_SLOTS = 1 << 12;
const seenWords: (string | undefined)[] = new Array<string | undefined>(SEEN_SLOTS).fill(undefined);

/**
 * Words of at least this many characters are not remembered: V8 copies a shorter slice of a string
 * into a string of its own, but makes a longer one a view that keeps the whole string it was cut
 * from alive. A remembered word that long (an answer's id, a hash) kept the lower-cased text of
 * the body it came from, ~11 MB of the PostgreSQL trace-write thread's heap under bench:gateway's
 * load (a heap snapshot: 14,771 bodies, each through one such word). Words that long are mostly
 * seen once; one that repeats is sliced anew each time.
 */
const SLICE_VIEW_CHARS = 13;

/**
 * The word `lower[start, end)` as the string remembered in its hash's slot when that is the same
 * word, else sliced anew (and, when shorter than SLICE_VIEW_CHARS, remembered there instead). The
 * traces of one application repeat most of their words (a system prompt, JSON keys): a word
 * remembered costs a comparison of its characters, not a new string and the hashing of it in every
 * set and map it then goes into (the trace's words, its batch's word blocks). At most SEEN_SLOTS
 * strings are kept, so words seen once (ids, numbers) only take a slot until another word's hash
 * falls in it.
 */
function seenWord(lower: string, start: number, end: number, hash: number): string {
  const length = end - start;
  if (length >= SLICE_VIEW_CHARS) return lower.slice(start, end);
  const slot = hash & (SEEN_SLOTS - 1);
  const seen = seenWords[slot];
  if (seen !== undefined && seen.length === length) {
    let i = 0;
    while (i < length && seen.charCodeAt(i) === lower.charCodeAt(start + i)) i++;
    if (i === length) return seen;
  }
  const word = lower.slice(start, end);
  seenWords[slot] = word;
  return word;
}

/** Slots of the table that tells whether a trace already holds a word (a power of two). */
const HELD_SLOTS = 1 << 16;
/**
 * Per slot, the trace (`traceSerial`) that last added a word hashing there, and where that word is
 * in the trace's list: an index, not the word, so the table keeps no trace's words (nor, through
 * them, its text) once the trace is done.
 */
const heldBy = new Int32Array(HELD_SLOTS);
const heldAt = new Int32Array(HELD_SLOTS);
let traceSerial = 0;

/**
 * A trace's distinct words in the order first seen, collected into an array: a `Set` per trace
 * cost a hash-table insert per word and the table itself (~70 words a trace) to the garbage
 * collector. Whether the trace holds a word already is asked of a table indexed by the word's
 * hash (the one `seenWord` computed): a slot another word of the same trace took is a
 * collision, after which the list may hold a word twice and is deduplicated before use (~4% of
 * traces of 70 words in 65,536 slots). In a loop over 128-trace batches (words, blocks, COPY
 * rows; no database) this cost the writer ~1.3 µs per trace less than a Set.
 */
class WordList {
  readonly words: string[] = [];
  private readonly serial = (traceSerial = (traceSerial + 1) | 0);
  private collided = false;

  get full(): boolean {
    if (this.words.length < MAX_WORDS_PER_TRACE) return false;
    this.distinct();
    return this.words.length >= MAX_WORDS_PER_TRACE;
  }

  /** Adds `word` (`hash` its FNV-1a hash) unless the trace holds it already. */
  addHashed(word: string, hash: number): void {
    const slot = (hash ^ (hash >>> 16)) & (HELD_SLOTS - 1);
    if (heldBy[slot] === this.serial) {
      // Found at that index, the word is held (an index `distinct` moved only misses: a duplicate it removes later).
      if (this.words[heldAt[slot] as number] === word) return;
      this.collided = true;
    }
    heldBy[slot] = this.serial;
    heldAt[slot] = this.words.length;
    this.words.push(word);
  }

  /** Adds `word`, deduplicated later (the path of non-ASCII text, where no hash was computed). */
  add(word: string): void {
    this.words.push(word);
    this.collided = true;
  }

  /** The words, each once, in the order first seen. */
  distinct(): string[] {
    if (this.collided) {
      const unique = [...new Set(this.words)];
      this.words.length = 0;
      for (const word of unique) this.words.push(word);
      this.collided = false;
    }
    return this.words;
  }
}

/**
 * The words of lower-cased ASCII text from `from` (the start of the text or just after a
 * separator), as `match(WORD)` finds them, added in order up to the bound: a scan over character
 * codes costs about half the regular expression's time (the search words are most of the trace
 * writer's own CPU per trace). `found`, when given, gets each word (and its hash) as it is added.
 */
function addAsciiWords(lower: string, words: WordList, from = 0, to = lower.length, found?: PrefixWords): void {
  let start = -1;
  let hash = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? lower.charCodeAt(i) : 0;
    if (ASCII_WORD[c] === 1) {
      if (start < 0) {
        start = i;
        hash = 0x811c9dc5;
      }
      hash = Math.imul(hash ^ c, 0x01000193);
    } else if (start >= 0) {
      if (i - start <= MAX_WORD_CHARS) {
        const word = seenWord(lower, start, i, hash);
        words.addHashed(word, hash);
        found?.add(word, hash);
      }
      start = -1;
      if (words.full) return;
    }
  }
}

/** The words of a shared prefix (see SharedPrefixes), in the order first seen, each once, with their hashes. */
class PrefixWords {
  readonly words: string[] = [];
  readonly hashes: number[] = [];
  private readonly held = new Set<string>();
  /** When the prefix was last used (SharedPrefixes' clock), so the least used one is replaced. */
  usedAt = 0;

  constructor(readonly text: string) {}

  add(word: string, hash: number): void {
    if (this.held.has(word)) return;
    this.held.add(word);
    this.words.push(word);
    this.hashes.push(hash);
  }

  /** Adds the prefix's words to `words` as the scan would have, up to the bound. */
  addTo(words: WordList): void {
    for (let i = 0; i < this.words.length; i++) {
      words.addHashed(this.words[i] as string, this.hashes[i] as number);
      if (words.full) return;
    }
  }
}

/** A text shares a prefix worth remembering with an earlier one from this many characters on. */
export const SHARED_PREFIX_CHARS = 256;
/** Shared prefixes remembered: a gateway's applications each send their own system prompt. */
const SHARED_PREFIXES = 16;
/** Texts a new one is compared with to find a prefix they share (the most recent ones). */
const RECENT_TEXTS = 4;
/** A prefix is remembered up to this many characters (a long shared conversation, a tool list). */
const MAX_PREFIX_CHARS = 64 * 1024;

/**
 * Prefixes that the lower-cased texts of successive traces share, with their words. An
 * application's requests open with the same text (the model, a system prompt of hundreds of
 * words, its tool definitions), and a conversation's next request repeats the last one's
 * messages: its words are the same in every trace, so the scan over them (~5 ns a character) is
 * done once per prefix, and a text that starts with a remembered one (`startsWith`, a native
 * comparison) only has the rest scanned. A text that starts with none is compared with the
 * recent ones; a common start of SHARED_PREFIX_CHARS or more, cut back to a separator so no word
 * straddles it, is remembered, replacing the one unused longest. Each prefix is a slice of the
 * text it was found in, which keeps that text alive: at most SHARED_PREFIXES of them.
 */
class SharedPrefixes {
  private readonly prefixes: PrefixWords[] = [];
  private readonly recent: string[] = [];
  private clock = 0;
  /** Characters scanned for words, and those whose words came from a remembered prefix (for tests and benchmarks). */
  scanned = 0;
  reused = 0;

  /** Adds the words of `lower` (lower-cased ASCII) to `words`. */
  addWords(lower: string, words: WordList): void {
    if (lower.length < SHARED_PREFIX_CHARS) {
      // Too short to share a prefix worth remembering (a key, a metadata value, an error message).
      this.scanned += lower.length;
      addAsciiWords(lower, words);
      return;
    }
    const prefix = this.find(lower);
    if (prefix) {
      prefix.usedAt = ++this.clock;
      this.reused += prefix.text.length;
      prefix.addTo(words);
      if (words.full) return;
      this.scanned += lower.length - prefix.text.length;
      addAsciiWords(lower, words, prefix.text.length);
      return;
    }
    const shared = this.sharedWithRecent(lower);
    this.scanned += lower.length;
    if (shared === undefined) {
      addAsciiWords(lower, words);
      return;
    }
    const learnt = new PrefixWords(lower.slice(0, shared));
    addAsciiWords(lower, words, 0, shared, learnt);
    // A scan the bound cut short has not seen all the prefix's words: not remembered.
    if (words.full) return;
    this.remember(learnt);
    addAsciiWords(lower, words, shared);
  }

  private find(lower: string): PrefixWords | undefined {
    // A slice compared with `===` is a native comparison of the characters: a quarter of what
    // `startsWith` cost here (V8 compares those one by one).
    for (const prefix of this.prefixes) if (lower.length >= prefix.text.length && lower.slice(0, prefix.text.length) === prefix.text) return prefix;
    return undefined;
  }

  /** The length of the longest start `lower` shares with a recent text, cut back to just after a separator, if long enough. */
  private sharedWithRecent(lower: string): number | undefined {
    let best = 0;
    for (const other of this.recent) {
      const max = Math.min(lower.length, other.length, MAX_PREFIX_CHARS);
      let n = 0;
      while (n < max && lower.charCodeAt(n) === other.charCodeAt(n)) n++;
      if (n > best) best = n;
    }
    if (this.recent.length >= RECENT_TEXTS) this.recent.shift();
    this.recent.push(lower);
    // The prefix ends just after a separator: the word the texts differ in is not in it.
    while (best > 0 && ASCII_WORD[lower.charCodeAt(best - 1)] === 1) best--;
    return best >= SHARED_PREFIX_CHARS ? best : undefined;
  }

  private remember(prefix: PrefixWords): void {
    prefix.usedAt = ++this.clock;
    if (this.prefixes.length < SHARED_PREFIXES) {
      this.prefixes.push(prefix);
      return;
    }
    let oldest = 0;
    for (let i = 1; i < this.prefixes.length; i++) if ((this.prefixes[i] as PrefixWords).usedAt < (this.prefixes[oldest] as PrefixWords).usedAt) oldest = i;
    this.prefixes[oldest] = prefix;
  }
}

const sharedPrefixes = new SharedPrefixes();

/**
 * Characters of ASCII text scanned for words so far in this thread, and those whose words came
 * from a remembered shared prefix instead (see SharedPrefixes).
 *
 * @example const before = wordScanCounts(); traceWords(trace); wordScanCounts().scanned - before.scanned
 */
export function wordScanCounts(): { scanned: number; reused: number } {
  return { scanned: sharedPrefixes.scanned, reused: sharedPrefixes.reused };
}

// A JSON escape: `\uXXXX` (a client may escape every non-ASCII letter) or one character (`\n`, `\"`).
const JSON_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|[^])/g;

/**
 * JSON text with its escapes decoded (`\u00e9` as é) or, for the rest, made separators: the
 * words of its keys, strings, numbers and literals, without parsing it.
 *
 * @example unescapedJson('{"a":"caf\\u00e9\\nok"}') // '{"a":"café ok"}'
 */
function unescapedJson(text: string): string {
  return text.includes('\\') ? text.replace(JSON_ESCAPE, (_, hex: string | undefined) => (hex ? String.fromCharCode(Number.parseInt(hex, 16)) : ' ')) : text;
}

/**
 * The distinct lower-cased words of what a trace search looks in: request and response (keys,
 * string values, numbers and booleans, as their JSON text holds them), the error message and
 * the metadata, as stored (a value with `toJSON` counts as what it serialises to). Kept JSON text
 * (the gateway's bodies) is read as text, not parsed: the same words, plus its `null` literals.
 * Computed once per trace on the writer, so the database only files them.
 *
 * @example traceWords({ request: { messages: [{ content: 'Refund policy?' }] }, response: null, errorMessage: null, metadata: null }) // ['messages', 'content', 'refund', 'policy']
 */
export function traceWords(trace: Pick<TraceRecord, 'request' | 'response' | 'errorMessage' | 'metadata'>): readonly string[] {
  const words = new WordList();
  const add = (text: string) => {
    if (words.full) return;
    if (!NON_ASCII.test(text)) {
      sharedPrefixes.addWords(text.toLowerCase(), words);
      return;
    }
    const found = text.toLowerCase().match(WORD);
    if (!found) return;
    for (const word of found) {
      if (word.length <= MAX_WORD_CHARS) words.add(word);
      if (words.full) return;
    }
  };
  const walk = (value: unknown): void => {
    if (value instanceof JsonText) add(unescapedJson(value.text));
    else if (typeof value === 'string') add(value);
    else if (typeof value === 'number' || typeof value === 'boolean') add(String(value));
    else if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      // What the store keeps: a streamed answer is kept as its SSE text until then, and its words
      // are those of the rebuilt answer, not of the chunks' framing (words split across chunks).
      walk((value as { toJSON(): unknown }).toJSON());
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        add(key);
        walk(item);
      }
    }
  };
  walk(trace.request);
  walk(trace.response);
  if (trace.errorMessage) add(trace.errorMessage);
  walk(trace.metadata);
  return words.distinct();
}
