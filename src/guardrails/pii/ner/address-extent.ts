import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isParticle } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { WordSet } from './word-set.js';

// Where an address starts and ends, by postal conventions the tagger's span can miss.

const ADDRESS_WORDS = LEX.STREET_TYPE | LEX.UNIT;

/**
 * Postal conventions the tagger's span can miss on either side of an address. The recipient's
 * lines before the street line are not the address ("Cityscan\nMarta Palermo\n1072
 * Pohlstrasse 9" starts at "1072"), nor is a company before a comma and a house number
 * ("Corelogic, 0896 69 Farnell Street"); a postal code right after it is ("…, AT 31295", or on the
 * next line).
 */
export function addressExtent(sheet: TokenSheet, from: number, to: number): [number, number] {
  // The first token that starts an address line: a number, or a street or unit word.
  let first = -1;
  for (let k = from; k <= to; k += 1) {
    if (sheet.flags[k]! & TF.NUMBER || sheet.lex[k]! & ADDRESS_WORDS) {
      first = k;
      break;
    }
  }
  if (first >= from && !(sheet.flags[first]! & TF.NUMBER)) first = numberedLineAfterName(sheet, from, to, first);
  if (first > from) {
    let lineStart = first;
    while (lineStart > from && !(sheet.flags[lineStart]! & TF.LINE_START)) lineStart -= 1;
    if (lineStart > from) from = lineStart; // whole lines of names before the street line
    else if (first - 1 > from && (sheet.flags[first]! & TF.NUMBER || sheet.lex[first]! & LEX.UNIT) && isComma(sheet, first - 1) && first < to && !hasUnitWord(sheet, from, first - 1)) from = first; // "Corelogic, 0896 …", "Jasen Vila, Flat 21, 114 …", but not "Flat 25, 22 …"
    else from = namedStreetAfterComma(sheet, from, first, to);
  }
  from = postOfficeBefore(sheet, from);
  while (from < to && sheet.flags[from]! & TF.PUNCT) from += 1; // ">" quoting the line
  return [from, postalCodeAfter(sheet, from, to)];
}

/**
 * A street word in a line of names is no street line when the next line is one that leads with its
 * house number: "Vignette Gladu\n856 29 Parkside Crescent", "Calle Norberg\n80531 Tavcarjeva 103"
 * ("Vignette" and "Calle" are street words too). The name line is 2-4 capitalised words and no
 * number; the next line has a street word or a second number after its first (so "Rue de
 * Rivoli\n75001 Paris", a street over a postal-code line, stays whole). Returns the token the
 * street line starts at, or `first`.
 */
function numberedLineAfterName(sheet: TokenSheet, from: number, to: number, first: number): number {
  let next = first + 1;
  while (next <= to && !(sheet.flags[next]! & TF.LINE_START)) next += 1;
  if (next > to || !(sheet.flags[next]! & TF.NUMBER)) return first;
  let lineStart = first;
  while (lineStart > from && !(sheet.flags[lineStart]! & TF.LINE_START)) lineStart -= 1;
  let words = 0;
  for (let k = lineStart; k < next; k += 1) {
    const flags = sheet.flags[k]!;
    if (flags & TF.PUNCT && k === lineStart) continue; // "> " quoting the line
    if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || sheet.lex[k]! & (LEX.UNIT | LEX.FUNCTION | LEX.ORG_SUFFIX)) return first;
    words += 1;
  }
  if (words < 2 || words > 4) return first;
  for (let k = next + 1; k <= to && !(sheet.flags[k]! & TF.LINE_START); k += 1) if (sheet.flags[k]! & TF.NUMBER || sheet.lex[k]! & LEX.STREET_TYPE) return next;
  return first;
}

/**
 * A company or name before a comma is not the address when the street after the comma is named
 * before its number ("Plan Smart, Calle Proc. San Sebastián 1, …", "Endicott Johnson, Hauptstrasse
 * 75, …"): the part before the comma is capitalised words with no number, street or unit word, and
 * the street is one to three capitalised words (a street word among them or not) then its number.
 * Returns the street's first token, or `from`.
 */
