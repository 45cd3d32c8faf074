import { hashLower } from './char-table.js';
import { isInterjection, personSignAfter } from './imperatives.js';
import { LEX, type LexiconTable } from './lexicon-table.js';

// A word on a name or place list that is no everyday word ("Monica", "Goyette", "sydney").
const NAME_OR_PLACE = LEX.FIRST_NAME | LEX.LAST_NAME | LEX.CITY | LEX.REGION | LEX.DEMONYM;
const EVERYDAY = LEX.FUNCTION | LEX.COMMON;
// Words that announce a person or an address: "dear", "mr", "called", "street", "apt", "live".
const CUE = LEX.TITLE | LEX.NAME_CUE | LEX.PLACE_CUE | LEX.STREET_TYPE | LEX.UNIT;
// Capitalised words that alone hold no name: months and weekdays ("charged in March").
const IDLE_CAPITAL = LEX.CALENDAR;

/**
 * The text with every sentence that cannot hold a person or a place blanked out (its characters
 * but line breaks turned into spaces, so offsets and lines hold), for the name tagger to skip: a
 * sentence is kept when it has a capitalised word after its first (other than the pronoun "I" and
 * months and weekdays) or a capital inside a word, a first word that is a name, a place, a cue
 * ("Dear", "Mr") or on no word list at all, a letter outside Latin script (scripts without case),
 * or, in a text written without capitals, a lower-case word of those kinds. Redaction
 * placeholders ("<EMAIL_1>", in a model's answer) are not words. `pad`
 * sentences on each side of a kept one are kept too, as the context the tagger's rules read
 * ("Best regards,\nAnke"). A sentence ends at a line break or at ".", "!" or "?" before a space.
 * Returns `text` itself when every sentence is kept.
 *
 * @example blankIdleSentences('Thanks a lot. I met Ann.', lexicons, 0) // '              I met Ann.'
 */
export function blankIdleSentences(text: string, lexicons: LexiconTable, pad: number): string {
  const n = text.length;
  // Sentence bounds and whether each is kept, as flat arrays (a 2 KB prompt has ~20 sentences).
  const cased = isCased(text);
  const starts: number[] = [];
  const kept: boolean[] = [];
  // Where the next line break and stops are: once a sentence is kept only these can end it, so
  // the scan jumps from one to the next (a native search each) instead of testing every character.
  const marks = new Marks(text);
  let start = 0;
  while (start < n) {
    let end = start;
    let keep = false;
    let first = true;
    let i = start;
    for (; i < n; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i += 1;
        break;
      }
      if ((c === 46 || c === 33 || c === 63) && endsSentence(text, i + 1) && !(c === 46 && abbreviationBefore(text, i, lexicons))) {
        i += 1;
        break;
      }
      if (keep) {
        i = marks.after(i) - 1;
        continue;
      }
      if (c === 60) {
        // A redaction placeholder ("<EMAIL_1>", "<STREET_ADDRESS_2>" in an answer) names nothing.
        const after = placeholderEnd(text, i);
        if (after > 0) {
          first = false;
          i = after - 1;
          continue;
        }
      }
      if (!isLetter(c)) continue;
      // A word: letters, marks, apostrophes and hyphens.
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j += 1;
      keep = keeps(text, i, j, first, cased, lexicons);
      first = false;
      i = j - 1;
    }
    // A sentence ends after its line break or stop (the spaces after a stop start the next one).
    end = i;
    starts.push(start);
    kept.push(keep);
    start = end;
  }
  starts.push(n);
  const count = kept.length;
  if (kept.every(Boolean)) return text;
  // Short lines next to a kept line are kept too: the lines of an address or a signature block
  // (", nan\n 51971", "MOSS") say little alone.
  // So is a line that opens with a number after a kept line (a postal code: " 60810 It serves…").
  for (let s = 1; s < count; s += 1) if (!kept[s] && kept[s - 1] && (shortLine(text, starts[s]!, starts[s + 1]!) || numberLine(text, starts[s]!))) kept[s] = true;
  for (let s = count - 2; s >= 0; s -= 1) if (!kept[s] && kept[s + 1] && shortLine(text, starts[s]!, starts[s + 1]!)) kept[s] = true;
  if (kept.every(Boolean)) return text;
  const keepWide = kept.slice();
  if (pad > 0) {
    for (let s = 0; s < count; s += 1) {
      if (!kept[s]) continue;
      for (let d = 1; d <= pad; d += 1) {
        if (s - d >= 0) keepWide[s - d] = true;
        if (s + d < count) keepWide[s + d] = true;
      }
    }
    if (keepWide.every(Boolean)) return text;
  }
  const out: string[] = [];
  for (let s = 0; s < count; s += 1) {
    const a = starts[s]!;
    const b = starts[s + 1]!;
    out.push(keepWide[s] ? text.slice(a, b) : blank(text, a, b));
  }
  return out.join('');
}

