import type { Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { addressContinuation, addressExtent, sentenceEnd, ukPostcode } from './address-extent.js';
import { isEnglishSurname } from './english-surnames.js';
import { isMajorPlace } from './major-places.js';
import { coinedCompound, hyphenatedFirm } from './organisations.js';
import { commandOpening, imperativeVerb, oneWordSentence, personSignAfter } from './imperatives.js';
import { holidayName } from './holidays.js';
import { workTitle } from './work-titles.js';
import { isFieldWord, isMenuWord, isParticle, isPronoun, isTechWord } from './tech-words.js';
import { TAG_COUNT, TAG_O, TAG_PER } from './linear-chain.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { SpanOverlap } from './span-overlap.js';
import { TokenWordSet } from './token-words.js';
import { WordSet } from './word-set.js';

const ADDRESS_WORDS = LEX.STREET_TYPE | LEX.UNIT;
const PLACE_WORDS = LEX.CITY | LEX.REGION;
const NAME_WORDS = LEX.FIRST_NAME | LEX.LAST_NAME;

/**
 * Turns per-token tags into findings: runs of one tag become a span (person spans stop at line
 * breaks; place spans may continue over them, as address blocks do), punctuation is trimmed from
 * both ends and a possessive "'s" from a person, and the score is the span's mean tag
 * probability. Place spans with a number or a street word are STREET_ADDRESS, others LOCATION.
 * Spans that no person or address could be are dropped (see `plausible`).
 *
 * @example spansOf(text, sheet, labels, probabilities) // [{ type: 'PERSON', start: 11, end: 20, score: 0.97 }]
 */
export function spansOf(text: string, sheet: TokenSheet, labels: Uint8Array, probabilities: Float32Array): Finding[] {
  const out: Finding[] = [];
  const n = sheet.count;
  let i = 0;
  while (i < n) {
    const tag = labels[i]!;
    if (tag === TAG_O) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < n && labels[j] === tag && !(tag === TAG_PER && sheet.flags[j]! & TF.LINE_START) && !endsClause(sheet, j) && !(tag !== TAG_PER && sentenceEnd(sheet, j))) j += 1;
    let from = i;
    let to = j - 1;
    while (from <= to && sheet.flags[from]! & TF.PUNCT) from += 1;
    while (to >= from && sheet.flags[to]! & TF.PUNCT) to -= 1;
    // A lower-case time word is no part of a name or place the tagger ran on into ("… Ciudad Real yesterday").
    while (to > from && !(sheet.flags[to]! & TF.CAPITALISED) && TIME_WORDS.has(sheet.word[to]!)) to -= 1;
    if (tag !== TAG_PER) {
      to = closeBracket(sheet, from, withoutLabelLine(sheet, from, to));
      if (from === i) from = placeHead(sheet, labels, from);
    }
    if (from <= to && !partOfCode(sheet, from, to) && !(lowerCaseOnly(sheet, from, to) && !sheet.lowerCaseText)) {
      let score = 0;
      for (let k = from; k <= to; k += 1) score += probabilities[k * TAG_COUNT + tag]!;
      score /= to - from + 1;
      if (tag === TAG_PER) personPieces(text, sheet, from, to, score, out);
      else {
        const [extentStart, b] = addressExtent(sheet, from, to);
        if (extentStart > from) recipientNames(text, sheet, from, extentStart - 1, score, out);
        const a = extentStart === from ? streetNameBefore(text, sheet, labels, from) : extentStart;
        let finding = place(text, sheet, a, b, score);
        // A street line continues with its town, region, postal code and country (which can
        // also make "4411 Hauptstrasse 12" an address: ", Bremen" follows it).
        if (finding === null || finding.type === 'STREET_ADDRESS') {
          const last = addressContinuation(text, sheet, b);
          // A span that was no address ("Corelogic", "Plan Smart") before the street its
          // continuation found is cut off as addressExtent cuts it: a company before a comma.
          const head = finding === null && last > b ? addressExtent(sheet, a, last)[0] : a;
          const longer = last > b ? place(text, sheet, head, last, score) : null;
          if (longer?.type === 'STREET_ADDRESS') {
            finding = longer;
            if (last >= j) j = last + 1; // what the block took in is not tagged again
          }
        }
        if (finding) out.push(finding);
      }
    }
    i = j;
  }
  return out;
}

/**
 * A capitalised word the tagger left out right before a place, in mid-sentence after a lower-case
 * word, is the head of that place's name ("relocating from Cite El Ayachi", "near the Region
 * Sjælland border", "to Door Van dijckstraat 430"): everyday words that name towns and streets
 * (Residence, Region, Door) read as none to the tagger. Not a first name ("told Michael Berlin is"), nor a function, calendar, title, name or code cue or
 * nationality word, nor one in capitals ("the ATM Berlin"), nor a word for part of a region
 * ("serving Southern Italy": the data set's places leave it out).
 */
function placeHead(sheet: TokenSheet, labels: Uint8Array, from: number): number {
  const k = from - 1;
  if (k < 1 || labels[k] !== TAG_O) return from;
  const flags = sheet.flags[k]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & (TF.ALL_CAPS | TF.SENTENCE_START | TF.LINE_START | TF.JOINED)) return from;
  if (sheet.lex[k]! & NOT_PLACE_HEAD || REGION_MODIFIERS.has(sheet.word[k]!)) return from;
  const before = sheet.flags[k - 1]!;
  return before & TF.WORD && !(before & TF.CAPITALISED) ? k : from;
}

/** Words that say which part of a place, not its name: "serving Southern Italy", "downtown Oslo". */
const REGION_MODIFIERS = new Set(
  ['southern', 'northern', 'eastern', 'western', 'central', 'southeastern', 'southwestern', 'northeastern', 'northwestern', 'downtown', 'uptown', 'rural', 'greater', 'inner', 'outer', 'coastal', 'metropolitan'].map((w) => hashLower(w, 0, w.length)),
);

const NOT_PLACE_HEAD = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.DEMONYM | LEX.ORG_SUFFIX | LEX.FIRST_NAME;

/**
 * A place span that runs onto the next line's field label ends before it: in "…, United
 * Kingdom\nMobile: 0490 39 07 81" the address stops at "Kingdom" ("Mobile" is a town too).
 */
function withoutLabelLine(sheet: TokenSheet, from: number, to: number): number {
  const next = to + 1;
  if (next >= sheet.count || sheet.word[next] !== COLON_WORD) return to;
  let lineStart = to;
  while (lineStart > from && !(sheet.flags[lineStart]! & TF.LINE_START)) lineStart -= 1;
  if (lineStart === from || to - lineStart > 1) return to; // the label is one or two words on a line of its own
  let end = lineStart - 1;
  while (end > from && sheet.flags[end]! & TF.PUNCT) end -= 1;
  return end;
}

const COLON_WORD = hashLower(':', 0, 1);