function namedStreetAfterComma(sheet: TokenSheet, from: number, first: number, to: number): number {
  if (first >= to && !(sheet.flags[first]! & TF.NUMBER)) return from;
  let comma = -1;
  for (let k = first - 1; k > from && k >= first - 4; k -= 1) {
    if (isComma(sheet, k)) {
      comma = k;
      break;
    }
  }
  if (comma < 0 || comma + 1 >= sheet.count) return from;
  for (let k = from; k < comma; k += 1) {
    const flags = sheet.flags[k]!;
    if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || sheet.lex[k]! & (ADDRESS_WORDS | LEX.FUNCTION)) return from;
  }
  // The street: capitalised words (abbreviations with their dots) up to a number on its line.
  let k = comma + 1;
  let words = 0;
  let streetWord = false;
  let named = false; // a word of three letters or more, not in capitals ("LA 70501", "UT21 0TS" are codes)
  while (k <= to && !(sheet.flags[k]! & TF.NUMBER)) {
    const flags = sheet.flags[k]!;
    if (flags & TF.LINE_START) return from;
    if (flags & TF.WORD) {
      if (!(flags & TF.CAPITALISED) && !isParticle(sheet.word[k]!)) return from;
      if (sheet.length[k]! >= 3 && !(flags & TF.ALL_CAPS)) {
        named = true;
        if (sheet.lex[k]! & LEX.STREET_TYPE) streetWord = true;
      }
      words += 1;
    } else if (sheet.word[k] !== FULL_STOP_WORD) return from;
    k += 1;
  }
  if (k > to || !named || words > 4 || sheet.flags[k]! & TF.GLUED_BEFORE) return from;
  // A street word, or a house number of up to three digits: "Milnerton, WC 7446" and
  // "Milnerton, Cape Town 7446" are a town and a postal code.
  if (!streetWord && sheet.length[k]! > 3) return from;
  return comma + 1;
}

const FULL_STOP_WORD = hashLower('.', 0, 1);

function hasUnitWord(sheet: TokenSheet, from: number, to: number): boolean {
  for (let k = from; k <= to; k += 1) if (sheet.lex[k]! & LEX.UNIT) return true;
  return false;
}

/** "Post Office Box 6602" is one address line: the tagger often starts it at "Box". */
function postOfficeBefore(sheet: TokenSheet, from: number): number {
  if (sheet.word[from] !== BOX || from < 2 || sheet.flags[from]! & TF.LINE_START) return from;
  return sheet.word[from - 1] === OFFICE && sheet.word[from - 2] === POST && !(sheet.flags[from - 1]! & TF.LINE_START) ? from - 2 : from;
}

const BOX = hashLower('box', 0, 3);
const OFFICE = hashLower('office', 0, 6);
const POST = hashLower('post', 0, 4);

function isComma(sheet: TokenSheet, k: number): boolean {
  return (sheet.flags[k]! & TF.PUNCT) !== 0 && sheet.end[k]! - sheet.start[k]! === 1 && sheet.word[k] === COMMA;
}

const COMMA = hashLower(',', 0, 1);

/** The last token of a postal code that follows token `to` (", AT 31295", "\n60810"), or `to`. */
function postalCodeAfter(sheet: TokenSheet, from: number, to: number): number {
  let k = to + 1;
  let comma = false;
  let region = false;
  if (k < sheet.count && isComma(sheet, k)) {
    comma = true;
    k += 1;
  }
  // A two-letter region code: in capitals, or in a text typed all in lower case ("delmas, mp 35739").
  const regionCode = sheet.flags[k]! & TF.ALL_CAPS || (sheet.lowerCaseText && sheet.flags[k]! & TF.WORD);
  if (k < sheet.count && regionCode && sheet.length[k]! === 2 && !(sheet.flags[k]! & TF.LINE_START && comma)) {
    region = true;
    k += 1;
  }
  if (k >= sheet.count || !(sheet.flags[k]! & TF.NUMBER) || sheet.flags[k]! & TF.JOINED) return to;
  const digits = sheet.length[k]!;
  if (digits < 4 || digits > 6) return to;
  const next = k + 1;
  if (next < sheet.count && !(sheet.flags[next]! & (TF.LINE_START | TF.PUNCT))) return countryCode(sheet, from, to, k) ? k : to; // "12345 units"
  if (next < sheet.count && sheet.flags[next]! & TF.PUNCT && sheet.flags[next]! & TF.GLUED_BEFORE && next + 1 < sheet.count && sheet.flags[next + 1]! & TF.NUMBER && sheet.flags[next + 1]! & TF.GLUED_BEFORE) return to; // "1234.56"
  const onNewLine = (sheet.flags[k]! & TF.LINE_START) !== 0;
  return region || onNewLine || (comma && digits === 5) ? k : to;
}

