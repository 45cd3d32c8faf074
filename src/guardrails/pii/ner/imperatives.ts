import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

// Words that open the object of a command: a determiner, an object pronoun or a clause word
// ("Judge the answer", "Mark each item", "Sue them", "Judge whether …", "Judge only …"). A name
// is followed by a verb or its surname ("Mark said", "Mark Twain"), almost never by one of these.
const OBJECT_OPENERS = new WordSet(
  'the a an each every all any both this that these those it them him her me us my your its their our his whether only'.split(' ').map((w) => hashLower(w, 0, w.length)),
);

/**
 * Token `t` is a command's verb that name lists also hold ("Judge the answer …", "Mark each item
 * as done", "Grant the user access"): an English word first in its sentence or line, followed on
 * the same line by a lower-case object opener. A following capitalised word ("Mark Twain", "Judge
 * Judy") is a name and is not asked about here: the caller asks only of one-word spans.
 *
 * @example imperativeVerb(sheet, 0) // true for "Judge only the answer."
 */
export function imperativeVerb(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.SENTENCE_START) || !(flags & TF.WORD) || flags & TF.ALL_CAPS || !(sheet.lex[t]! & (LEX.COMMON | LEX.ENGLISH))) return false;
  const next = t + 1;
  if (next >= sheet.count) return false;
  const after = sheet.flags[next]!;
  return !(after & (TF.LINE_START | TF.CAPITALISED | TF.GLUED_BEFORE)) && (after & TF.WORD) !== 0 && OBJECT_OPENERS.has(sheet.word[next]!);
}

/**
 * Token `t` is a one-word sentence inside a line, an English word that name lists also hold ("Cards
 * take a while. Wait.", "Done. Mark!"): a command or an interjection. A name alone on its own line
 * (a sign-off under "Thanks,") starts the line and is not asked about here.
 *
 * @example oneWordSentence(text, sheet, 5) // true for "Cards take a while. Wait."
 */
export function oneWordSentence(text: string, sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.SENTENCE_START) || flags & (TF.LINE_START | TF.ALL_CAPS) || !(flags & TF.WORD) || !(sheet.lex[t]! & (LEX.COMMON | LEX.ENGLISH))) return false;
  const end = sheet.end[t]!;
  const mark = text.charCodeAt(end);
  return mark === 0x2e || mark === 0x21 || mark === 0x3f; // . ! ?
}

// What follows a person's name at the head of a sentence: a verb that says what they did or are
// ("Mark called", "Bill wants", "Drew will"), a place or group they are from ("Faith from HR"), or a
// word that points back at them ("Mark here", "Sandy too"). Regular past tenses ("-ed") are read
// from the spelling, not listed. After a command verb or a noun used as a modifier ("Say hello",
// "Rose petals", "Art deco fonts") none of these come.
const PERSON_FOLLOWERS = new WordSet(
  (
    'is was has had will would can could should shall may might must does did isn\'t wasn\'t hasn\'t hadn\'t won\'t wouldn\'t can\'t couldn\'t ' +
    'doesn\'t didn\'t he\'s she\'s said says sent sends wrote writes told tells thinks thought knows knew wants needs likes loves hates owes ' +
    'asks gets got gave gives made makes took takes came comes went goes left found feels felt keeps kept seems believes agrees prefers ' +
    'uses plays works lives runs ran met saw won lost paid bought brought spoke forgot began became mentioned emailed texted ' +
    'from of at here there too himself herself also just never always still already again ' +
    'replied suggests reckons'
  )
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => hashLower(w, 0, w.length)),
);
const OF = hashLower('of', 0, 2);
// PERSON_FOLLOWERS that only a person (or an animal) does: no modal or auxiliary ("Will it rain",
// "Hope is a virtue", "Bill was paid"), no place word ("Art from the 1920s"), no "-ed" ("Bill passed
// the Senate", "Summer ended"). Chosen before measuring from the verbs of the list.
const ANIMATE_VERBS = new WordSet(
  (
    'said says told tells thinks thought knows knew wants owes asks emailed texted replied mentioned suggests reckons ' +
    'wrote writes sent sends forgot believes agrees prefers spoke met loves hates'
  )
    .split(/\s+/)
    .map((w) => hashLower(w, 0, w.length)),
);

/**
 * The words after a sentence's first word, ending at `j`, say that it is someone: a verb only a
 * person does ("Chase owes me $20", "Will said he'd be late"; no "is", "will" or "-ed", which
 * nouns take too) or, after a comma, words that address them ("Will, you forgot the file", "Mark,
 * call me"). Stricter than `personSignAfter`: this adds a person the tagger did not find.
 *
 * @example animateSignAfter('Chase owes me $20', 5) // true; animateSignAfter('Hope is a virtue', 4) // false
 */