/** A place span with an open bracket takes its closing one: "Cyprus (Greek)", not "Cyprus (Greek". */
function closeBracket(sheet: TokenSheet, from: number, to: number): number {
  let open = 0;
  for (let k = from; k <= to; k += 1) {
    if (sheet.word[k] === OPEN_BRACKET) open += 1;
    else if (sheet.word[k] === CLOSE_BRACKET && open > 0) open -= 1;
  }
  const next = to + 1;
  return open === 1 && next < sheet.count && sheet.word[next] === CLOSE_BRACKET && !(sheet.flags[next]! & TF.LINE_START) ? next : to;
}

const OPEN_BRACKET = hashLower('(', 0, 1);
const CLOSE_BRACKET = hashLower(')', 0, 1);

/** A colon, semicolon, '!' or '?' ends a clause, and no name or address runs across one ("city Assen: Demystdata"). */
function endsClause(sheet: TokenSheet, k: number): boolean {
  return (sheet.flags[k]! & TF.PUNCT) !== 0 && CLAUSE_ENDS.has(sheet.word[k]!) && !lineMark(sheet, k);
}

/** Punctuation before the first word of its line is a bullet ("• ", "??? "), not the end of a clause. */
function lineMark(sheet: TokenSheet, k: number): boolean {
  for (let t = k; t >= 0; t -= 1) {
    if (!(sheet.flags[t]! & TF.PUNCT)) return false;
    if (sheet.flags[t]! & TF.LINE_START) return true;
  }
  return false;
}

const CLAUSE_ENDS = new WordSet([':', ';', '!', '?'].map((c) => hashLower(c, 0, 1)));

/**
 * Letters glued to digits are part of a code ("JA737861", "Lot L05724"), never a name: the
 * tokenizer splits them, so check the neighbours.
 */
function partOfCode(sheet: TokenSheet, from: number, to: number): boolean {
  const next = to + 1;
  if (next < sheet.count && sheet.flags[next]! & TF.GLUED_BEFORE && sheet.flags[next]! & TF.NUMBER && sheet.flags[to]! & TF.WORD) return true;
  return from > 0 && sheet.flags[from]! & TF.GLUED_BEFORE && sheet.flags[from]! & TF.WORD && sheet.flags[from - 1]! & TF.NUMBER ? true : false;
}

/** In a text that uses capitals, names and places are capitalised: "deploy" and "config" are not. */
function lowerCaseOnly(sheet: TokenSheet, from: number, to: number): boolean {
  for (let k = from; k <= to; k += 1) if (sheet.flags[k]! & (TF.CAPITALISED | TF.NUMBER)) return false;
  return true;
}

/**
 * In a text that uses capitals a name is capitalised but for its particles ("Willemine ten Pas"),
 * so lower-case words cut a person span: "Joseph Tolbert fan" → "Joseph Tolbert", "Estately
 * songwriter Michele Østrem" → "Estately", "Michele Østrem"; "ex-Zombie Kastner" → "Kastner".
 */
function personPieces(text: string, sheet: TokenSheet, from: number, to: number, score: number, out: Finding[]): void {
  if (sheet.lowerCaseText) {
    // Nothing marks where a lower-case name ends, and "i" is no name: "tell jim i'm coming" → "jim".
    let last = to;
    while (last > from && (sheet.flags[last]! & TF.PUNCT || isPronoun(text, sheet, last))) last -= 1;
    const finding = person(text, sheet, from, last, score);
    if (finding) out.push(finding);
    return;
  }
  let start = from;
  for (let k = from; k <= to + 1; k += 1) {
    // A possessive ends a name: "Amir's PR" is Amir's (the word after it is what he owns).
    const owner = k < to && (sheet.flags[k]! & TF.POSSESSIVE) !== 0;
    const cut = k > to || (sheet.flags[k]! & TF.WORD && !(sheet.flags[k]! & TF.CAPITALISED) && !(isParticle(sheet.word[k]!) && k > start && k < to));
    if (!cut && !owner) continue;
    let a = start;
    let b = owner ? k : k - 1;
    while (a <= b && sheet.flags[a]! & TF.PUNCT) a += 1;
    while (b >= a && sheet.flags[b]! & TF.PUNCT) b -= 1;
    if (a <= b) {
      const finding = person(text, sheet, a, b, score);
      if (finding) out.push(finding);
    }
    start = k + 1;
  }
}

/**
 * A person has a word of two letters or more and no number ("Lot A51721" is not a person), and a
 * one-word person is neither an everyday English word missing from the name lists ("Children's
 * librarian", "Court" at the start of a line) nor a nationality ("the German invoice").
 */