/**
 * A postal code right after the country that ends an address block, with the sentence going on
 * after it in lower case ("… Apt. 156\n Ruše\n Sweden 71752 as soon as possible"): the block's
 * last part is "Country Code", as the house number or the lines above it show. Not after a lone place
 * ("Sweden 2019 and 2020"), nor before a word other than a function word ("Sweden 2000 units").
 */
function countryCode(sheet: TokenSheet, from: number, to: number, k: number): boolean {
  if (k !== to + 1 || !(sheet.lex[to]! & LEX.REGION) || !(sheet.flags[to]! & TF.WORD)) return false;
  const next = k + 1;
  if (sheet.flags[next]! & TF.CAPITALISED || !(sheet.lex[next]! & LEX.FUNCTION)) return false;
  for (let t = from; t < to; t += 1) if (sheet.flags[t]! & TF.NUMBER || (t > from && sheet.flags[t]! & TF.LINE_START)) return true;
  return false;
}

const MAX_CONTINUATION_LINES = 4;

/**
 * Where a street address ends, following postal conventions past what the tagger marked: comma-
 * separated place parts on its line (", ISHAM, United Kingdom") and up to four lines below it
 * that read as address lines — a unit ("Apt. 236"), a town ("TRONDHEIM", "St Georges, QC
 * 54256"), a country and postal code ("Norway 64389") — each made only of capitalised words,
 * unit words and short numbers. A line with a lower-case word, a colon or a long number
 * (a sentence, "Mobile: 0490 39 07 81") or a blank line ends the block.
 */
export function addressContinuation(text: string, sheet: TokenSheet, to: number): number {
  let last = to;
  // Same line: ", Town, Country" segments while each is only capitalised words or a postal code.
  let k = to + 1;
  while (k + 1 < sheet.count && isComma(sheet, k) && !(sheet.flags[k + 1]! & TF.LINE_START)) {
    const end = addressRun(sheet, k + 1, false);
    if (end < 0) break;
    last = end;
    k = end + 1;
  }
  if (last + 1 < sheet.count && !(sheet.flags[last + 1]! & TF.LINE_START)) return last;
  for (let lines = 0; lines < MAX_CONTINUATION_LINES && last + 1 < sheet.count; lines += 1) {
    if (text.slice(sheet.end[last]!, sheet.start[last + 1]!).split('\n').length > 2) break; // a blank line ends the block
    const end = addressRun(sheet, last + 1, true);
    if (end < 0) break;
    last = end;
  }
  return last;
}

/**
 * The last token of an address part starting at `from` — to the next comma (`wholeLine` false)
 * or to the end of the line — when every word in it is capitalised or a unit word and every
 * number has at most six digits; otherwise -1. Leading quote marks ("> ") and commas are allowed,
 * and any marks before the first word of a line (a bullet, or one mangled into "???").
 */