export function animateSignAfter(text: string, j: number): boolean {
  if (text.charCodeAt(j) === 44) return afterComma(text, j + 1) === 'address';
  const [a, b] = lowerWordAt(text, j);
  return a < b && ANIMATE_VERBS.has(hashLower(text, a, b));
}
const AND_OR = new WordSet(['and', 'or', '&'].map((w) => hashLower(w, 0, w.length)));

/**
 * Token `t` opens a sentence with an everyday English word that name lists also hold, and the next
 * word, lower case on the same line, is none of what follows a person's name (a verb of theirs,
 * "from", "here"…): a command or a noun in use ("Say hello", "Read thanks to the team", "Grant
 * access", "Rose petals in a salad"). "Mark called", "Drew will review it", "Pat and I" keep their
 * name. After a comma the word is a list's first item or a heading ("Ivy, moss or ferns?", "Sandy,
 * crumbly cookies: …") unless what follows addresses someone or may (`afterComma`): "Mark, call
 * me", "Hope, could you…", "Rose, a nurse from Leeds, said" keep their name.
 *
 * @example commandOpening(text, sheet, 0) // true for "Say hello", false for "Mark called, call him back"
 */
export function commandOpening(text: string, sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.SENTENCE_START) || !(flags & TF.WORD) || flags & (TF.ALL_CAPS | TF.POSSESSIVE | TF.JOINED) || !(sheet.lex[t]! & (LEX.COMMON | LEX.ENGLISH))) return false;
  if (text.charCodeAt(sheet.end[t]!) === 44) return isInterjection(sheet.word[t]!) || afterComma(text, sheet.end[t]! + 1) === 'other';
  let next = t + 1;
  if (next >= sheet.count || !lowerWordAfter(sheet, next)) return false;
  // An adverb between name and verb ("Rose quickly replied") passes the question to the word after it.
  if (endsWith(text, sheet, next, 'ly') && next + 1 < sheet.count && lowerWordAfter(sheet, next + 1)) next += 1;
  const word = sheet.word[next]!;
  if (PERSON_FOLLOWERS.has(word)) return false;
  if (sheet.length[next]! >= 4 && endsWith(text, sheet, next, 'ed')) return false; // "Mark called", "Gene approved"
  // "Pat and I", "Joy and Sam": a name in a pair; "Joy and sorrow": two nouns.
  if (AND_OR.has(word)) return !(next + 1 < sheet.count && sheet.flags[next + 1]! & TF.CAPITALISED);
  return true;
}

/**
 * The words after a sentence's first word, ending at `j` in `text`, are a sign that it is a
 * person's name, by `commandOpening`'s signs read from the raw text (for the idle-sentence gate,
 * before any tokens exist): after spaces on the same line, a lower-case word that is a verb of
 * theirs ("said", "will", "wrote", any "-ed" of four letters or more), "from", "here"… (not "of"),
 * or "and"/"or" followed by a capitalised word ("Pat and I"); one "-ly" adverb before it is skipped.
 * After a comma, words that address someone are a sign ("Hope, could you…", "Mark, call me";
 * `afterComma`); other punctuation or a capital after the first word is no sign here.
 *
 * @example personSignAfter('Drew will review it', 4) // true; personSignAfter('Drew a map', 4) // false
 */
export function personSignAfter(text: string, j: number): boolean {
  if (text.charCodeAt(j) === 44) return afterComma(text, j + 1) === 'address';
  let [a, b] = lowerWordAt(text, j);
  if (a === b) return false;
  if (b - a > 2 && endsWithText(text, b, 'ly')) {
    const [c, d] = lowerWordAt(text, b);
    if (c < d) [a, b] = [c, d];
  }
  const word = hashLower(text, a, b);
  // "of" is left out: "Joy of cooking", "Jack of all trades", "Dawn of the dead" are titles and
  // sayings (piifp's report), and a person's "of" is mostly followed by a capital ("Sue of HR").
  if (word === OF) return false;
  if (PERSON_FOLLOWERS.has(word) || (b - a >= 4 && endsWithText(text, b, 'ed'))) return true;
  if (!AND_OR.has(word)) return false;
  const c = text.charCodeAt(skipSpaces(text, b));
  return c >= 65 && c <= 90;
}