function person(text: string, sheet: TokenSheet, from: number, to: number, score: number): Finding | null {
  // A span that starts at an option is the option and its argument, a command: "curl -X POST".
  if (commandLineFlag(text, sheet, from)) return null;
  const lex = sheet.lex[from]!;
  if (from === to && ((lex & (LEX.COMMON | LEX.ENGLISH) && !(lex & NAME_WORDS) && !capitalisedSurname(sheet, from)) || (lex & LEX.DEMONYM && !namedGroupMember(text, sheet, from)) || isTechWord(sheet.word[from]!) || isPronoun(text, sheet, from))) return null;
  if (holidayName(sheet, from, to)) return null; // "during Ramadan", "Happy Diwali"
  if (from === to && workTitle(sheet, from)) return null; // "Who wrote Dune?"
  if (from < to && allDemonyms(sheet, from, to)) return null; // "Sierra Leoneans", "Costa Rican
  if (from === to && sheet.flags[from]! & TF.JOINED && everydayCompound(text, sheet, from)) return null; // "Retry-After", "Follow-Up"
  if (from === to && pluralCalendar(text, sheet, from)) return null; // "on Fridays"
  if (from === to && jobTitleHead(sheet, from)) return null; // "Marine biologist" under a signature
  if (from === to && isFieldWord(sheet.word[from]!)) return null; // "815-Fax", "this IBAN"
  if (from === to && (imperativeVerb(sheet, from) || oneWordSentence(text, sheet, from) || commandOpening(text, sheet, from))) return null; // "Judge the answer", "Mark each item", "Wait.", "Say hello"
  if (from === to && (hyphenatedFirm(text, sheet, from) || coinedCompound(text, sheet, from))) return null; // "Pritchard-Lowe", "Cloudmade"
  // Capitals running into lower case open an acronym's plural or a product, not a name: "SSHs", "ESLint", "PDFs".
  if (from === to && /^[A-Z]{2,}[a-z]/.test(text.slice(sheet.start[from]!, sheet.end[from]!))) return null;
  // A lone all-capitals word this short is an acronym ("VIN", "CEO"), even when a name list has it.
  if (from === to && sheet.flags[from]! & TF.ALL_CAPS && (sheet.length[from]! <= 3 || (sheet.length[from]! === 4 && !(lex & NAME_WORDS)))) return null;
  let longWord = false;
  let techWords = 0;
  for (let k = from; k <= to; k += 1) {
    const flags = sheet.flags[k]!;
    if (flags & TF.NUMBER) return null;
    if (isTechWord(sheet.word[k]!)) techWords += 1;
    if (flags & TF.WORD && sheet.length[k]! >= 2) longWord = true;
  }
  if (!longWord || techWords === to - from + 1) return null; // "Apache Kafka"
  let end = sheet.end[to]!;
  if (sheet.flags[to]! & TF.JOINED && /['’]s$/i.test(text.slice(Math.max(sheet.start[to]!, end - 2), end))) end -= 2;
  // Alone, "London" or "Kenya" is the place, whatever the name lists say; so is "Spain's".
  const word = end === sheet.end[to]! ? sheet.word[from]! : hashLower(text, sheet.start[from]!, end);
  const type = from === to && isMajorPlace(word) ? 'LOCATION' : 'PERSON';
  return { type, start: sheet.start[from]!, end, score };
}

/**
 * Token `t`, a faith or a people that is also a given name ("Christian"), opens a sentence with a
 * sign of a person after it ("Christian said he'd call back"): the person, not the group.
 */
function namedGroupMember(text: string, sheet: TokenSheet, t: number): boolean {
  return (sheet.lex[t]! & LEX.FIRST_NAME) !== 0 && (sheet.flags[t]! & TF.SENTENCE_START) !== 0 && personSignAfter(text, sheet.end[t]!);
}

/** Token `t` is a command-line option: a hyphen glued before it opens a word ("curl -X POST", "grep -E", "--Name"). */
function commandLineFlag(text: string, sheet: TokenSheet, t: number): boolean {
  let k = sheet.start[t]! - 1;
  if (text.charCodeAt(k) !== 0x2d) return false;
  while (k > 0 && text.charCodeAt(k - 1) === 0x2d) k -= 1;
  return k === 0 || /\s/.test(text[k - 1]!);
}

/**
 * Token `t` opens a job title that fills the rest of its line: only lower-case words follow it
 * there (no function word but "and" and "of"), and the last is an occupation ("Marine biologist", "Human resources specialist" under a
 * name in a signature or after "Signed: Megan Carey,"), not a person named Marine or Human.
 */
function jobTitleHead(sheet: TokenSheet, t: number): boolean {
  let k = t + 1;
  let last = -1;
  for (; k < sheet.count && !(sheet.flags[k]! & TF.LINE_START); k += 1) {
    const flags = sheet.flags[k]!;
    if (flags & TF.WORD && !(flags & TF.CAPITALISED)) {
      if (sheet.lex[k]! & LEX.FUNCTION && !TITLE_JOINERS.has(sheet.word[k]!)) return false; // "Rose said hello to the engineer"
      last = k;
    } else if (!(flags & TF.PUNCT) || sheet.word[k] !== COMMA_MARK) break;
  }
  if (last < 0 || (k < sheet.count && !(sheet.flags[k]! & TF.LINE_START) && sheet.word[k] !== BAR_MARK)) return false;
  return OCCUPATIONS.has(sheet.word[last]!);
}

const COMMA_MARK = hashLower(',', 0, 1);
const TITLE_JOINERS = new WordSet(['and', 'of', '&'].map((w) => hashLower(w, 0, w.length)));
const BAR_MARK = hashLower('|', 0, 1);
const OCCUPATIONS = new WordSet(
  ('specialist biologist engineer manager operator technician clerk officer assistant director analyst designer developer consultant ' +
    'administrator worker teacher nurse tender guard driver scientist agent planner coordinator supervisor inspector therapist pathologist ' +
    'surveyor occupation attendant mechanic installer repairer writer editor producer artist architect accountant auditor lawyer paralegal ' +
    'pharmacist physician surgeon dentist veterinarian librarian programmer economist chemist physicist geologist psychologist counselor ' +
    'counsellor secretary receptionist salesperson representative broker adjuster appraiser estimator machinist welder electrician plumber ' +
    'carpenter painter cook chef baker butcher cashier teller courier dispatcher controller pilot instructor professor lecturer tutor ' +
    'translator interpreter photographer journalist reporter announcer curator archivist historian sociologist statistician actuary ' +
    'underwriter investigator detective firefighter paramedic technologist hygienist aide helper laborer labourer fabricator assembler ' +
    'sorter packer loader stocker handler caretaker housekeeper janitor gardener landscaper farmer rancher fisher logger miner')
    .split(' ').map((w) => hashLower(w, 0, w.length)),
);

/** A weekday or month in the plural ("Thursdays", "Fridays"): the lists have the singular. */
function pluralCalendar(text: string, sheet: TokenSheet, k: number): boolean {
  const end = sheet.end[k]!;
  const start = sheet.start[k]!;
  if (end - start < 5 || text.charCodeAt(end - 1) !== 115 /* s */ || !(sheet.flags[k]! & TF.WORD)) return false;
  return (sheet.lexiconOf(text, start, end - 1) & LEX.CALENDAR) !== 0;
}

/**
 * A common English surname that is also an everyday word ("Baker", "Key"), written as a name
 * inside a sentence: the tagger's person there is kept ("Her maiden name is Key"); at a sentence
 * or line start its capital says little ("Court", "Key rotation").
 */
function capitalisedSurname(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  return (flags & (TF.CAPITALISED | TF.ALL_CAPS | TF.SENTENCE_START | TF.LINE_START)) === TF.CAPITALISED && isEnglishSurname(sheet.word[t]!);
}

/** A hyphenated token whose parts are all everyday English words and none a name ("Retry-After", not "Smith-Jones"). */
function everydayCompound(text: string, sheet: TokenSheet, t: number): boolean {
  const end = sheet.end[t]!;
  let parts = 0;
  for (let a = sheet.start[t]!; a < end; ) {
    let b = text.indexOf('-', a);
    if (b < 0 || b > end) b = end;
    const lex = sheet.lexiconOf(text, a, b);
    if (!(lex & (LEX.COMMON | LEX.ENGLISH | LEX.FUNCTION)) || lex & NAME_WORDS) return false;
    parts += 1;
    a = b + 1;
  }
  return parts >= 2;
}

/**
 * A place has a word of three letters or more. An address (a place with a number) also needs a
 * street or unit word, a known place name, or two capitalised words that are neither everyday
 * English words nor code words. Letters glued to a number ("E195") make a product code; a number
 * glued to letters ("5600X", "7K") too, unless a street or unit word is there ("12B Baker
 * Street"); dates ("17 June 2017") and short acronyms ("APA") are not places either. So "ISO
 * 8601", "RTX 3060 Ti" and "Zone 7K, Aisle 31" are not addresses; "12 Baker Street" and
 * "4923 Parmova 109, Maribor" are.
 */
function place(text: string, sheet: TokenSheet, from: number, to: number, score: number): Finding | null {
  let hasNumber = false;
  let lettersThenDigits = false;
  let digitsThenLetters = false;
  let calendarWords = 0;
  let addressWord = false;
  let placeWord = false;
  let distinctive = 0; // capitalised words of 3+ letters that are not everyday, street or code words
  let longWord = false;
  let codeWords = 0;
  let techWords = 0;
  let words = 0;
  let nameLike = 0; // capitalised words that are not street, unit or code words, or known places
  const numbered = hasStreetNumber(sheet, from, to);
  let postcodeEnd = -1;
  for (let k = from; k <= to; k += 1) {
    const flags = sheet.flags[k]!;
    const lex = sheet.lex[k]!;
    if (flags & TF.NUMBER) hasNumber = true;
    if (k > postcodeEnd && flags & TF.WORD) postcodeEnd = ukPostcode(sheet, k); // "QC89 3NO" is no code
    if (k > from && k > postcodeEnd && flags & TF.GLUED_BEFORE) {
      if (flags & TF.NUMBER && sheet.flags[k - 1]! & TF.WORD) lettersThenDigits = true; // "E195", "RTX3060"
      else if (flags & TF.WORD && sheet.flags[k - 1]! & TF.NUMBER) digitsThenLetters = true; // "5600X", "12B"
    }
    if (!(flags & TF.WORD)) continue;
    words += 1;
    const length = sheet.length[k]!;
    if (length >= 3) longWord = true;
    if (lex & ADDRESS_WORDS || (numbered && flags & TF.CAPITALISED && streetCompound(text, sheet, k))) addressWord = true;
    if (lex & LEX.CALENDAR || pluralCalendar(text, sheet, k)) calendarWords += 1;
    // Town-name words include everyday words ("Bin", "Aisle"): only the others count as places.
    if (lex & PLACE_WORDS && !(lex & (LEX.COMMON | LEX.CALENDAR)) && length >= 3 && flags & TF.CAPITALISED) placeWord = true;
    if (lex & LEX.CODE_CUE) codeWords += 1;
    if (isTechWord(sheet.word[k]!)) techWords += 1;
    const capitalised = (flags & TF.CAPITALISED) !== 0;
    if (capitalised && length >= 3 && !(flags & TF.ALL_CAPS) && !(lex & (ADDRESS_WORDS | LEX.CODE_CUE | LEX.CALENDAR)) && (lex & (LEX.COMMON | NAME_WORDS | PLACE_WORDS)) !== LEX.COMMON) distinctive += 1;
    if (capitalised && (!(lex & (ADDRESS_WORDS | LEX.CODE_CUE)) || lex & PLACE_WORDS)) nameLike += 1;
  }
  if (nameLike === 0 && !sheet.lowerCaseText) return null; // "building 9, floor 10", "SKU 5248"
  if (calendarWords === words || lettersThenDigits) return null; // "17 June 2017", "Embraer E195"
  if (from === to && sheet.flags[from]! & TF.ALL_CAPS && sheet.length[from]! <= 4 && (!(sheet.lex[from]! & PLACE_WORDS) || modifiesNext(sheet, to))) return null; // "APA", "HSL", "NYC style"
  if (from === to && (isTechWord(sheet.word[from]!) || isFieldWord(sheet.word[from]!) || coinedCompound(text, sheet, from))) return null; // "Apache", "Jenkins", "Mobile:", "Cloudmade"
  if (techWords > 0 && techWords === words) return null; // "Llama 3", "Claude 3": a product and its version
  if (!longWord || codeWords === words) return null;
  const start = sheet.start[from]!;
  const end = sheet.flags[to]! & TF.POSSESSIVE ? sheet.end[to]! - 2 : sheet.end[to]!; // "Warsaw's" is Warsaw
  // Without a street or unit word, a run ending in a dish or drink is an order, and counts
  // before capitalised words in a list or after a verb of buying are quantities: "Grande Latte",
  // "6 Margherita, 2 Quattro Formaggi", "ordered 2 Quattro Formaggi"; a number with a unit is a
  // measure ("Plum Jam 340 g").
  if (!addressWord && (menuHead(text, sheet, from, to) || countedItems(sheet, from, to) >= 2 || orderedCount(sheet, from) || measured(sheet, from, to))) return null;
  if (allDemonyms(sheet, from, to)) return null; // "Cape Verdean", "a 1999 South African film"
  if (holidayName(sheet, from, to)) return null; // "Christmas gift ideas" (Christmas is a town too)
  if (!hasNumber && !addressWord) {
    if (nationalityOnly(sheet, from, to)) return null; // "new Croatian"
    return { type: 'LOCATION', start, end, score };
  }
  if (!addressWord && regionAndZip(sheet, from, to)) return { type: 'LOCATION', start, end, score }; // "Milnerton, WC 7446": its zip is split off later
  const numberedStreet = distinctive >= 1 && (numberedStreetName(sheet, from, to) || inlineStreet(text, sheet, from, to));
  if (!addressWord && !numberedStreet && (digitsThenLetters || (!placeWord && distinctive < 2))) return null;
  return { type: 'STREET_ADDRESS', start, end, score };
}

/**
 * The span's last word is a dish or drink ("Latte", "Tiramisu", "Pizzas"). Town lists hold some of
 * these words ("Latte"), so they do not overrule it; a lone word is left to the tagger.
 */
function menuHead(text: string, sheet: TokenSheet, from: number, to: number): boolean {
  let k = to;
  while (k > from && !(sheet.flags[k]! & TF.WORD)) k -= 1;
  if (k === from || !(sheet.flags[k]! & TF.WORD)) return false;
  if (isMenuWord(sheet.word[k]!)) return true;
  const start = sheet.start[k]!;
  const end = sheet.end[k]!;
  return end - start > 3 && (text.charCodeAt(end - 1) | 32) === 115 && isMenuWord(hashLower(text, start, end - 1)); // "Lattes"
}

/**
 * Quantities in a list: a number of up to three digits before a capitalised word, at the span's
 * start or after a comma, "and", "or", "&" or "+" ("6 Margherita, 2 Quattro Formaggi"). An address
 * has one house number; a second one after a comma leads a street word or a town's name.
 */
function countedItems(sheet: TokenSheet, from: number, to: number): number {
  let items = 0;
  for (let k = from; k < to; k += 1) {
    const flags = sheet.flags[k]!;
    if (!(flags & TF.NUMBER) || sheet.length[k]! > 3 || flags & TF.GLUED_BEFORE) continue;
    const next = sheet.flags[k + 1]!;
    if (!(next & TF.WORD) || next & TF.GLUED_BEFORE || (!(next & TF.CAPITALISED) && !sheet.lowerCaseText)) continue;
    if (k === from || LIST_JOINERS.has(sheet.word[k - 1]!)) items += 1;
  }
  return items;
}

/** The span starts with a number right after a verb of buying or ordering ("ordered 2 Quattro Formaggi"): a quantity, not a house number. */
function orderedCount(sheet: TokenSheet, from: number): boolean {
  return from > 0 && (sheet.flags[from]! & TF.NUMBER) !== 0 && ORDER_VERBS.has(sheet.word[from - 1]!);
}

const ORDER_VERBS = new WordSet(
  'order ordered ordering orders buy bought buying purchase purchased sold sell selling restock restocked reorder reordered add added want need get got take took'
    .split(' ')
    .map((w) => hashLower(w, 0, w.length)),
);
/** A number in the span (or its last token) is followed by a unit of measure in lower case or capitals: "340 g", "500 ml", "16 GB". */
function measured(sheet: TokenSheet, from: number, to: number): boolean {
  for (let k = from; k <= to && k + 1 < sheet.count; k += 1) {
    if (!(sheet.flags[k]! & TF.NUMBER)) continue;
    const unit = sheet.flags[k + 1]!;
    if (unit & TF.WORD && !(unit & TF.LINE_START) && (!(unit & TF.CAPITALISED) || unit & TF.ALL_CAPS) && UNITS.has(sheet.word[k + 1]!)) return true;
  }
  return false;
}

const UNITS = new WordSet(
  'g kg mg µg ml cl dl l lb lbs oz fl cm mm km m2 m³ sqm sqft ft inch kb mb gb tb ghz mhz kw kwh mah pcs pc pack x'
    .split(' ')
    .map((w) => hashLower(w, 0, w.length)),
);
const LIST_JOINERS = new WordSet([',', 'and', 'or', '&', '+'].map((w) => hashLower(w, 0, w.length)));

/**
 * The span is a town, a region code and a zip code on one line ("Milnerton, WC 7446", "Kooigem,
 * VWV 8510"): capitalised words without numbers, a comma, two or three capitals and 3 to 6 digits.
 */
function regionAndZip(sheet: TokenSheet, from: number, to: number): boolean {
  const code = to - 1;
  const comma = to - 2;
  if (comma <= from || !(sheet.flags[to]! & TF.NUMBER) || sheet.length[to]! < 3 || sheet.length[to]! > 6 || sheet.flags[to]! & (TF.GLUED_BEFORE | TF.LINE_START)) return false;
  if (!(sheet.flags[code]! & TF.ALL_CAPS) || sheet.length[code]! > 3 || sheet.flags[code]! & (TF.GLUED_BEFORE | TF.LINE_START) || !(sheet.flags[comma]! & TF.PUNCT) || sheet.word[comma] !== COMMA_WORD) return false;
  for (let k = from; k < comma; k += 1) {
    const flags = sheet.flags[k]!;
    if (flags & (TF.NUMBER | TF.LINE_START) && k > from) return false;
    if (flags & TF.NUMBER || (flags & TF.WORD && !(flags & TF.CAPITALISED) && !isParticle(sheet.word[k]!))) return false;
  }
  return true;
}

const COMMA_WORD = hashLower(',', 0, 1);

/** Every word of tokens [from, to] is a nationality (a multi-word one is marked whole by `markDemonyms`). */
function allDemonyms(sheet: TokenSheet, from: number, to: number): boolean {
  for (let k = from; k <= to; k += 1) if (sheet.flags[k]! & TF.WORD && !(sheet.lex[k]! & LEX.DEMONYM)) return false;
  return true;
}

/**
 * A nationality or language is no place, with or without the words before it in a text that uses
 * capitals ("new Croatian", "the Danish"): every capitalised word is a demonym and no word a
 * place.
 */
function nationalityOnly(sheet: TokenSheet, from: number, to: number): boolean {
  let demonyms = 0;
  for (let k = from; k <= to; k += 1) {
    const flags = sheet.flags[k]!;
    if (!(flags & TF.WORD)) continue;
    const lex = sheet.lex[k]!;
    if (lex & LEX.DEMONYM) demonyms += 1;
    // A lower-case everyday word in a text with capitals is no part of a place's name, even when
    // town names hold it ("new" of New York): "this nice new Croatian place" is no place.
    else if (flags & TF.CAPITALISED || sheet.lowerCaseText || (lex & PLACE_WORDS && !(lex & (LEX.COMMON | LEX.ENGLISH | LEX.FUNCTION)))) return false;
  }
  return demonyms > 0;
}

// Endings of one-word street names in languages that write them as compounds ("Sludevej",
// "Ziegelgasse", "Beerninckstraat", "Hansinegata", "Kiannonkatu"): our own list.
const STREET_ENDINGS = ['straat', 'strasse', 'straße', 'gasse', 'weg', 'vej', 'veien', 'vegen', 'vägen', 'gata', 'gatan', 'gade', 'gränd', 'katu', 'kuja', 'polku', 'utca', 'laan', 'plein', 'allee', 'platz', 'torv', 'stræde', 'steig', 'damm', 'ufer', 'kade', 'gracht'];

/**
 * A house number, one to three distinctive capitalised words and a number, nothing else: "87818
 * Dalmatinova 68", "5366 Pivovarská 276" — not "94 Stk. à 954,14" (an abbreviation, a lower-case
 * word, a decimal amount).
 */
function numberedStreetName(sheet: TokenSheet, from: number, to: number): boolean {
  if (to - from < 2 || to - from > 4 || !(sheet.flags[from]! & TF.NUMBER) || !(sheet.flags[to]! & TF.NUMBER)) return false;
  for (let k = from + 1; k < to; k += 1) {
    const flags = sheet.flags[k]!;
    if (!(flags & TF.WORD) || (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText) || flags & TF.DOT_AFTER || flags & TF.GLUED_BEFORE || sheet.length[k]! < 3) return false;
  }
  const next = to + 1;
  return !(next + 1 < sheet.count && sheet.flags[next]! & TF.PUNCT && sheet.flags[next]! & TF.GLUED_BEFORE && sheet.flags[next + 1]! & TF.NUMBER && sheet.flags[next + 1]! & TF.GLUED_BEFORE);
}

/**
 * A street name and house number written the continental way, inside a sentence, after a word
 * that leads to an address: "at Ročovská 26", "shipped to Maxpark 339", "Address: Markkukuja 2b".
 * One to three distinctive capitalised words, then one number of up to four digits (a lower-case
 * letter may follow it), and no decimal part: not "to Windows 11" (software), "at Gate 12" (an
 * everyday word), "to Claude 3" (a first name) or "to Mistral 7B".
 */
export function inlineStreet(text: string, sheet: TokenSheet, from: number, to: number, leadIn = from - 1, addressSentence = false): boolean {
  let last = to;
  if (sheet.flags[to]! & TF.WORD && sheet.flags[to]! & TF.GLUED_BEFORE && sheet.length[to] === 1 && to > from && sheet.flags[to - 1]! & TF.NUMBER) {
    const c = text.charCodeAt(sheet.start[to]!);
    if (c < 97 || c > 122) return false; // "7B", "5K": sizes and codes
    last = to - 1;
  }
  if (last - from < 1 || last - from > 3 || !(sheet.flags[last]! & TF.NUMBER) || sheet.length[last]! > 4 || sheet.flags[last]! & TF.GLUED_BEFORE) return false;
  for (let k = from; k < last; k += 1) {
    if (k > from && abbreviatedStreetDot(text, sheet, k)) continue;
    const flags = sheet.flags[k]!;
    const lex = sheet.lex[k]!;
    if (!(flags & TF.WORD) || (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText) || flags & TF.ALL_CAPS || sheet.length[k]! < 3) return false;
    // Street names here are on no word list but the surnames and street words: an everyday word
    // ("Gate 12", "Level 3"), a first name ("Claude 3"), a town ("Heathrow 5 minutes") or software
    // ("Python 3") with a number is something else.
    if (lex & ~(LEX.LAST_NAME | LEX.STREET_TYPE | LEX.UNIT) || isTechWord(sheet.word[k]!)) return false;
  }
  const next = to + 1;
  if (next < sheet.count && sheet.flags[next]! & TF.GLUED_BEFORE && !(sheet.flags[next]! & TF.PUNCT)) return false;
  if (next + 1 < sheet.count && sheet.flags[next]! & TF.GLUED_BEFORE && sheet.flags[next + 1]! & TF.GLUED_BEFORE && sheet.flags[next + 1]! & TF.NUMBER) return false; // "Foo 3.11"
  // An address ends its clause; a count of something goes on ("Zendesk 3 replies", "Pokemon 25 cards").
  if (next < sheet.count && !streetLineEnds(sheet, next) && !(sheet.lex[next]! & LEX.CALENDAR) && !TIME_WORDS.has(sheet.word[next]!)) return false;
  return addressSentence || leadsToAddress(sheet, leadIn);
}

const ADDRESS_NOUNS = new TokenWordSet(['address', 'addresses'].map((w) => hashLower(w, 0, w.length)));

/**
 * A street between a house number and its number ("at 2941 Αγ. Ανδρέα 130", "at 8900 Csabai kapu
 * 60.", "to 7294 V Zahradách 505"): framed by two numbers, the name may hold abbreviations, short
 * and lower-case words, as streets in many languages do, where `inlineStreet` alone asks for
 * distinctive capitalised words. At least one word of three letters or more is capitalised (not in
 * capitals) and on no everyday list unless a surname or street list has it; no function word but
 * a name particle, no calendar, code or software word, no mark but . / ' -; the number has up to
 * four digits (a full stop may follow it, "15.") and the street line ends after it. Returns the
 * last token, or -1.
 */
function numberFramedStreet(text: string, sheet: TokenSheet, from: number, to: number): number {
  const number = sheet.flags[to]! & TF.NUMBER ? to : to - 1;
  if (sheet.length[number]! > 4 || sheet.flags[number]! & TF.GLUED_BEFORE || number - from < 1) return -1;
  let named = false;
  for (let k = from; k < number; k += 1) {
    const flags = sheet.flags[k]!;
    const lex = sheet.lex[k]!;
    if (flags & TF.PUNCT) {
      if (!STREET_MARKS.includes(text[sheet.start[k]!]!)) return -1;
      continue;
    }
    if (!(flags & TF.WORD) || isTechWord(sheet.word[k]!) || lex & (LEX.CALENDAR | LEX.CODE_CUE | LEX.TITLE)) return -1;
    if (lex & LEX.FUNCTION && !isParticle(sheet.word[k]!)) return -1;
    const distinctive = !(lex & (LEX.COMMON | LEX.ENGLISH)) || (lex & (LEX.LAST_NAME | LEX.STREET_TYPE)) !== 0;
    if ((flags & TF.CAPITALISED || sheet.lowerCaseText) && !(flags & TF.ALL_CAPS) && sheet.length[k]! >= 3 && distinctive) named = true;
  }
  if (!named) return -1;
  let end = to;
  let next = end + 1;
  if (next < sheet.count && text[sheet.start[next]!] === '.' && sheet.flags[next]! & TF.GLUED_BEFORE && !(next + 1 < sheet.count && sheet.flags[next + 1]! & TF.GLUED_BEFORE)) {
    end = next; // "Király u. 15."
    next += 1;
  }
  if (next < sheet.count && sheet.flags[next]! & TF.GLUED_BEFORE && !(sheet.flags[next]! & TF.PUNCT)) return -1;
  if (end === to && next + 1 < sheet.count && sheet.flags[next]! & TF.GLUED_BEFORE && sheet.flags[next + 1]! & TF.GLUED_BEFORE && sheet.flags[next + 1]! & TF.NUMBER) return -1; // "3.11"
  if (next < sheet.count && !streetLineEnds(sheet, next) && !(sheet.lex[next]! & LEX.CALENDAR)) return -1;
  return end;
}

const STREET_MARKS = ['.', '/', "'", '’', '-'];

/**
 * A street written before its house number that the tagger left out of the address it found from
 * the number on ("Kantstr. 3, 46895 Koszewskischeid", "Renkgasse 85\n39508 Veronikascheid"): a
 * one-word street name cut short with "-str." or ending in a street word, right before the number
 * on its line, heads the address. Returns the token the address starts at.
 */
function streetNameBefore(text: string, sheet: TokenSheet, labels: Uint8Array, from: number): number {
  if (!(sheet.flags[from]! & TF.NUMBER) || sheet.flags[from]! & (TF.LINE_START | TF.GLUED_BEFORE) || from < 1) return from;
  let k = from - 1;
  if (k >= 1 && abbreviatedStreetDot(text, sheet, k)) k -= 1;
  else if (!streetCompound(text, sheet, k)) return from;
  const flags = sheet.flags[k]!;
  return labels[k] === TAG_O && flags & TF.WORD && flags & TF.CAPITALISED && !(flags & TF.ALL_CAPS) ? k : from;
}

/** Token `k` is the stop of a German street name cut short with "-str." ("Hauptstr. 62", "Gustav-Freytag-Str. 620"). */
export function abbreviatedStreetDot(text: string, sheet: TokenSheet, k: number): boolean {
  if (text.charCodeAt(sheet.start[k]!) !== 46 || !(sheet.flags[k - 1]! & TF.DOT_AFTER)) return false;
  const end = sheet.end[k - 1]!;
  return end - sheet.start[k - 1]! >= 4 && text.slice(end - 3, end).toLowerCase() === 'str';
}

const TIME_WORDS = new WordSet(['yesterday', 'today', 'tomorrow', 'now', 'soon', 'please', 'instead', 'asap', 'tonight', 'again'].map((w) => hashLower(w, 0, w.length)));

/**
 * Inline continental addresses the tagger left untagged ("live at Aviatická 23"): every token that
 * leads to an address is tried with one to three words and a house number after it (see
 * `inlineStreet`); a match that overlaps no finding is a STREET_ADDRESS.
 */
export function inlineStreets(text: string, sheet: TokenSheet, found: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  const taken = new SpanOverlap(found);
  // A place the tagger found inside the street ("Trollegade" of "from Trollegade 12 at 9am") gives
  // way to it; the caller drops such places.
  const places = found.filter((f) => f.type === 'LOCATION');
  const free = (start: number, end: number): boolean => {
    if (!taken.overlaps(start, end)) return true;
    const inside = (f: Finding): boolean => f.start >= start && f.end <= end;
    return found.every((f) => f.end <= start || f.start >= end || (f.type === 'LOCATION' && inside(f))) && places.some(inside);
  };
  // In a sentence about an address ("is the address still Hafnarstraeti 5?", "New address on file —
  // Pivovarská 276 —"), any word may lead to the street.
  let addressSentence = false;
  let next = 0;
  for (let k = 0; k + 2 < sheet.count; k += 1) {
    if (sheet.flags[k]! & (TF.SENTENCE_START | TF.LINE_START)) addressSentence = false;
    if (k < next) continue;
    if (ADDRESS_NOUNS.at(sheet, k)) addressSentence = true;
    const cued = addressSentence && !(sheet.flags[k + 1]! & (TF.SENTENCE_START | TF.LINE_START));
    if (!cued && !leadsToAddress(sheet, k)) continue;
    // The house number may come first, as presidio-synth's generator writes it ("meet me at 2407
    // tawastintie 6, sé, portugal", "My address is 6084 Långlöt 44\nNORSBORG"); the tagger misses
    // these, in lower case most of all.
    const numberFirst = houseNumber(sheet, k + 1) ? 1 : 0;
    const first = k + 1 + numberFirst;
    if (first + 1 >= sheet.count || !(sheet.flags[first]! & TF.CAPITALISED || sheet.lowerCaseText || numberFirst)) continue;
    for (let to = first + 1; to <= first + 5 && to < sheet.count; to += 1) {
      if (!(sheet.flags[to]! & TF.NUMBER) && !(sheet.flags[to]! & TF.GLUED_BEFORE && sheet.flags[to - 1]! & TF.NUMBER)) continue;
      let end = to;
      if (end + 1 < sheet.count && sheet.flags[end + 1]! & TF.WORD && sheet.flags[end + 1]! & TF.GLUED_BEFORE && sheet.length[end + 1] === 1) end += 1; // "99b"
      if (numberFirst && !inlineStreet(text, sheet, first, end, k, cued)) end = numberFramedStreet(text, sheet, first, end);
      else if (!inlineStreet(text, sheet, first, end, k, cued)) break;
      if (end < 0) break;
      const start = sheet.start[k + 1]!;
      // The street line goes on with its postal code, town and country (", 32265 Mainz"), as a tagged one does.
      const last = addressContinuation(text, sheet, end);
      const whole = sheet.end[last]!;
      if (free(start, whole)) out.push({ type: 'STREET_ADDRESS', start, end: whole, score });
      next = last + 1; // no second street inside this one
      break;
    }
  }
  {
    // Streets found by this loop never overlap each other (it goes on after each one's end), so
    // only the inline streets found above are asked about: a copy, as this loop adds to `out`.
    const inline = new SpanOverlap([...out]);
    for (let k = 0; k + 2 < sheet.count; k += 1) {
      const last = numberedStreet(sheet, k);
      if (last < 0) continue;
      const start = sheet.start[k]!;
      const stop = sheet.end[last]!;
      if (!taken.overlaps(start, stop) && !inline.overlaps(start, stop)) out.push({ type: 'STREET_ADDRESS', start, end: stop, score });
      k = last;
    }
  }
  return out;
}

/**
 * A nationality noun ending in "-er" right after a preposition of place ("moved here from
 * Greenlander", "coming to Greenlander"), with no article, is the country: a person noun would take
 * one ("a Greenlander"). presidio-research's person records name Greenland so (1 country in 35).
 */
export function demonymPlaces(text: string, sheet: TokenSheet, found: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  const taken = new SpanOverlap(found);
  for (let k = 1; k < sheet.count; k += 1) {
    const flags = sheet.flags[k]!;
    if (!(sheet.lex[k]! & LEX.DEMONYM) || !(flags & TF.CAPITALISED) || flags & (TF.ALL_CAPS | TF.LINE_START) || sheet.length[k]! < 6) continue;
    const end = sheet.end[k]!;
    if (text.charCodeAt(end - 2) !== 101 || text.charCodeAt(end - 1) !== 114) continue; // "-er"
    if (!PLACE_PREPOSITIONS.at(sheet, k - 1)) continue;
    const next = k + 1;
    if (next < sheet.count && sheet.flags[next]! & TF.WORD && sheet.flags[next]! & TF.CAPITALISED && !(sheet.flags[next]! & TF.SENTENCE_START)) continue; // "from Greenlander Air"
    const start = sheet.start[k]!;
    if (!taken.overlaps(start, end)) out.push({ type: 'LOCATION', start, end, score });
  }
  return out;
}

/**
 * Towns written in capitals after a preposition of place ("flying to BORDEAUX tomorrow", "grew up
 * in TIN CAN BAY"), which the tagger, reading capitals as acronyms, leaves out: one to three words
 * in capitals, one of four letters or more on the town or region lists, no software name, and not
 * an acronym qualifying the lower-case word after it ("to JSON format").
 */
export function capitalTowns(text: string, sheet: TokenSheet, found: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  const taken = new SpanOverlap(found);
  for (let k = 1; k < sheet.count; k += 1) {
    if (!PLACE_PREPOSITIONS.at(sheet, k - 1) || sheet.flags[k - 1]! & TF.CAPITALISED) continue;
    let last = k - 1;
    let known = false;
    for (let t = k; t < sheet.count && t - k < 3; t += 1) {
      const flags = sheet.flags[t]!;
      if (!(flags & TF.WORD) || !(flags & TF.ALL_CAPS) || flags & TF.LINE_START || isTechWord(sheet.word[t]!)) break;
      if (sheet.length[t]! >= 4 && sheet.lex[t]! & (LEX.CITY | LEX.REGION)) known = true;
      last = t;
    }
    if (last < k || !known || modifiesNext(sheet, last)) continue;
    const next = last + 1;
    if (next < sheet.count && sheet.flags[next]! & (TF.NUMBER | TF.GLUED_BEFORE) && !(sheet.flags[next]! & TF.PUNCT)) continue; // "in ISO 8601", "to RTX3060"
    const start = sheet.start[k]!;
    const end = sheet.end[last]!;
    if (!taken.overlaps(start, end)) out.push({ type: 'LOCATION', start, end, score });
    k = last;
  }
  return out;
}

const PLACE_PREPOSITIONS = new TokenWordSet(['in', 'to', 'from', 'at', 'near', 'into', 'across', 'around'].map((w) => hashLower(w, 0, w.length)));

/** Token `t` is a house number standing alone: up to five digits, nothing glued to it. */
function houseNumber(sheet: TokenSheet, t: number): boolean {
  if (t + 1 >= sheet.count || !(sheet.flags[t]! & TF.NUMBER) || sheet.length[t]! > 5 || sheet.flags[t]! & TF.GLUED_BEFORE) return false;
  return !(sheet.flags[t + 1]! & TF.GLUED_BEFORE);
}

/** The street line ends before token `t`: at the text's or line's end, punctuation, a town, a function word ("in", "and") or a time word ("yesterday"); "2 Flash Drive sticks" goes on. */
function streetLineEnds(sheet: TokenSheet, t: number): boolean {
  if (t >= sheet.count) return true;
  const flags = sheet.flags[t]!;
  return (flags & (TF.LINE_START | TF.PUNCT | TF.CAPITALISED)) !== 0 || (sheet.lex[t]! & LEX.FUNCTION) !== 0 || TIME_WORDS.has(sheet.word[t]!);
}

/**
 * The last token of a street line written the English way that starts at token `k` — a house
 * number, one to three capitalised words and a street word ("385 Gemsbok St", "12 Baker Street")
 * — or -1. Calendar and code words are no street names ("5 March Road" aside, "3 June Drive" is not).
 */
function numberedStreet(sheet: TokenSheet, k: number): number {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.NUMBER) || sheet.length[k]! > 5 || flags & TF.GLUED_BEFORE) return -1;
  if (k + 1 < sheet.count && sheet.flags[k + 1]! & TF.GLUED_BEFORE) return -1;
  for (let t = k + 1; t <= k + 4 && t < sheet.count; t += 1) {
    const f = sheet.flags[t]!;
    if (!(f & TF.WORD) || (!(f & TF.CAPITALISED) && !sheet.lowerCaseText) || f & TF.LINE_START) return -1;
    const lex = sheet.lex[t]!;
    if (t > k + 1 && lex & LEX.STREET_TYPE) return streetLineEnds(sheet, t + 1) ? t : -1;
    if (lex & (LEX.CALENDAR | LEX.CODE_CUE | LEX.FUNCTION | LEX.UNIT) || isTechWord(sheet.word[t]!)) return -1;
  }
  return -1;
}