function addressRun(sheet: TokenSheet, from: number, wholeLine: boolean): number {
  let k = from;
  let words = 0;
  let numbers = 0;
  let placeLike = false;
  let lastContent = -1;
  let lowerCut = false;
  while (k < sheet.count && (k === from || !(sheet.flags[k]! & TF.LINE_START))) {
    const flags = sheet.flags[k]!;
    if (!wholeLine && isComma(sheet, k)) break;
    const postcode = flags & TF.WORD ? ukPostcode(sheet, k) : -1;
    if (postcode > 0) {
      numbers += 1;
      lastContent = postcode;
      k = postcode + 1;
      continue;
    }
    if (flags & TF.WORD) {
      const lex = sheet.lex[k]!;
      // In a text typed all in lower case no capital ends the place: a function or time word
      // after its words does ("tavcarjeva 73, selca last month and loves it", "…, teruel for lunch").
      if (sheet.lowerCaseText && !wholeLine && lastContent >= 0 && lowerCasePartEnds(sheet, k)) {
        lowerCut = true;
        break;
      }
      if (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText && !(lex & LEX.UNIT) && !isParticle(sheet.word[k]!)) {
        if (lastContent === k - 1 && postalCodeEnds(sheet, lastContent, words)) break; // "…, Mannham QC89 3NO and left no number"
        return -1;
      }
      if (lex & (LEX.CALENDAR | LEX.ORG_SUFFIX)) return -1;
      if (flags & TF.ALL_CAPS || lex & (LEX.UNIT | LEX.REGION) || (lex & LEX.CITY && !(lex & (LEX.COMMON | LEX.FUNCTION)))) placeLike = true;
      words += 1;
      lastContent = k;
    } else if (flags & TF.NUMBER) {
      if (sheet.length[k]! > 6 || flags & TF.GLUED_BEFORE) return -1;
      numbers += 1;
      lastContent = k;
    } else if (lastContent >= 0 && (sentenceEnd(sheet, k) || PART_ENDS.has(sheet.word[k]!))) {
      break; // "…, France. Merci de prévenir", "…, IA 93203 — address unknown": the address ends there
    } else if (sheet.end[k]! - sheet.start[k]! === 1 && !isAddressMark(sheet.word[k]!) && !(wholeLine && lastContent < 0)) return -1; // marks before a line's first word are its bullet ("• ", "??? ")
    k += 1;
  }
  if (lastContent < 0 || words + numbers > 6 || numbers > 2) return -1;
  // Words alone ("Bremen", "TRONDHEIM", "Port Whangarei") must name a place or be in capitals:
  // "Thanks" or "Best Regards" under an address is the letter going on.
  // A lower-case town cut short by the sentence ("…, selca last month") is one to three words.
  if (numbers === 0 && !placeLike && !(lowerCut && words <= 3)) return -1;
  return lastContent;
}

/** A word that ends an address part in a lower-case text: a function or calendar word, or a time word ("last", "yesterday"). */
function lowerCasePartEnds(sheet: TokenSheet, k: number): boolean {
  const lex = sheet.lex[k]!;
  if (isParticle(sheet.word[k]!) || lex & LEX.UNIT) return false; // "san lorenzo de el escorial", "apt"
  return (lex & (LEX.FUNCTION | LEX.CALENDAR)) !== 0 || LOWER_TIME_WORDS.has(sheet.word[k]!);
}

const LOWER_TIME_WORDS = new WordSet(['last', 'next', 'yesterday', 'today', 'tomorrow', 'tonight', 'soon', 'now', 'please', 'asap', 'again', 'thanks'].map((w) => hashLower(w, 0, w.length)));

/** Token `k` ends a postal code after a town or region: a British postcode, or 4 to 6 digits after a word ("IA 93203"). */
function postalCodeEnds(sheet: TokenSheet, k: number, words: number): boolean {
  if (sheet.flags[k]! & TF.WORD) return k >= 3 && ukPostcode(sheet, k - 3) === k || k >= 4 && ukPostcode(sheet, k - 4) === k;
  return words > 0 && (sheet.flags[k]! & TF.NUMBER) !== 0 && sheet.length[k]! >= 4 && sheet.length[k]! <= 6;
}

/** A dash between spaces or a semicolon ends an address part: "— 640 N 7th Street, …, IA 93203 — address unknown". */
const PART_ENDS = new WordSet(['—', '–', ';'].map((c) => hashLower(c, 0, 1)));