/**
 * Whether the word text[i, j) makes its sentence one the tagger must read. In a cased text
 * (`cased`) only capitalised words can be names, so lower-case words are not looked up at all
 * (the lexicon is a 4 MB table: a probe is a cache miss, and a prompt has hundreds of words).
 */
function keeps(text: string, i: number, j: number, first: boolean, cased: boolean, lexicons: LexiconTable): boolean {
  const c = text.charCodeAt(i);
  for (let k = i; k < j; k += 1) if (text.charCodeAt(k) > 0x24f) return true; // beyond Latin: Cyrillic, Greek, CJK, Arabic…
  if (!isUpperLatin(c)) {
    // Capitals inside a word ("iPhone", "van Dijk" is two words): the tagger reads those too.
    for (let k = i + 1; k < j; k += 1) if (isUpperLatin(text.charCodeAt(k))) return true;
    if (cased) return false;
    const bits = lexicons.get(hashLower(text, i, j));
    return (bits & EVERYDAY) === 0 || (bits & CUE) !== 0;
  }
  // The pronoun "I" ("I", "I'm", "I’ll") says nothing.
  if (isPronounI(text, i)) return false;
  const bits = lexicons.get(hashLower(text, i, j));
  if (!first) return (bits & IDLE_CAPITAL) === 0 || (bits & NAME_OR_PLACE & ~LEX.FIRST_NAME & ~LEX.LAST_NAME) !== 0;
  // A sentence's first word unless an everyday word ("Thanks", "Could"): names, places, rarer
  // words ("Snider" is a less frequent English word), words on no list ("Emeka") and cues ("Dear").
  // A given name that is also an everyday word is kept when the next word is a sign of a person
  // ("Drew will review it", "Bob wrote this code", "Pat and I"), as `commandOpening` reads it, so
  // the model decides; "Drew a map", "Mark down the price" stay idle.
  return (bits & EVERYDAY) === 0 || (bits & CUE) !== 0 || ((bits & LEX.FIRST_NAME) !== 0 && !isInterjection(hashLower(text, i, j)) && personSignAfter(text, j));
}

/** The offsets of the next line break, '.', '!' and '?' in a text (its length when there is none). */
class Marks {
  private line = -1;
  private stop = -1;
  private bang = -1;
  private ask = -1;

  constructor(private readonly text: string) {}

  /** The first offset after `i` holding one of the four (the text's length if none). */
  after(i: number): number {
    const { text } = this;
    if (this.line <= i) this.line = nextOf(text, '\n', i + 1);
    if (this.stop <= i) this.stop = nextOf(text, '.', i + 1);
    if (this.bang <= i) this.bang = nextOf(text, '!', i + 1);
    if (this.ask <= i) this.ask = nextOf(text, '?', i + 1);
    return Math.min(this.line, this.stop, this.bang, this.ask);
  }
}

function nextOf(text: string, mark: string, from: number): number {
  const at = text.indexOf(mark, from);
  return at < 0 ? text.length : at;
}

/** Whether the sentence text[a, b) is a whole line of at most SHORT_LINE characters (it starts a line and ends at one). */
function shortLine(text: string, a: number, b: number): boolean {
  const startsLine = a === 0 || text.charCodeAt(a - 1) === 10;
  const endsLine = b >= text.length || text.charCodeAt(b - 1) === 10;
  return startsLine && endsLine && b - a <= SHORT_LINE;
}

