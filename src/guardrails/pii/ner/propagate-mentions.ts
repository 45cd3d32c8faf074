import { type Finding, sortByStart } from '../entity-types.js';
import { commandOpening, imperativeVerb } from './imperatives.js';
import { LEX } from './lexicon-table.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { SpanOverlap } from './span-overlap.js';
import { Uint8Scratch } from './scratch-arrays.js';
import { gluedSpan } from './glued-span.js';

// Tokens inside a finding, per pass (see `Uint8Scratch`).
const MENTIONS_COVERED = new Uint8Scratch();
const PLACES_COVERED = new Uint8Scratch();

// Words that can repeat as a name elsewhere in the text: capitalised, three letters or more,
// and not an everyday English word unless a name list has them ("Key", "White" stay out).
const EVERYDAY = LEX.COMMON | LEX.ENGLISH | LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.DEMONYM;
const NAME_WORDS = LEX.FIRST_NAME | LEX.LAST_NAME;

/**
 * One name per text, however often it comes back: once the tagger has found "Joakim Westgård",
 * a later bare "Westgård" (or an earlier "Joakim") is that person too, as a reader would take it.
 * Tokens of found PERSON spans are looked up by word hash among the untagged capitalised tokens;
 * runs of such tokens become PERSON findings with the lowest score of the spans they came from.
 * Linear in the token count (a small set of hashes).
 *
 * A one-word mention that opens a sentence as a command or a noun in use is not carried
 * (`imperativeVerb`, `commandOpening`: "Mark Smith joined. Mark down the price").
 *
 * @example propagateMentions(text, sheet, [{ type: 'PERSON', start: 28, end: 43, score: 0.9 }]) // adds "Westgård" later on
 */
export function propagateMentions(text: string, sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  const persons = findings.filter((f) => f.type === 'PERSON');
  if (persons.length === 0) return [];
  const scoreOf = new Map<number, number>();
  const covered = MENTIONS_COVERED.take(sheet.count).fill(0);
  let f = 0;
  const sorted = sortByStart([...findings]);
  for (let t = 0; t < sheet.count; t += 1) {
    while (f < sorted.length && sorted[f]!.end <= sheet.start[t]!) f += 1;
    const span = sorted[f];
    if (!span || span.start >= sheet.end[t]!) continue;
    covered[t] = 1;
    if (span.type !== 'PERSON' || !candidateWord(sheet, t)) continue;
    const word = sheet.word[t]!;
    scoreOf.set(word, Math.min(scoreOf.get(word) ?? 1, span.score));
  }
  if (scoreOf.size === 0) return [];
  const out: Finding[] = [];
  let t = 0;
  while (t < sheet.count) {
    if (covered[t] || !candidateWord(sheet, t) || !scoreOf.has(sheet.word[t]!)) {
      t += 1;
      continue;
    }
    let score = scoreOf.get(sheet.word[t]!)!;
    let end = t;
    while (end + 1 < sheet.count && !covered[end + 1] && !(sheet.flags[end + 1]! & TF.LINE_START) && candidateWord(sheet, end + 1) && scoreOf.has(sheet.word[end + 1]!)) {
      end += 1;
      score = Math.min(score, scoreOf.get(sheet.word[end]!)!);
    }
    // "Mark Smith joined. Mark the date", "… Mark down the price": the second "Mark" is a command, not the person again.
    if (!gluedSpan(sheet, t, end) && !(t === end && (imperativeVerb(sheet, t) || commandOpening(text, sheet, t)))) out.push({ type: 'PERSON', start: sheet.start[t]!, end: sheet.end[end]!, score });
    t = end + 1;
  }
  return out;
}

/**
 * A word worth finding again elsewhere in the text: three letters or more, capitalised (unless the
 * whole text is lower case), and not an everyday word unless the lexicon `kind` (names or places)
 * lists it.
 */
function repeatableWord(sheet: TokenSheet, t: number, kind: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || sheet.length[t]! < 3) return false;
  if (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText) return false;
  const lex = sheet.lex[t]!;
  return !(lex & EVERYDAY) || (lex & kind) !== 0;
}

const candidateWord = (sheet: TokenSheet, t: number): boolean => repeatableWord(sheet, t, NAME_WORDS);
const placeWord = (sheet: TokenSheet, t: number): boolean => repeatableWord(sheet, t, PLACE_WORDS);

/**
 * A title is followed by a name: "Mrs. Baker", "Dr Okafor", "Prof. Anna Berg" are people even
 * when the tagger missed them (a surname that is also an everyday word, say). Up to three
 * capitalised words after the title, none a function or calendar word; untagged tokens only.
 *
 * @example titledNames(sheet, []) // "For my take on Mrs. Baker" → PERSON "Baker"
 */
