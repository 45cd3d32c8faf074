import { hashLower, KIND_DIGIT, KIND_JOINER, KIND_LOWER, KIND_MARK, KIND_NEWLINE, KIND_OTHER, KIND_SPACE, KIND_UPPER, kindOf, lowerOf } from './char-table.js';
import { LEX, type LexiconTable } from './lexicon-table.js';
import { tokenWordTable } from './token-words.js';

/** Token flags. */
export const TF = {
  LINE_START: 1 << 0, // a line break (or the text start) precedes the token
  WORD: 1 << 1,
  NUMBER: 1 << 2,
  PUNCT: 1 << 3,
  CAPITALISED: 1 << 4, // first letter upper case
  ALL_CAPS: 1 << 5, // every letter upper case, two letters or more
  JOINED: 1 << 6, // has an inner hyphen or apostrophe
  DOT_AFTER: 1 << 7, // a '.' touches the end ("St.", "Mr.")
  GLUED_BEFORE: 1 << 8, // no space between the previous token and this one
  SENTENCE_START: 1 << 9, // first token of a line or after '.', '!', '?' or ':' (punctuation between passes it on): its capital says little
  POSSESSIVE: 1 << 10, // a capitalised word (not in capitals) ending in "'s" or "’s" after two letters or more: "Amir's"
  REGION_POSSESSIVE: 1 << 11, // a POSSESSIVE whose stem is on the region list (countries, states) and on no name, English-word or nationality list: "Australia's" (no feature reads it)
} as const;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The tokens of one text as parallel typed arrays: offsets, flags and hashed facts (the
 * lower-cased word, its shape such as "Xx" or "d", prefixes, suffixes and lexicon bits). One
 * sheet is reused from text to text, so tagging allocates nothing per token. Tokenisation matches
 * `tokenize()`: a letter followed by letters, marks, apostrophes and hyphens; a digit run; or one
 * other character.
 *
 * @example const sheet = new TokenSheet(); sheet.read('Hi Ann', lexicons); sheet.count // 2
 */
export class TokenSheet {
  count = 0;
  start = new Int32Array(64);
  end = new Int32Array(64);
  flags = new Uint16Array(64);
  word = new Uint32Array(64);
  shape = new Uint32Array(64);
  prefix = new Uint32Array(64);
  suffix = new Uint32Array(64);
  suffix2 = new Uint32Array(64);
  lex = new Uint32Array(64);
  /** Which `TokenWordSet`s hold the token's word, one bit each (see `token-words.ts`). */
  words = new Uint32Array(64);
  /** Characters in the token, capped at 15. */
  length = new Uint8Array(64);
  /**
   * True when no word is capitalised ("I" and "I'm" aside): people type names in lower case too
   * ("hey its anna, can u check my order"); in a text that uses capitals, they are capitalised.
   */
  lowerCaseText = false;
  /** Bumped by every `read`: what a pass derived from an earlier text is stale once this moves. */
  generation = 0;
  private lexicons: LexiconTable | null = null;