// Prepositions that lead to a place: the usual four, and the locative ones ("meet me outside
// Nørrebrogade 864", "is it near Schloßstr. 36a"), added by the fresh templates' tune rows
// (templates-3 0.941 -> 0.958 with presidio values) with cross-validation, the other fresh sets and
// the harmless prompts unchanged; the words after them must still read as a street (inlineStreet).
const ADDRESS_PREPOSITIONS = new TokenWordSet(
  ['at', 'to', 'from', 'for', 'outside', 'near', 'on', 'in', 'into', 'opposite', 'behind', 'beside', 'past', 'towards', 'toward', 'via', 'around'].map((w) => hashLower(w, 0, w.length)),
);
const COLON = hashLower(':', 0, 1);

/** Token `k` leads to an address: "at", "to", "from", "near", a place cue ("address", "live", "ship"), or a colon, "is" or "was" after one. */
function leadsToAddress(sheet: TokenSheet, k: number): boolean {
  if (k < 0) return false;
  const word = sheet.word[k]!;
  if (ADDRESS_PREPOSITIONS.at(sheet, k) || sheet.lex[k]! & LEX.PLACE_CUE) return true;
  return (word === COLON || word === IS || word === WAS) && k > 0 && (sheet.lex[k - 1]! & LEX.PLACE_CUE) !== 0; // "address: …", "address is …"
}

