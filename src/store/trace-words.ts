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
/** 1 for the ASCII characters WORD matches (letters and digits). */
const ASCII_WORD = new Uint8Array(128).map((_, c) => (/[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(c)) ? 1 : 0));

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
 * The words of lower-cased ASCII text, as `match(WORD)` finds them, added in order up to the
 * bound: a scan over character codes costs about half the regular expression's time (the
 * search words are most of the trace writer's own CPU per trace).
 */
function addAsciiWords(lower: string, words: WordList): void {
  let start = -1;
  let hash = 0;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (ASCII_WORD[c] === 1) {
      if (start < 0) {
        start = i;
        hash = 0x811c9dc5;
      }
      hash = Math.imul(hash ^ c, 0x01000193);
    } else if (start >= 0) {
      if (i - start <= MAX_WORD_CHARS) words.addHashed(seenWord(lower, start, i, hash), hash);
      start = -1;
      if (words.full) return;
    }
  }
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
      addAsciiWords(text.toLowerCase(), words);
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