  /** The token that starts at or first covers `offset` (binary search), or -1. */
  tokenAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.end[mid]! > offset) {
        found = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return found;
  }

  /** Lexicon bits of `text[start, end)` as one word (a part of a token: "retry" in "Retry-After"). */
  lexiconOf(text: string, start: number, end: number): number {
    return this.lexicons ? this.lexicons.get(hashLower(text, start, end)) : 0;
  }

  /** Tokenises `text` and fills the sheet; returns the token count. */
  read(text: string, lexicons: LexiconTable): number {
    this.count = 0;
    this.generation += 1;
    this.lexicons = lexicons;
    let lineStart = true;
    let capitalisedWords = 0;
    let previousEnd = -1;
    let sentenceStart = false;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const code = text.charCodeAt(i);
      const kind = kindOf(code);
      if (kind === KIND_SPACE) {
        i += 1;
        continue;
      }
      if (kind === KIND_NEWLINE) {
        lineStart = true;
        i += 1;
        continue;
      }
      const start = i;
      let flags = lineStart ? TF.LINE_START | TF.SENTENCE_START : sentenceStart ? TF.SENTENCE_START : 0;
      if (start === previousEnd) flags |= TF.GLUED_BEFORE;
      i = this.push(text, start, kind, flags);
      const t = this.count - 1;
      if (this.flags[t]! & TF.CAPITALISED && i - start > 1 && !(code === 73 && kindOf(text.charCodeAt(start + 1)) === KIND_JOINER)) capitalisedWords += 1;
      if (code === 46 && t > 0 && start === previousEnd) this.flags[t - 1]! |= TF.DOT_AFTER;
      previousEnd = i;
      lineStart = false;
      // A stop starts a sentence, and punctuation passes a pending start on ("> Ann", ': "Ann').
      if (kind === KIND_OTHER) sentenceStart = (this.flags[t]! & TF.SENTENCE_START) !== 0 || code === 46 || code === 33 || code === 63 || code === 58;
      else sentenceStart = false;
    }
    this.lowerCaseText = capitalisedWords === 0;
    this.lookUpLexicons(lexicons, text);
    return this.count;
  }

  /**
   * Reads one token starting at `start` (its first character of class `kind`) and stores it with
   * its facts, in one pass over its characters; returns the offset after it.
   */
  private push(text: string, start: number, kind: number, baseFlags: number): number {
    if (this.count === this.start.length) this.grow();
    const t = this.count;
    const n = text.length;
    let flags = baseFlags;
    let end = start + 1;
    // The last three characters lower-cased (c1 the last), for the suffix hashes: kept as the
    // loop passes them, not read from the text again.
    let c1 = lowerOf(text.charCodeAt(start));
    let c2 = 0;
    let c3 = 0;
    let hash = Math.imul(FNV_OFFSET ^ c1, FNV_PRIME);
    let prefix = 0;
    let uppers = kind === KIND_UPPER ? 1 : 0;
    let letters = kind === KIND_UPPER || kind === KIND_LOWER ? 1 : 0;
    let lastSymbol = symbolOf(kind, text.charCodeAt(start));
    let shapeHash = Math.imul(FNV_OFFSET ^ lastSymbol, FNV_PRIME);
    let symbols = 1;
    if (kind === KIND_UPPER || kind === KIND_LOWER) {
      flags |= TF.WORD;
      while (end < n) {
        const code = text.charCodeAt(end);
        const k = kindOf(code);
        if (k === KIND_UPPER) uppers += 1;
        else if (k === KIND_JOINER) flags |= TF.JOINED;
        else if (k !== KIND_LOWER && k !== KIND_MARK) break;
        if (k === KIND_UPPER || k === KIND_LOWER) letters += 1;
        c3 = c2;
        c2 = c1;
        c1 = lowerOf(code);
        hash = Math.imul(hash ^ c1, FNV_PRIME);
        if (end - start === 2) prefix = hash;
        const symbol = symbolOf(k, code);
        if (symbol !== lastSymbol && symbols < 6) {
          shapeHash = Math.imul(shapeHash ^ symbol, FNV_PRIME);
          lastSymbol = symbol;
          symbols += 1;
        }
        end += 1;
      }
    } else if (kind === KIND_DIGIT) {
      flags |= TF.NUMBER;
      while (end < n) {
        const code = text.charCodeAt(end);
        if (code < 48 || code > 57) break;
        c3 = c2;
        c2 = c1;
        c1 = code;
        hash = Math.imul(hash ^ code, FNV_PRIME);
        if (end - start === 2) prefix = hash;
        end += 1;
      }
    } else {
      flags |= TF.PUNCT;
      const code = text.charCodeAt(start);
      if (code >= 0xd800 && code <= 0xdbff && end < n) {
        hash = Math.imul(hash ^ text.charCodeAt(end), FNV_PRIME);
        end += 1;
      }
    }
    const length = end - start;
    const word = hash >>> 0;
    if (kind === KIND_UPPER) flags |= TF.CAPITALISED;
    if (uppers === letters && letters >= 2) flags |= TF.ALL_CAPS;
    this.start[t] = start;
    this.end[t] = end;
    this.flags[t] = flags;
    this.word[t] = word;
    this.shape[t] = shapeHash >>> 0;
    this.prefix[t] = length > 3 ? prefix >>> 0 : word;
    // A punctuation token is one or two code units, so c1…c3 are a word's or a number's here.
    if (length > 3) writeSuffixHash(this.suffix, t, Math.imul(Math.imul(Math.imul(SUFFIX_START ^ c3, FNV_PRIME) ^ c2, FNV_PRIME) ^ c1, FNV_PRIME));
    else this.suffix[t] = word;
    if (length > 2) writeSuffixHash(this.suffix2, t, Math.imul(Math.imul(SUFFIX_START ^ c2, FNV_PRIME) ^ c1, FNV_PRIME));
    else this.suffix2[t] = word;
    this.length[t] = length > 15 ? 15 : length;
    this.count = t + 1;
    return end;
  }

  /**
   * Lexicon bits of every word token (and every token's `TokenWordSet` bits), in a pass of its own after tokenising. The lexicon table
   * (4 MB) is mostly out of the CPU cache between requests: looked up inside the tokeniser's long
   * loop, each miss was waited for alone; in this short loop several are in flight at once.
   */
  private lookUpLexicons(lexicons: LexiconTable, text: string): void {
    const { count, flags, word, lex, start, end, words } = this;
    const sets = tokenWordTable();
    for (let t = 0; t < count; t += 1) {
      const f = flags[t]!;
      words[t] = sets.get(word[t]!);
      if (!(f & TF.WORD)) lex[t] = 0;
      else if ((f & (TF.JOINED | TF.CAPITALISED | TF.ALL_CAPS)) === (TF.JOINED | TF.CAPITALISED) && possessiveEnd(text, start[t]!, end[t]!)) {
        const stem = lexicons.get(hashLower(text, start[t]!, end[t]! - 2));
        const place = stem & (LEX.CITY | LEX.REGION) && !(stem & (LEX.FIRST_NAME | LEX.LAST_NAME));
        const region = stem & LEX.REGION && !(stem & (LEX.FIRST_NAME | LEX.LAST_NAME | LEX.COMMON | LEX.ENGLISH | LEX.DEMONYM));
        flags[t] = f | TF.POSSESSIVE | (region ? TF.REGION_POSSESSIVE : 0);
        lex[t] = place ? lexicons.get(word[t]!) : stem;
      } else lex[t] = lexicons.get(word[t]!);
    }
  }

  private grow(): void {
    const size = this.start.length * 2;
    const g = <T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.start = g(this.start, (n) => new Int32Array(n));
    this.end = g(this.end, (n) => new Int32Array(n));
    this.flags = g(this.flags, (n) => new Uint16Array(n));
    this.word = g(this.word, (n) => new Uint32Array(n));
    this.shape = g(this.shape, (n) => new Uint32Array(n));
    this.prefix = g(this.prefix, (n) => new Uint32Array(n));
    this.suffix = g(this.suffix, (n) => new Uint32Array(n));
    this.suffix2 = g(this.suffix2, (n) => new Uint32Array(n));
    this.lex = g(this.lex, (n) => new Uint32Array(n));
    this.words = g(this.words, (n) => new Uint32Array(n));
    this.length = g(this.length, (n) => new Uint8Array(n));
  }
}

