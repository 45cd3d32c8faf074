import { FOREIGN_TITLES as FOREIGN_TITLE_WORDS } from '../../language/function-words.js';
import { finding, type Finding, sortByStart } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isMajorPlace } from './major-places.js';
import { COUNTRY_NAMES } from './country-names.js';
import { capitalisedWord, FOREIGN, foreignTokens, particle, words } from './sentence-languages.js';
import { NAME_LABELS } from './labelled-names.js';
import { TF, type TokenSheet } from './token-sheet.js';

// Verbs that announce one's name: "m'appelle", "heiße", "llamo", "chiamo", "chamo", "heet".
const NAMING_VERBS = words("appelle m'appelle t'appelle s'appelle heiße heisse heißt heisst llamo llama chiamo chiama chamo chama heet");
// Score of a person found by rule in a foreign sentence: above the threshold, below the tagger's sure spans.
const NAMED_PERSON_SCORE = 0.7;

// Titles that announce a person in those languages (English ones are in the lexicon).
const FOREIGN_TITLES = words(FOREIGN_TITLE_WORDS);

// Feasts whose names are first names too ("la fête de Noël", "la cena di Natale"): alone, the feast.
const HOLIDAYS = words(
  'noël noel natale navidad navidades natal weihnachten kerst kerstmis pâques paques pasqua pascua páscoa pascoa ostern pasen ' +
    'pentecôte pentecoste pentecostés pfingsten pinksteren toussaint ognissanti ferragosto epifania epifanía befana carnaval carnevale karneval ' +
    'fasching silvester sinterklaas reyes',
);

// A country alone names no one (HIPAA's Safe Harbor, for one, keeps states and countries; only
// smaller places identify): "un voyage en Thaïlande", "ein Paket nach Österreich". English
// sentences keep them as the tagger found them, since presidio-synth labels countries as places.
const COUNTRIES = new Set(COUNTRY_NAMES.split('|').filter(Boolean));

/**
 * The person and place tagger learnt English: in German every noun has a capital, and in any
 * language a greeting opens the sentence with one ("Hallo", "Bonjour"), so it tags whole
 * sentences as persons, places and streets. In sentences written in another language (more of
 * its function words or accented words than English function words, at least two; or any
 * sentence not clearly English when the text as a whole is in another language) a finding stays
 * only on evidence that holds in any language: a person with a known first name and a surname,
 * or a title before it; a street address with a number in it (cut to start at the street); a
 * place whose every word is a known city, region or country. Persons the tagger missed or
 * mistyped there are found as a reader would: capitalised words after a title ("Frau Schulz",
 * "signora Greco") or a naming verb ("je m'appelle Pierre Martin"), or a known first name with a
 * surname ("Matteo Esposito"). Findings in English sentences are left as they were.
 *
 * @example settleForeignSentences(text, sheet, found) // drops "Hallo" and "Sehr geehrte Damen und Herren", keeps "Thomas Müller"
 */
export function settleForeignSentences(text: string, sheet: TokenSheet, found: Finding[]): Finding[] {
  const foreign = foreignTokens(text, sheet);
  if (foreign === null) return found;
  const kept: Finding[] = [];
  for (const f of found) {
    const first = sheet.tokenAt(f.start);
    if (first < 0 || !foreign[first]) {
      kept.push(f);
      continue;
    }
    let last = first;
    while (last + 1 < sheet.count && sheet.start[last + 1]! < f.end) last += 1;
    if (f.type === 'PERSON') {
      const name = nameStart(sheet, first, last);
      if (name >= 0 && evidentPerson(sheet, name, last) && !(name === last && HOLIDAYS.has(sheet.word[name]!))) kept.push(finding(f.type, sheet.start[name]!, f.end, f.score));
    } else if (f.type === 'STREET_ADDRESS') {
      const street = streetStart(sheet, first, last);
      if (street >= 0) kept.push(finding(f.type, sheet.start[street]!, f.end, f.score));
    } else if (f.type !== 'LOCATION' || (knownPlace(sheet, first, last) && !COUNTRIES.has(text.slice(f.start, f.end).toLowerCase()))) kept.push(f);
  }
  const named = namedPersons(sheet, foreign, kept);
  return named.length === 0 ? kept : sortByStart([...kept, ...named]);
}