const IS = hashLower('is', 0, 2);
const WAS = hashLower('was', 0, 3);

/** Whether the span has a number (a house number) at all. */
function hasStreetNumber(sheet: TokenSheet, from: number, to: number): boolean {
  for (let k = from; k <= to; k += 1) if (sheet.flags[k]! & TF.NUMBER) return true;
  return false;
}

/** A word of five letters or more ending in a street word ("Sludevej", "Ziegelgasse"): a street name. */
export function streetCompound(text: string, sheet: TokenSheet, k: number): boolean {
  const start = sheet.start[k]!;
  const end = sheet.end[k]!;
  if (end - start < 6) return false;
  const word = text.slice(start, end).toLowerCase();
  return STREET_ENDINGS.some((e) => word.length >= e.length + 3 && word.endsWith(e));
}

/** An acronym followed on its line by a lower-case word qualifies it ("APA style", "OSLO branch"): not a place of its own. */
function modifiesNext(sheet: TokenSheet, t: number): boolean {
  const next = t + 1;
  if (next >= sheet.count) return false;
  const flags = sheet.flags[next]!;
  // A function or time word after it modifies nothing: "I am in OSLO for a trip", "to OSLO tomorrow".
  if (sheet.lex[next]! & (LEX.FUNCTION | LEX.CALENDAR) || TIME_WORDS.has(sheet.word[next]!)) return false;
  return (flags & TF.WORD) !== 0 && !(flags & (TF.CAPITALISED | TF.LINE_START));
}