/**
 * The token ends in a possessive "'s" after two letters or more ("Marie's", "Olsen’s"). A
 * capitalised one takes the lexicon bits of the name without it: looked up whole, "Marie's" is on
 * no list, and a possessive name opening a sentence ("Marie's car is outside") had nothing to tell
 * it from any other capitalised first word. A place name that is no person's name keeps the
 * whole word's bits, as the tagger was trained to read "Spain's" (given the country's bits, it
 * read "Spain's tax rules" as no place). Lower-case ones keep theirs too: in a text typed in lower case, "mcdonald's" and
 * "denny's" are shops far more often than people.
 */
function possessiveEnd(text: string, start: number, end: number): boolean {
  if (end - start < 4) return false;
  const s = text.charCodeAt(end - 1);
  const mark = text.charCodeAt(end - 2);
  return (s === 115 || s === 83) && (mark === 39 || mark === 0x2019);
}

/** Shape symbol of a character: X, x, d, or the character itself. */
function symbolOf(kind: number, code: number): number {
  return kind === KIND_UPPER ? 1 : kind === KIND_LOWER || kind === KIND_MARK ? 2 : kind === KIND_DIGIT ? 3 : 16 + code;
}

/** `mix`'s second value for suffix hashes. */
const SUFFIX_SALT = Math.imul(0x73756666, 0x9e3779b1);

/** The FNV state a suffix hash starts from (then its characters, lower-cased, as in `hashLower`). */
const SUFFIX_START = FNV_OFFSET ^ 0x5f;

/**
 * Stores the hash of a token's last characters at `out[t]`: `mix(fnv, 0x73756666)` of their FNV
 * hash from `SUFFIX_START`, written out.
 * Written into the array, not returned, and kept signed until stored (the array keeps the same 32
 * bits): an unsigned 32-bit value of 2^31 or more that leaves a call V8 did not inline is a heap
 * number, and `mix` was not inlined here (~100 heap numbers a 1.9 KB prompt).
 */
function writeSuffixHash(out: Uint32Array, t: number, fnv: number): void {
  let h = Math.imul(fnv ^ SUFFIX_SALT, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  out[t] = h ^ (h >>> 16);
}