/** Punctuation an address line may carry: quoting ">", commas, dots ("Apt."), brackets, "#", "-", and "∆" standing for a delta. */
function isAddressMark(word: number): boolean {
  return ADDRESS_MARKS.has(word);
}

// '∆' (the increment sign) stands for a Greek capital delta in some data ("ΚΑΤΩ ΠΟΛΕΜΙ∆ΙΑ" in
// presidio-research's person records): part of a town's name, not a mark that ends the line.
const ADDRESS_MARKS = new WordSet(['>', ',', '.', '(', ')', '#', '-', '/', '∆'].map((c) => hashLower(c, 0, 1)));

/**
 * The last token of a British postcode starting at token `k` ("SW1A 1AA", "QC89 3NO", "M1 1AE":
 * an outward code of one or two capitals, one or two digits and maybe a capital, then a digit and
 * two capitals), or -1. The tokeniser splits it at every change between letters and digits.
 */
export function ukPostcode(sheet: TokenSheet, k: number): number {
  const n = sheet.count;
  const caps = (t: number, most: number) => t < n && sheet.flags[t]! & TF.WORD && (sheet.flags[t]! & TF.ALL_CAPS || sheet.length[t] === 1) && sheet.flags[t]! & TF.CAPITALISED && sheet.length[t]! <= most && !(sheet.flags[t]! & TF.JOINED);
  const digits = (t: number, most: number) => t < n && sheet.flags[t]! & TF.NUMBER && sheet.length[t]! <= most;
  const glued = (t: number) => (sheet.flags[t]! & TF.GLUED_BEFORE) !== 0;
  if (!caps(k, 2) || !digits(k + 1, 2) || !glued(k + 1)) return -1;
  let t = k + 2;
  if (t < n && glued(t) && caps(t, 1)) t += 1; // "SW1A"
  if (!digits(t, 1) || glued(t) || sheet.flags[t]! & TF.LINE_START || !caps(t + 1, 2) || sheet.length[t + 1] !== 2 || !glued(t + 1)) return -1;
  const after = t + 2;
  if (after < n && sheet.flags[after]! & (TF.WORD | TF.NUMBER) && glued(after)) return -1;
  return t + 1;
}

/**
 * Token `k` is a full stop that ends a sentence after an address, with a capitalised word after it
 * on the same line: after a postal code ("26476. Thanks"), a country or region ("France. Merci"),
 * or before an everyday word ("… Heath. The"), unless a street, unit, title or compass
 * abbreviation ends there ("St.", "Apt."), or after a closing bracket ("(Gomba). Third"). "Piroska u. 97.\nPorto Alegre" and "Avda. Rio" go on.
 */
export function sentenceEnd(sheet: TokenSheet, k: number): boolean {
  if (sheet.word[k] !== FULL_STOP || k === 0 || k + 1 >= sheet.count || !(sheet.flags[k]! & TF.GLUED_BEFORE)) return false;
  const next = sheet.flags[k + 1]!;
  if (next & (TF.GLUED_BEFORE | TF.LINE_START) || !(next & TF.WORD) || !(next & TF.CAPITALISED)) return false;
  // A full stop right after a closing bracket ends its sentence: no address or place name
  // runs on past "(AVOCA). Runner-up".
  if (sheet.word[k - 1] === CLOSE_BRACKET) return true;
  const before = sheet.flags[k - 1]!;
  if (before & TF.NUMBER) return sheet.length[k - 1]! >= 4;
  if (!(before & TF.WORD) || sheet.length[k - 1]! < 3 || sheet.lex[k - 1]! & (LEX.STREET_TYPE | LEX.UNIT | LEX.TITLE | LEX.COMPASS)) return false;
  return (sheet.lex[k - 1]! & LEX.REGION) !== 0 || (sheet.lex[k + 1]! & (LEX.COMMON | LEX.FUNCTION)) !== 0;
}

const FULL_STOP = hashLower('.', 0, 1);
const CLOSE_BRACKET = hashLower(')', 0, 1);