export function titledNames(sheet: TokenSheet, findings: readonly Finding[], score = 0.8): Finding[] {
  const out: Finding[] = [];
  const taken = new SpanOverlap(findings);
  for (let t = 0; t + 1 < sheet.count; t += 1) {
    if (!(sheet.lex[t]! & LEX.TITLE) || !(sheet.flags[t]! & TF.CAPITALISED)) continue;
    let k = t + 1;
    if (sheet.flags[k]! & TF.PUNCT && sheet.flags[k]! & TF.GLUED_BEFORE && sheet.end[k]! - sheet.start[k]! === 1) k += 1; // "Mrs."
    const first = k;
    while (k < sheet.count && k - first < 3 && sheet.flags[k]! & TF.WORD && sheet.flags[k]! & TF.CAPITALISED && !(sheet.flags[k]! & TF.LINE_START && k > first) && !(sheet.lex[k]! & (LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE))) k += 1;
    if (k === first) continue;
    const titleStart = sheet.start[t]!;
    const titleEnd = sheet.end[t]!;
    if (taken.overlaps(titleStart, titleEnd)) continue; // "12 Elm Dr. Springfield": a street
    const start = sheet.start[first]!;
    const end = sheet.end[k - 1]!;
    if (taken.overlaps(start, end)) continue;
    out.push({ type: 'PERSON', start, end, score });
    t = k - 1;
  }
  return out;
}

const PLACE_WORDS = LEX.CITY | LEX.REGION;
/** Longest place name, in tokens, that is looked for again ("Charneca de Caparica", "Cyprus ( Greek )"). */
const MAX_PLACE_TOKENS = 5;

/**
 * One place per text, as one name per text: a town or country the tagger found once ("leaving
 * Gossau for Gossau") is the same place where its exact words come back untagged ("the lights of
 * Gossau"), which the tagger, reading each spot's context alone, can miss. Only LOCATION findings of
 * one to five tokens whose first word could be a name (capitalised, three letters or more, not an
 * everyday word unless a place list has it) are looked for; street addresses are not (a house
 * number seldom repeats as one), and not where a capitalised word next to the repeat makes it part of a longer name. Linear in the token count (a map of first words).
 *
 * @example propagatePlaces(sheet, [{ type: 'LOCATION', start: 8, end: 14, score: 0.9 }]) // adds the later "Gossau"
 */
export function propagatePlaces(sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  if (!findings.some((f) => f.type === 'LOCATION')) return [];
  const covered = PLACES_COVERED.take(sheet.count).fill(0);
  const byFirst = new Map<number, { words: number[]; score: number }[]>();
  for (const f of findings) {
    const first = sheet.tokenAt(f.start);
    if (first < 0) continue;
    let last = first;
    while (last + 1 < sheet.count && sheet.start[last + 1]! < f.end) last += 1;
    for (let t = first; t <= last; t += 1) covered[t] = 1;
    if (f.type !== 'LOCATION' || last - first >= MAX_PLACE_TOKENS || !placeWord(sheet, first)) continue;
    const words = Array.from(sheet.word.subarray(first, last + 1));
    const list = byFirst.get(words[0]!) ?? [];
    if (!list.some((p) => p.words.length === words.length && p.words.every((w, i) => w === words[i]))) list.push({ words, score: f.score });
    byFirst.set(words[0]!, list);
  }
  if (byFirst.size === 0) return [];
  const out: Finding[] = [];
  for (let t = 0; t < sheet.count; t += 1) {
    const places = covered[t] ? undefined : byFirst.get(sheet.word[t]!);
    if (!places || !placeWord(sheet, t)) continue;
    for (const p of places) {
      const end = t + p.words.length - 1;
      if (end >= sheet.count) continue;
      let same = true;
      for (let k = 1; k < p.words.length && same; k += 1) same = !covered[t + k] && sheet.word[t + k] === p.words[k] && !(sheet.flags[t + k]! & TF.LINE_START);
      if (!same || gluedSpan(sheet, t, end) || inLongerName(sheet, t, end)) continue;
      out.push({ type: 'LOCATION', start: sheet.start[t]!, end: sheet.end[end]!, score: p.score });
      t = end;
      break;
    }
  }
  return out;
}

/** A capitalised word right before or after, on the same line, makes the words part of a longer name ("Hello Sora Gatou!" after a place "Sora"). */
function inLongerName(sheet: TokenSheet, from: number, to: number): boolean {
  const name = (k: number): boolean => (sheet.flags[k]! & (TF.WORD | TF.CAPITALISED)) === (TF.WORD | TF.CAPITALISED);
  if (to + 1 < sheet.count && name(to + 1) && !(sheet.flags[to + 1]! & TF.LINE_START)) return true;
  return from > 0 && name(from - 1) && !(sheet.flags[from]! & TF.LINE_START) && !(sheet.flags[from - 1]! & TF.SENTENCE_START);
}