// Words after "Name," that ask something of the person named ("Mark, please…", "Hope, could
// you…", "Miles, your package…", "Will, you forgot…"): the second person, a modal or auxiliary
// opening a question or a request. Our own list. "I", "we", "thanks" are left out: they follow
// interjections as often ("See, I told you", "Fine, we'll wait").
const ADDRESS_WORDS = new WordSet(
  "you your you're you've you'll you'd please can could would will shall do did don't didn't can't won't"
    .split(' ')
    .map((w) => hashLower(w, 0, w.length)),
);
// Words after "Name," that may open an apposition, a question or a clause about or to the person
// ("Rose, a nurse from Leeds, said", "Sky, where are the keys?", "Pat, the build is green", "Sue,
// I need…"): no sign that a person is meant, but no list or heading either, so the model decides.
const MAYBE_ADDRESS_WORDS = new WordSet(
  (
    'a an the this that these those my our his her their its what when where why how who which whose is are was were have has had ' +
    "here there just good great well hi hello hey we we're we've we'll we'd let's thanks thank sorry congrats congratulations welcome"
  )
    .split(' ')
    .map((w) => hashLower(w, 0, w.length)),
);

// Interjections and terms of address that name lists hold ("Wait, can you…", "Fine, you win",
// "See, you forgot", "Man, you're right", "Honey, could you…"): before a comma, no one's name.
// Our own list.
const INTERJECTIONS = new WordSet(
  'wait fine see look man mate buddy honey babe baby dude darling sugar sweetie sunshine boy chief boss doc kid son sonny'
    .split(' ')
    .map((w) => hashLower(w, 0, w.length)),
);

/** The word hash is an interjection or a term of address that name lists hold ("wait", "honey"). */
export function isInterjection(word: number): boolean {
  return INTERJECTIONS.has(word);
}

/**
 * What follows a comma at `j` after a sentence's first word: `address` when it asks something of
 * someone (a word of ADDRESS_WORDS, or a verb followed by an object opener: "Mark, call me", "Norm,
 * check your email"); `other` when it is a lower-case word that is none of those nor of
 * MAYBE_ADDRESS_WORDS, the first of a list or a heading ("Ivy, moss or ferns?", "Sandy, crumbly
 * cookies: …", "Will, testament, trust"); `unknown` for anything else (a capital, the pronoun "I",
 * a number, a line end: "Mark, Anna and I", "Rose, 34, …", "Grace,\nThank you").
 *
 * @example afterComma('Mark, call me', 5) // 'address'; afterComma('Ivy, moss or ferns?', 4) // 'other'
 */
export function afterComma(text: string, j: number): 'address' | 'other' | 'unknown' {
  const [b, e] = lowerWordAt(text, j);
  if (b === e) return 'unknown';
  const word = hashLower(text, b, e);
  if (ADDRESS_WORDS.has(word)) return 'address';
  if (MAYBE_ADDRESS_WORDS.has(word)) return 'unknown';
  const [c, d] = lowerWordAt(text, e);
  return c < d && OBJECT_OPENERS.has(hashLower(text, c, d)) ? 'address' : 'other';
}

/** The lower-case word (ASCII letters and apostrophes) after spaces or tabs from `j`, as [start, end); empty when there is none. */
function lowerWordAt(text: string, j: number): [number, number] {
  const a = skipSpaces(text, j);
  if (a === j) return [a, a];
  let b = a;
  for (; b < text.length; b += 1) {
    const c = text.charCodeAt(b);
    if (!((c >= 97 && c <= 122) || (b > a && (c === 39 || c === 0x2019)))) break;
  }
  // "&" is a word of its own ("Pat & Sam").
  if (b === a && text.charCodeAt(a) === 38) return [a, a + 1];
  // A word that goes on in capitals or digits ("iPhone", "x2") is no lower-case word.
  if (b < text.length && /[A-Z0-9]/.test(text[b]!)) return [a, a];
  return [a, b];
}

/** The first index from `j` that is not a space or a tab on the same line. */
function skipSpaces(text: string, j: number): number {
  let k = j;
  while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k += 1;
  return k;
}

function endsWithText(text: string, b: number, suffix: string): boolean {
  return text.slice(b - suffix.length, b).toLowerCase() === suffix;
}

/** Token `k` is a lower-case word on the same line, spaced from the one before it. */
function lowerWordAfter(sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  return (flags & TF.WORD) !== 0 && !(flags & (TF.LINE_START | TF.CAPITALISED | TF.GLUED_BEFORE));
}

/** Token `k` of `sheet` ends in `suffix` (lower-cased). */
function endsWith(text: string, sheet: TokenSheet, k: number, suffix: string): boolean {
  return endsWithText(text, sheet.end[k]!, suffix);
}