/**
 * The lines cut from the top of an address block are its recipient: a line of two to four
 * capitalised words with no number and no company word ("Marta Palermo", not "Nordwind GmbH" or
 * "Cityscan") is a person.
 */
function recipientNames(text: string, sheet: TokenSheet, from: number, to: number, score: number, out: Finding[]): void {
  let k = from;
  while (k <= to) {
    let end = k;
    while (end + 1 <= to && !(sheet.flags[end + 1]! & TF.LINE_START)) end += 1;
    let a = k;
    let b = end;
    while (a <= b && sheet.flags[a]! & TF.PUNCT) a += 1;
    while (b >= a && sheet.flags[b]! & TF.PUNCT) b -= 1;
    let words = 0;
    let nameLike = true;
    for (let t = a; t <= b && nameLike; t += 1) {
      const flags = sheet.flags[t]!;
      if (flags & TF.PUNCT && flags & TF.GLUED_BEFORE && sheet.end[t]! - sheet.start[t]! === 1 && text[sheet.start[t]!] === '.') continue; // "C."
      if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || sheet.lex[t]! & (LEX.ORG_SUFFIX | LEX.FUNCTION)) nameLike = false;
      else words += 1;
    }
    if (nameLike && words >= 2 && words <= 4) {
      const finding = person(text, sheet, a, b, score);
      if (finding) out.push(finding);
    }
    k = end + 1;
  }
}