/**
 * Persons in foreign sentences that no kept finding covers: the capitalised words (up to three,
 * particles between them) after a title or a naming verb, or a run of two or more that starts
 * with a known first name.
 */
function namedPersons(sheet: TokenSheet, foreign: Uint8Array, kept: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  // Runs come in text order: one sweep over the kept findings by start, keeping the furthest end
  // of those starting before the run ends, tells whether any overlaps it.
  const byStart = sortByStart([...kept]);
  let next = 0;
  let furthestEnd = -1;
  let t = 0;
  while (t < sheet.count) {
    if (!foreign[t] || !capitalisedWord(sheet, t) || sheet.flags[t]! & (TF.SENTENCE_START | TF.ALL_CAPS)) {
      t += 1;
      continue;
    }
    if (isTitle(sheet, t)) {
      t += 1;
      continue;
    }
    const before = previousWord(sheet, t);
    const cued = before >= 0 && (NAMING_VERBS.has(sheet.word[before]!) || isTitle(sheet, before));
    let end = t + 1;
    let words = 1;
    while (end < sheet.count && words < 3) {
      let next = end;
      while (next < sheet.count && particle(sheet, next)) next += 1;
      if (next >= sheet.count || !capitalisedWord(sheet, next) || sheet.flags[next]! & TF.LINE_START) break;
      end = next + 1;
      words += 1;
    }
    const firstName = (sheet.lex[t]! & LEX.FIRST_NAME) !== 0 && !FOREIGN.has(sheet.word[t]!) && !FOREIGN_TITLES.has(sheet.word[t]!);
    const start = sheet.start[t]!;
    const stop = sheet.end[end - 1]!;
    while (next < byStart.length && byStart[next]!.start < stop) furthestEnd = Math.max(furthestEnd, byStart[next++]!.end);
    if ((cued || (firstName && words >= 2)) && furthestEnd <= start) {
      out.push({ type: 'PERSON', start, end: stop, score: NAMED_PERSON_SCORE });
    }
    t = end;
  }
  return out;
}

/**
 * The first token of a person span after its greeting, titles and any leading noun before a known
 * first name ("Cher Monsieur Girard" → "Girard", "Ansprechpartnerin Sabine Koch" → "Sabine Koch"), or -1.
 */
function nameStart(sheet: TokenSheet, first: number, last: number): number {
  let t = first;
  while (t <= last && (!(sheet.flags[t]! & TF.WORD) || FOREIGN.has(sheet.word[t]!) || isTitle(sheet, t))) t += 1;
  if (t > last) return -1;
  let name = t;
  while (name <= last && !(sheet.lex[name]! & (LEX.FIRST_NAME | LEX.LAST_NAME))) name += 1;
  return name <= last && sheet.lex[name]! & LEX.FIRST_NAME ? name : t;
}

function isTitle(sheet: TokenSheet, t: number): boolean {
  return FOREIGN_TITLES.has(sheet.word[t]!) || (sheet.lex[t]! & LEX.TITLE) !== 0;
}

function evidentPerson(sheet: TokenSheet, first: number, last: number): boolean {
  const before = previousWord(sheet, first);
  if (before >= 0 && isTitle(sheet, before)) return true;
  if (nameField(sheet, first)) return true;
  let words = 0;
  let firstName = false;
  for (let t = first; t <= last; t += 1) {
    if (!(sheet.flags[t]! & TF.WORD)) continue;
    words += 1;
    if (sheet.lex[t]! & LEX.FIRST_NAME && sheet.flags[t]! & TF.CAPITALISED && !FOREIGN.has(sheet.word[t]!)) firstName = true;
  }
  if (!firstName) return false;
  return words >= 2 || !(sheet.flags[first]! & TF.SENTENCE_START) || aloneOnLine(sheet, first, last);
}

/** The value of a form's name field: "Nom : Qiang Xu", "Name: …", "Nombre: …" opening their line. */
function nameField(sheet: TokenSheet, first: number): boolean {
  const colon = first - 1;
  const label = first - 2;
  return label >= 0 && sheet.word[colon] === COLON && NAME_LABELS.has(sheet.word[label]!) && (sheet.flags[label]! & TF.LINE_START) !== 0;
}