const SHORT_LINE = 40;

/** Whether the sentence at `a` starts a line with a number (after spaces). */
function numberLine(text: string, a: number): boolean {
  if (a > 0 && text.charCodeAt(a - 1) !== 10) return false;
  while (a < text.length && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a += 1;
  const c = text.charCodeAt(a);
  return c >= 48 && c <= 57;
}

function blank(text: string, a: number, b: number): string {
  let out = '';
  let from = a;
  for (let k = a; k < b; k += 1) {
    if (text.charCodeAt(k) !== 10) continue;
    out += ' '.repeat(k - from) + '\n';
    from = k + 1;
  }
  return out + ' '.repeat(b - from);
}

/**
 * Whether the word before the stop at `i` is an abbreviation, no sentence end: an initial or a
 * capitalised word of up to three letters ("H.", "Mr.", "Apt."), or a lower-case one that is no
 * everyday word ("ul.", "str."; not "a lot.", "for me.").
 */
function abbreviationBefore(text: string, i: number, lexicons: LexiconTable): boolean {
  let k = i;
  while (k > 0 && isLetter(text.charCodeAt(k - 1))) k -= 1;
  const length = i - k;
  if (length === 0 || length > 3) return false;
  if (length === 1 || isUpperLatin(text.charCodeAt(k))) return true;
  return (lexicons.get(hashLower(text, k, i)) & EVERYDAY) === 0;
}

/**
 * Whether a stop before `i` ends its sentence: it is followed by spaces and then the end, a line
 * break or a word that is neither lower case nor a number ("e.g. paris" and "Rosenstr. 124" go on).
 */
function endsSentence(text: string, i: number): boolean {
  if (i >= text.length) return true;
  if (!isSpace(text.charCodeAt(i))) return false;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i += 1;
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return !(c >= 48 && c <= 57) && !(c >= 97 && c <= 122);
}

/** The end of a redaction placeholder `<TYPE_n>` (capitals and underscores, a number) starting at `i`, or 0. */
function placeholderEnd(text: string, i: number): number {
  let k = i + 1;
  while (k < text.length && ((text.charCodeAt(k) >= 65 && text.charCodeAt(k) <= 90) || text.charCodeAt(k) === 95)) k += 1;
  if (k === i + 1 || text.charCodeAt(k - 1) !== 95) return 0;
  const digits = k;
  while (k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k += 1;
  return k > digits && text.charCodeAt(k) === 62 ? k + 1 : 0;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || c === 39 || c === 45 || c === 0x2019;
}

function isUpperLatin(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 0xc0 || c > 0x24f) return false;
  if (c <= 0xde) return c !== 0xd7;
  if (c <= 0xff) return false;
  // Latin Extended-A/B: upper and lower alternate for most letters; ask the string case mapping.
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

/**
 * Whether the text is written with capitals: some word inside a sentence (not after a stop, a
 * colon, a quote or a line break) is capitalised, other than the pronoun "I". A text typed in
 * lower case but for its sentence starts ("Forwarded message from lena andersson: …") is not.
 */
function isCased(text: string): boolean {
  let previous = 32; // the last character that is not a space
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c === 60) {
      const after = placeholderEnd(text, i);
      if (after > 0) i = after - 1;
      if (after > 0) continue;
    }
    if (isUpperLatin(c) && i > 0 && !isWordChar(text.charCodeAt(i - 1)) && !OPENERS.has(previous) && !isPronounI(text, i)) return true;
    previous = c;
  }
  return false;
}

// What a sentence or a quote starts after: . ! ? : " ' ( « “ and line breaks.
const OPENERS = new Set([46, 33, 63, 58, 34, 39, 40, 10, 13, 0xab, 0x201c, 0x2018]);

function isPronounI(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 73) return false;
  const next = text.charCodeAt(i + 1);
  return !(isLetter(next) || (next >= 48 && next <= 57));
}