/** A signature: the span is all there is on its line ("Merci,\nMathilde"). */
function aloneOnLine(sheet: TokenSheet, first: number, last: number): boolean {
  let next = last + 1;
  while (next < sheet.count && sheet.flags[next]! & TF.PUNCT && !(sheet.flags[next]! & TF.LINE_START)) next += 1;
  return (sheet.flags[first]! & TF.LINE_START) !== 0 && (next >= sheet.count || (sheet.flags[next]! & TF.LINE_START) !== 0);
}

function previousWord(sheet: TokenSheet, t: number): number {
  let k = t - 1;
  while (k >= 0 && sheet.flags[k]! & TF.PUNCT && sheet.end[k]! - sheet.start[k]! === 1 && sheet.start[k + 1]! - sheet.end[k]! <= 1) k -= 1;
  return k >= 0 && sheet.flags[k]! & TF.WORD ? k : -1;
}

/**
 * A number that can be a house number: not one group of a longer grouped number (a card, a
 * phone, an IBAN: "Kreditkarte 4111 1111 1111 1111" is no street). A number on the next line
 * is no group of it ("Renkgasse 85\n39508 Veronikascheid": the postal code).
 */
function houseNumber(sheet: TokenSheet, t: number): boolean {
  if (!(sheet.flags[t]! & TF.NUMBER)) return false;
  const next = t + 1 < sheet.count && sheet.flags[t + 1]! & TF.NUMBER && !(sheet.flags[t + 1]! & TF.LINE_START);
  const previous = t > 0 && sheet.flags[t - 1]! & TF.NUMBER && !(sheet.flags[t]! & TF.LINE_START);
  return !next && !previous;
}

/**
 * Where a street address in a foreign sentence starts, or -1 without a number in it: at the
 * capitalised words (and name particles) right before its first number ("… die Unterlagen an
 * Lindenallee 14" → "Lindenallee 14"; "Calle de Alcalá 120"), else at the number ("au 18 rue …").
 */
function streetStart(sheet: TokenSheet, first: number, last: number): number {
  let number = first;
  while (number <= last && !houseNumber(sheet, number)) number += 1;
  if (number > last) return -1;
  let start = walkBackOverName(sheet, first, number);
  // "Général de Gaulle, 34200 Lille": a postal code before its town; the street is before the comma.
  if (start === number && number - 2 >= first && sheet.word[number - 1] === COMMA && capitalisedWord(sheet, number - 2) && capitalisedWord(sheet, number + 1)) {
    start = walkBackOverName(sheet, first, number - 1);
  }
  while (start < number && particle(sheet, start)) start += 1;
  return start;
}

/** The first of the capitalised words, name particles and abbreviations right before `t` inside the span. */
function walkBackOverName(sheet: TokenSheet, first: number, t: number): number {
  let start = t;
  while (start - 1 >= first && (capitalisedWord(sheet, start - 1) || particle(sheet, start - 1) || abbreviationDot(sheet, first, start - 1))) start -= 1;
  return start;
}

/** Token `k` is the full stop of an abbreviated capitalised word inside the span ("Kantstr. 3", "Sonderburger Str. 8"). */
function abbreviationDot(sheet: TokenSheet, first: number, k: number): boolean {
  return k - 1 >= first && sheet.word[k] === FULL_STOP && (sheet.flags[k - 1]! & TF.DOT_AFTER) !== 0 && capitalisedWord(sheet, k - 1);
}

const FULL_STOP = hashLower('.', 0, 1);
const COLON = hashLower(':', 0, 1);
const COMMA = hashLower(',', 0, 1);

function knownPlace(sheet: TokenSheet, first: number, last: number): boolean {
  let places = 0;
  for (let t = first; t <= last; t += 1) {
    const flags = sheet.flags[t]!;
    if (!(flags & TF.WORD)) continue;
    if (!(flags & TF.CAPITALISED)) {
      if (!particle(sheet, t)) return false;
      continue;
    }
    if (!(sheet.lex[t]! & (LEX.CITY | LEX.REGION)) && !isMajorPlace(sheet.word[t]!)) return false;
    places += 1;
  }
  return places > 0;
}
