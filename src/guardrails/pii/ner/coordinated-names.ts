import { finding, type Finding, sortByStart } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isFieldWord, isParticle, isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { TokenWordSet } from './token-words.js';
import { wordSetOf } from './word-set.js';
import { Int32Scratch } from './scratch-arrays.js';
import { gluedSpan } from './glued-span.js';

// Which finding covers each token, per pass (see `Int32Scratch`).
const COORDINATED_OWNER = new Int32Scratch();
const PARTS_OWNER = new Int32Scratch();

const NAME_WORDS = LEX.FIRST_NAME | LEX.LAST_NAME;
const EVERYDAY = LEX.COMMON | LEX.ENGLISH;
// Words that never belong to a name however they are written.
const NEVER_NAME = LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.DEMONYM | LEX.ORG_SUFFIX | LEX.STREET_TYPE | LEX.UNIT | LEX.CODE_CUE;
const CONJUNCTIONS = new TokenWordSet(['and', 'or', '&'].map((w) => hashLower(w, 0, w.length)));
const MAX_WORDS = 3;

/**
 * Coordinated names share their type: in "Marrero and Murphy were engineers" or "Monjeau, Graves
 * and Reed" the tagger may find one surname and not the others, but in a list joined by "and",
 * "or" or "&" (and commas before it) on one line, once one item is a found person, the other
 * items are persons too. An item is a run of up to three words, either untagged and each able
 * to be part of a name (capitalised, none an everyday English word missing from the name lists,
 * a function, calendar, title, nationality, company, street or code word; nothing glued to it),
 * or a place span with no word from the place lists ("Nekolná and Pearson"), which is retyped.
 * Returns the findings with the additions.
 *
 * @example coordinatedNames(sheet, found) // "Usamov and Bowers" with "Bowers" found → adds "Usamov"
 */
export function coordinatedNames(sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  if (!findings.some((f) => f.type === 'PERSON')) return [...findings];
  const owner = COORDINATED_OWNER.take(sheet.count).fill(-1);
  findings.forEach((f, i) => {
    for (let t = sheet.tokenAt(f.start); t >= 0 && t < sheet.count && sheet.start[t]! < f.end; t += 1) owner[t] = i;
  });
  const out: Finding[] = [];
  const retyped = new Set<Finding>();
  for (let c = 1; c + 1 < sheet.count; c += 1) {
    if (!isConjunction(sheet, c) || sheet.flags[c]! & TF.LINE_START || sheet.flags[c + 1]! & TF.LINE_START) continue;
    const items: Item[] = [];
    const right = itemAfter(sheet, owner, findings, c + 1);
    if (!right) continue;
    items.push(right);
    // Items before the conjunction, separated by commas on the same line.
    let k = c - 1;
    for (let n = 0; n < 8 && k >= 0; n += 1) {
      const left = itemBefore(sheet, owner, findings, k);
      if (!left) break;
      items.push(left);
      const comma = left.from - 1;
      if (comma < 1 || left.from === 0 || sheet.flags[left.from]! & TF.LINE_START || !isComma(sheet, comma)) break;
      k = comma - 1;
    }
    if (items.length < 2 || !items.some((item) => item.kind === 'person')) continue;
    const score = Math.min(...items.filter((item) => item.kind === 'person').map((item) => item.finding!.score));
    for (const item of items) {
      if (item.kind === 'place') retyped.add(item.finding!);
      else if (item.kind === 'free') {
        out.push({ type: 'PERSON', start: sheet.start[item.from]!, end: sheet.end[item.to]!, score });
        for (let t = item.from; t <= item.to; t += 1) owner[t] = findings.length; // taken
      }
    }
  }
  return [...findings.map((f) => (retyped.has(f) ? finding('PERSON', f.start, f.end, f.score) : f)), ...out];
}

interface Item {
  from: number;
  to: number;
  kind: 'person' | 'place' | 'free';
  finding?: Finding;
}

/** The list item starting at token `t`: a whole found span, or a run of free name words. */
function itemAfter(sheet: TokenSheet, owner: Int32Array, findings: readonly Finding[], t: number): Item | null {
  if (owner[t]! >= 0) return spanItem(sheet, owner, findings, t);
  let to = t - 1;
  while (to + 1 < sheet.count && to + 1 - t < MAX_WORDS && owner[to + 1]! < 0 && nameWord(sheet, to + 1) && !(to + 1 > t && sheet.flags[to + 1]! & TF.LINE_START)) to += 1;
  return to >= t && !gluedSpan(sheet, t, to) ? { from: t, to, kind: 'free' } : null;
}

/** The list item ending at token `t`. */
function itemBefore(sheet: TokenSheet, owner: Int32Array, findings: readonly Finding[], t: number): Item | null {
  if (owner[t]! >= 0) return spanItem(sheet, owner, findings, t);
  let from = t + 1;
  while (from - 1 >= 0 && t - (from - 1) < MAX_WORDS && owner[from - 1]! < 0 && nameWord(sheet, from - 1)) {
    from -= 1;
    if (sheet.flags[from]! & TF.LINE_START) break;
  }
  return from <= t && !gluedSpan(sheet, from, t) ? { from, to: t, kind: 'free' } : null;
}

/** The found span covering token `t` as an item, when it is a person or a name-like place on one line. */
function spanItem(sheet: TokenSheet, owner: Int32Array, findings: readonly Finding[], t: number): Item | null {
  const i = owner[t]!;
  const f = findings[i];
  if (!f) return null;
  let from = t;
  let to = t;
  while (from > 0 && owner[from - 1] === i) from -= 1;
  while (to + 1 < sheet.count && owner[to + 1] === i) to += 1;
  for (let k = from + 1; k <= to; k += 1) if (sheet.flags[k]! & TF.LINE_START) return null;
  if (f.type === 'PERSON') return { from, to, kind: 'person', finding: f };
  if (f.type === 'LOCATION' && nameLikePlace(sheet, f)) return { from, to, kind: 'place', finding: f };
  return null;
}

const COMMA = hashLower(',', 0, 1);

function isComma(sheet: TokenSheet, t: number): boolean {
  return (sheet.flags[t]! & TF.PUNCT) !== 0 && sheet.word[t] === COMMA;
}

/** A place span that could be a name: one to three words, no number, none from the place lists or never part of a name. */
function nameLikePlace(sheet: TokenSheet, f: Finding): boolean {
  let words = 0;
  for (let t = sheet.tokenAt(f.start); t >= 0 && t < sheet.count && sheet.start[t]! < f.end; t += 1) {
    if (sheet.flags[t]! & TF.NUMBER) return false;
    if (!(sheet.flags[t]! & TF.WORD)) continue;
    if (!nameWord(sheet, t) || sheet.lex[t]! & (LEX.CITY | LEX.REGION)) return false;
    words += 1;
  }
  return words > 0 && words <= MAX_WORDS;
}

function isConjunction(sheet: TokenSheet, t: number): boolean {
  return CONJUNCTIONS.at(sheet, t);
}

/** A word that can be part of a name here: capitalised (in a text that uses capitals), two letters or more, not everyday unless a name list has it. */
function nameWord(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || sheet.length[t]! < 2) return false;
  if (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText) return false;
  if (flags & TF.ALL_CAPS && sheet.length[t]! <= 4) return false; // "IBM and Smith"
  const lex = sheet.lex[t]!;
  if (lex & NEVER_NAME) return false;
  if (lex & EVERYDAY && !(lex & NAME_WORDS)) return false;
  return !isTechWord(sheet.word[t]!);
}

/**
 * A place span made of the words of a person found in the same text is that person: once "Faina
 * D. Yefremova" is found, a later "Yefremova" tagged as a place (a surname that is also a town)
 * is her. Leading lower-case everyday words are left out ("early Yefremova" → "Yefremova").
 * Only place spans without a number; the rest are returned unchanged.
 *
 * @example retypePersonMentions(sheet, found) // LOCATION "Yefremova" → PERSON "Yefremova"
 */
export function retypePersonMentions(sheet: TokenSheet, findings: Finding[]): Finding[] {
  const personWords = new Set<number>();
  for (const f of findings) {
    if (f.type !== 'PERSON') continue;
    for (let t = sheet.tokenAt(f.start); t >= 0 && t < sheet.count && sheet.start[t]! < f.end; t += 1) {
      if (sheet.flags[t]! & TF.WORD && sheet.length[t]! >= 3) personWords.add(sheet.word[t]!);
    }
  }
  if (personWords.size === 0) return findings;
  return findings.map((f) => {
    if (f.type !== 'LOCATION') return f;
    let t = sheet.tokenAt(f.start);
    if (t < 0) return f;
    // Leading lower-case everyday words ("early") are no part of the name.
    while (t < sheet.count && sheet.start[t]! < f.end && sheet.flags[t]! & TF.WORD && !(sheet.flags[t]! & TF.CAPITALISED) && sheet.lex[t]! & (EVERYDAY | LEX.FUNCTION) && !personWords.has(sheet.word[t]!)) t += 1;
    const first = t;
    let words = 0;
    for (; t < sheet.count && sheet.start[t]! < f.end; t += 1) {
      const flags = sheet.flags[t]!;
      if (flags & TF.NUMBER) return f;
      if (!(flags & TF.WORD)) continue;
      if (!personWords.has(sheet.word[t]!)) return f;
      words += 1;
    }
    if (words === 0) return f;
    return { type: 'PERSON', start: sheet.start[first]!, end: f.end, score: f.score };
  });
}

/**
 * Names broken by an initial or cut after a first name are joined up: "Ken N. Fukuda" found as
 * "Ken N", "Delvis J Carvajal" as "J Carvajal", "Mijail C Adomo" as "Mijail" and "Adomo", or
 * "Rebecca Hides" as "Rebecca" (a surname that is an everyday word) become one person. A person
 * span takes in, on its line, an initial (one capital letter, with or without a '.') and the
 * capitalised word after or before it; and a lone first name takes in a capitalised word right
 * after it that is not at a sentence start and could be part of a name, as does any lone person
 * word that starts a line of two words (a signature). A person span met on the
 * way is merged in.
 *
 * @example joinNameParts(sheet, found) // PERSON "Ken N" + ". Fukuda" → PERSON "Ken N. Fukuda"
 */
export function joinNameParts(sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  if (!findings.some((f) => f.type === 'PERSON')) return [...findings];
  const owner = PARTS_OWNER.take(sheet.count).fill(-1);
  findings.forEach((f, i) => {
    for (let t = sheet.tokenAt(f.start); t >= 0 && t < sheet.count && sheet.start[t]! < f.end; t += 1) owner[t] = i;
  });
  const dropped = new Set<number>();
  const result = findings.map((f) => finding(f.type, f.start, f.end, f.score));
  findings.forEach((f, i) => {
    if (f.type !== 'PERSON' || dropped.has(i)) return;
    let first = sheet.tokenAt(f.start);
    let last = first;
    while (last + 1 < sheet.count && sheet.start[last + 1]! < f.end) last += 1;
    const [firstBefore, lastBefore] = [first, last];
    // Forward: an initial then a name word ("N. Fukuda"), or the span already ends in an initial.
    // Never past a possessive: "Levi's Stadium" is Levi's, "Amir's Report" Amir's.
    for (let guard = 0; guard < 3 && !(sheet.flags[last]! & TF.POSSESSIVE); guard += 1) {
      let k = last + 1;
      if (!isInitial(sheet, last)) {
        if (k < sheet.count && isInitial(sheet, k) && sameLine(sheet, k) && (owner[k]! < 0 || owner[k] === i)) k += 1;
        else if (first === last && (sheet.lex[first]! & LEX.FIRST_NAME || nameLine(sheet, first, k)) && k < sheet.count && owner[k]! < 0 && surnameWord(sheet, k)) {
          last = k;
          owner[k] = i;
          continue;
        } else break;
      }
      if (k < sheet.count && isDot(sheet, k)) k += 1;
      if (k >= sheet.count || !sameLine(sheet, k) || !(sheet.flags[k]! & TF.WORD) || !(sheet.flags[k]! & TF.CAPITALISED) || sheet.length[k]! < 2) break;
      const o = owner[k]!;
      if (o >= 0 && o !== i) {
        const other = findings[o]!;
        if (other.type !== 'PERSON') break;
        dropped.add(o);
        while (k + 1 < sheet.count && owner[k + 1] === o) k += 1;
      } else if (!nameWord(sheet, k)) break;
      for (let t = last + 1; t <= k; t += 1) owner[t] = i;
      last = k;
    }
    // Backward: "Delvis J Carvajal" found as "J Carvajal", "Vide A. Persson" as "Persson".
    let k = first - 1;
    if (k >= 0 && isDot(sheet, k) && k - 1 >= 0 && isInitial(sheet, k - 1)) k -= 1;
    const initialAt = isInitial(sheet, first) ? first : k >= 0 && isInitial(sheet, k) && owner[k]! < 0 ? k : -1;
    if (initialAt >= 0 && !(sheet.flags[initialAt]! & TF.LINE_START) && initialAt - 1 >= 0) {
      const w = initialAt - 1;
      if (owner[w]! < 0 && nameWord(sheet, w) && sheet.flags[w]! & TF.CAPITALISED) first = w;
    }
    first = particlesBefore(sheet, owner, first);
    // Unmoved ends stay as found (a possessive "'s" is already trimmed off).
    result[i] = finding(f.type, first === firstBefore ? f.start : sheet.start[first]!, last === lastBefore ? f.end : sheet.end[last]!, f.score);
  });
  return result.filter((_, i) => !dropped.has(i));
}

/**
 * The lower-case particles of a surname that the tagger left out ("Ms. van der Torre" found as
 * "Torre", "Jan van der Berg" as "Berg"): up to three particles right before the span, on its
 * line, after a title or after a capitalised first name (which is taken in too). Without either
 * the words before are left alone ("a trip to la Torre").
 */
function particlesBefore(sheet: TokenSheet, owner: Int32Array, first: number): number {
  if (!(sheet.flags[first]! & TF.CAPITALISED) || sheet.flags[first]! & TF.LINE_START) return first;
  let k = first - 1;
  while (k >= 0 && first - k <= 3 && owner[k]! < 0 && sheet.flags[k]! & TF.WORD && !(sheet.flags[k]! & TF.CAPITALISED) && isParticle(sheet.word[k]!)) {
    if (sheet.flags[k]! & TF.LINE_START) return first;
    k -= 1;
  }
  if (k === first - 1) return first;
  // A surname that starts with its particles after a lower-case word or at the text's start: "ask
  // van der Kruk". Two particles, or one only names have ("van", "von", "ten"): not "to la Torre".
  const particles = first - 1 - k;
  if (particles >= 2 || NAME_ONLY_PARTICLES.has(sheet.word[k + 1]!)) {
    if (k < 0 || (sheet.flags[k]! & TF.WORD && !(sheet.flags[k]! & TF.CAPITALISED) && !ARTICLES.has(sheet.word[k]!) && !(sheet.flags[k + 1]! & TF.LINE_START))) return k + 1; // not "the van Torre gave him"
  }
  if (k < 0) return first;
  if (isDot(sheet, k) && k >= 1 && sheet.lex[k - 1]! & LEX.TITLE) return k + 1; // "Ms. van der Torre"
  if (sheet.lex[k]! & LEX.TITLE && sheet.flags[k]! & TF.CAPITALISED) return k + 1; // "Mr van Dijk"
  const f = sheet.flags[k]!;
  if (owner[k]! < 0 && f & TF.WORD && f & TF.CAPITALISED && !(f & TF.ALL_CAPS) && sheet.lex[k]! & LEX.FIRST_NAME && !(sheet.lex[k]! & NEVER_NAME)) return k; // "Pieter van der Berg"
  return first;
}

const ARTICLES = new Set(['the', 'a', 'an', 'this', 'that', 'our', 'my', 'his', 'her', 'their', 'your'].map((w) => hashLower(w, 0, w.length)));
const NAME_ONLY_PARTICLES = new Set(['van', 'von', 'ten', 'ter', 'den', 'der'].map((w) => hashLower(w, 0, w.length)));

function isInitial(sheet: TokenSheet, t: number): boolean {
  return t >= 0 && t < sheet.count && (sheet.flags[t]! & TF.WORD) !== 0 && (sheet.flags[t]! & TF.CAPITALISED) !== 0 && sheet.end[t]! - sheet.start[t]! === 1;
}

const DOT = hashLower('.', 0, 1);

function isDot(sheet: TokenSheet, t: number): boolean {
  return (sheet.flags[t]! & TF.PUNCT) !== 0 && (sheet.flags[t]! & TF.GLUED_BEFORE) !== 0 && sheet.word[t] === DOT;
}

function sameLine(sheet: TokenSheet, t: number): boolean {
  return !(sheet.flags[t]! & TF.LINE_START);
}

/**
 * A line of just two words, the first found as a person: a signature or an address block's name
 * line ("Kind regards,\nAnke Junker" after "Hi Anke,"), where the second word is the surname even
 * when the first is on no first-name list.
 */
function nameLine(sheet: TokenSheet, first: number, next: number): boolean {
  return (sheet.flags[first]! & TF.LINE_START) !== 0 && next < sheet.count && (next + 1 >= sheet.count || (sheet.flags[next + 1]! & TF.LINE_START) !== 0);
}

/** A capitalised word right after a first name that can be its surname, everyday or not ("Hides", "Beet"). */
function surnameWord(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & (TF.SENTENCE_START | TF.LINE_START | TF.GLUED_BEFORE) || sheet.length[t]! < 2) return false;
  if (flags & TF.ALL_CAPS && sheet.length[t]! <= 4) return false;
  if (sheet.lex[t]! & (NEVER_NAME | LEX.CITY | LEX.REGION) && !(sheet.lex[t]! & LEX.LAST_NAME)) return false;
  const next = t + 1;
  if (next < sheet.count && sheet.flags[next]! & TF.GLUED_BEFORE && !(sheet.flags[next]! & TF.PUNCT)) return false;
  return !isTechWord(sheet.word[t]!);
}

/**
 * A place span led by a first name is a person ("Asya Godina", "Eve Magrath", "Natasja"): one
 * to three capitalised words, the first a first name that no place list has, the others neither
 * a country or region nor a street, unit, compass or nationality word (a surname is often also a
 * town, so town words are allowed after the first), and none a large city or country.
 *
 * @example firstNamePlaces(sheet, found) // LOCATION "Asya Godina" → PERSON
 */
export function firstNamePlaces(sheet: TokenSheet, findings: Finding[], isMajorPlace: (word: number) => boolean): Finding[] {
  return findings.map((f) => {
    if (f.type !== 'LOCATION') return f;
    let words = 0;
    for (let t = sheet.tokenAt(f.start); t >= 0 && t < sheet.count && sheet.start[t]! < f.end; t += 1) {
      const flags = sheet.flags[t]!;
      if (!(flags & TF.WORD)) return f;
      if (!(flags & TF.CAPITALISED) && !sheet.lowerCaseText) return f;
      const lex = sheet.lex[t]!;
      if (isMajorPlace(sheet.word[t]!) || lex & (LEX.REGION | LEX.STREET_TYPE | LEX.UNIT | LEX.COMPASS | LEX.DEMONYM | NEVER_NAME)) return f;
      if (words === 0 && (!(lex & LEX.FIRST_NAME) || lex & LEX.CITY)) return f;
      words += 1;
    }
    return words >= 1 && words <= MAX_WORDS ? finding('PERSON', f.start, f.end, f.score) : f;
  });
}

/**
 * A route's two ends are places: after "from PLACE to", one to three capitalised words are a
 * place ("drove from SHANNONVALE to Victoria", where Victoria reads as a first name, or
 * "from ΛΕΥΚΩΣΙΑ to Λευκωσία", which the tagger left out). A person found there becomes a
 * place; anything else found there is left alone.
 *
 * @example routePlaces(sheet, found) // "from Oslo to Victoria": PERSON "Victoria" → LOCATION
 */
export function routePlaces(sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  const sorted = sortByStart([...findings]);
  const out: Finding[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    const f = sorted[i]!;
    out.push(f);
    const end = routeEnd(sheet, f);
    if (!end) continue;
    // The findings in the far end (after f in start order) must all be persons to give way.
    let j = i + 1;
    let start = end[0];
    let stop = end[1];
    let persons = true;
    for (; j < sorted.length && sorted[j]!.start < end[1]; j += 1) {
      const g = sorted[j]!;
      if (g.type !== 'PERSON' || g.end <= end[0]) persons = false;
      start = Math.min(start, g.start);
      stop = Math.max(stop, g.end);
    }
    if (!persons) continue;
    out.push({ type: 'LOCATION', start, end: stop, score: f.score });
    i = j - 1;
  }
  return out;
}

/** The far end [start, end) of a route that place `f` starts ("from PLACE to Far End"), or null. */
function routeEnd(sheet: TokenSheet, f: Finding): [number, number] | null {
  if (f.type !== 'LOCATION' && f.type !== 'STREET_ADDRESS') return null;
  const first = sheet.tokenAt(f.start);
  if (first < 1 || sheet.word[first - 1] !== FROM) return null;
  let last = first;
  while (last + 1 < sheet.count && sheet.start[last + 1]! < f.end) last += 1;
  const to = last + 1;
  if (to + 1 >= sheet.count || sheet.word[to] !== TO || sheet.flags[to]! & TF.CAPITALISED) return null;
  let end = to;
  for (let k = to + 1; k < sheet.count && k - to <= 3 && routeWord(sheet, k); k += 1) end = k;
  return end === to ? null : [sheet.start[to + 1]!, sheet.end[end]!];
}

/** A word that can be part of a place's name at a route's end: capitalised, not a function, calendar, title or cue word. */
function routeWord(sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & (TF.LINE_START | TF.SENTENCE_START)) return false;
  return !(sheet.lex[k]! & (LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.ORG_SUFFIX)) && !isTechWord(sheet.word[k]!);
}

const FROM = hashLower('from', 0, 4);
const TO = hashLower('to', 0, 2);

/**
 * Speakers of a dialogue settle each other: when a found person labels a line ("Danielle: Remember
 * me?"), every other line led by one capitalised word and a colon is a speaker too ("Leverett: What
 * a wife."), unless that word is a field label ("Phone:"), an everyday English word that is no first
 * name ("Subject:", "Note:"), on a word list a name is not on (function, calendar, title, cue, street
 * or unit words), in capitals, or found as something else.
 *
 * @example speakerNames(sheet, found) // "Danielle: Hi\nLeverett: Bye", PERSON "Danielle" → also PERSON "Leverett"
 */
export function speakerNames(sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  if (!findings.some((f) => f.type === 'PERSON')) return [...findings];
  const labels: number[] = [];
  for (let k = 0; k + 1 < sheet.count; k += 1) if (speakerLabel(sheet, k)) labels.push(k);
  if (labels.length < 2) return [...findings];
  // Which finding covers each label, by one walk over start-ordered findings (labels are in order too).
  const sorted = sortByStart([...findings]);
  const owners = new Map<number, Finding>();
  let j = 0;
  for (const k of labels) {
    while (j < sorted.length && sorted[j]!.end <= sheet.start[k]!) j += 1;
    const f = sorted[j];
    if (f && f.start < sheet.end[k]!) owners.set(k, f);
  }
  const ownerOf = (k: number): Finding | undefined => owners.get(k);
  if (!labels.some((k) => { const f = ownerOf(k); return f?.type === 'PERSON' && f.start === sheet.start[k] && f.end === sheet.end[k]; })) return [...findings];
  const out = [...findings];
  for (const k of labels) {
    if (ownerOf(k)) continue;
    const lex = sheet.lex[k]!;
    if (!(sheet.flags[k]! & TF.CAPITALISED) || sheet.flags[k]! & TF.ALL_CAPS || lex & (NEVER_NAME | LEX.NAME_CUE | LEX.PLACE_CUE) || isFieldWord(sheet.word[k]!) || isTechWord(sheet.word[k]!)) continue;
    if (lex & (LEX.COMMON | LEX.ENGLISH) && !(lex & LEX.FIRST_NAME)) continue; // "Subject:", "Note:", "Update:" label lines, not speakers
    out.push({ type: 'PERSON', start: sheet.start[k]!, end: sheet.end[k]!, score: 0.7 });
  }
  return sortByStart(out);
}

/** Token `k` is one word alone before a colon at the start of a line, with text after it on the line. */
function speakerLabel(sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.LINE_START) || !(flags & TF.WORD) || sheet.length[k]! < 2) return false;
  const colon = k + 1;
  if (sheet.word[colon] !== COLON_MARK || !(sheet.flags[colon]! & TF.GLUED_BEFORE)) return false;
  return colon + 1 < sheet.count && !(sheet.flags[colon + 1]! & TF.LINE_START);
}

const COLON_MARK = hashLower(':', 0, 1);

/**
 * A "person" right after a verb of travel or dwelling and its preposition is a town named like a
 * person ("flying to Victoria", "grew up in Richmond", "moved from Lafayette"): people are flown
 * with, not to. Only one to three capitalised words, not followed by "'s" or another capitalised
 * word ("moved in with Anna", "drove to Anna's"), and the verb must come right before the
 * preposition.
 *
 * @example travelPlaces(sheet, found) // "I am flying to Victoria": PERSON → LOCATION
 */
export function travelPlaces(text: string, sheet: TokenSheet, findings: readonly Finding[]): Finding[] {
  let out: Finding[] | null = null;
  findings.forEach((f, i) => {
    if (f.type !== 'PERSON') return;
    const first = sheet.tokenAt(f.start);
    if (!placeCueBefore(sheet, first, false)) return;
    let last = first;
    while (last + 1 < sheet.count && sheet.start[last + 1]! < f.end) last += 1;
    if (last - first > 2) return;
    const after = text.slice(f.end, f.end + 2);
    if (after === "'s" || after === '’s') return;
    out ??= [...findings];
    out[i] = finding('LOCATION', f.start, f.end, f.score);
  });
  return out ?? [...findings];
}

/**
 * Token `k` follows words that only a place follows: a verb of travel or dwelling and its
 * preposition ("flying to", "grew up in", "originally from", "leaves for"), "hometown", "home town" / "home city", "outside" ("just outside
 * Himmiste"), "the town of" / "the city of" / "the mayor of", "from all over" ("visitors from all
 * over Tobel"; not "coffee all over Jenny"), "residents of" / "inhabitants of" / "citizens of", a
 * "Home town:" or "Birthplace:" label; and, when
 * `near` (only to add a place where nothing was found: people are sat near and visited too),
 * "near", "visiting" and "visited".
 */
function placeCueBefore(sheet: TokenSheet, k: number, near: boolean): boolean {
  if (k < 1) return false;
  const before = sheet.word[k - 1]!;
  if (!CUE_ENDS.at(sheet, k - 1)) return false; // one bit test for most tokens
  const two = k >= 2 ? sheet.word[k - 2]! : 0;
  if (TRAVEL_PREPOSITIONS.has(before)) return TRAVEL_VERBS.has(two);
  if (before === FOR_WORD) return DEPARTURE_VERBS.has(two); // "the last train leaves for Kooigem"
  // "Near Eastern studies" is no cue: "near" in lower case only. People are visited too, so
  // "visiting" only adds a place where nothing was found ("is visiting Menogeia next week").
  if (PLACE_CUE_WORDS.has(before)) return (before !== NEAR && !VISIT_WORDS.has(before)) || (near && !(sheet.flags[k - 1]! & TF.CAPITALISED));
  // "the village of Smiljan", "the mayor of Poike"; not "the beloved city of Isaac Bashevis Singer".
  if (before === OF_WORD) return (PLACE_OF_NOUNS.has(two) && k >= 3 && DETERMINERS.has(sheet.word[k - 3]!)) || RESIDENT_NOUNS.has(two);
  if (before === COLON_MARK) {
    if (!PLACE_LABELS.has(two)) return false;
    const label = k >= 3 && sheet.word[k - 3] === HOME_WORD ? k - 3 : k - 2; // "Home town:", "Birthplace:"
    return (sheet.flags[label]! & TF.LINE_START) !== 0;
  }
  if (before === OVER_WORD) return two === ALL_WORD && k >= 3 && sheet.word[k - 3] === FROM_WORD; // "visitors from all over Tobel"; not "coffee all over Jenny"
  return HOME_PLACE_NOUNS.has(before) && two === HOME_WORD; // "home town Tobel", "home city Assen"
}

const [NEAR, OF_WORD, HOME_WORD, OVER_WORD, ALL_WORD, FROM_WORD, FOR_WORD, IN_WORD] = ['near', 'of', 'home', 'over', 'all', 'from', 'for', 'in'].map((w) => hashLower(w, 0, w.length)) as [number, number, number, number, number, number, number, number];
const PLACE_CUE_WORDS = wordSetOf('hometown outside near visiting visited');
const VISIT_WORDS = wordSetOf('visiting visited');
const PLACE_OF_NOUNS = wordSetOf('town city village suburb suburbs outskirts municipality province mayor');
const PLACE_LABELS = wordSetOf('hometown town birthplace village');
// "Residents of Lääne-Virumaa voted …": only a place has residents (no determiner needed).
const RESIDENT_NOUNS = wordSetOf('residents inhabitants citizens');
const DETERMINERS = wordSetOf('the a its my our his her their your');
// Every word a cue ends with (the travel prepositions, the cue words, "of", ":", "town" and "over").
const CUE_ENDS = new TokenWordSet('to from in into for hometown outside near visiting visited of : town city village over'.split(' ').map((w) => hashLower(w, 0, w.length)));
// Verbs of leaving that "for" and a place follow ("leaves for Kooigem", "bound for Assen"); not "left", which things are left for people.
const DEPARTURE_VERBS = wordSetOf('leave leaves leaving depart departs departing departed bound headed heading');
const HOME_PLACE_NOUNS = wordSetOf('town city village');

const TRAVEL_PREPOSITIONS = new Set(['to', 'from', 'in', 'into'].map((w) => hashLower(w, 0, w.length)));
const TRAVEL_VERBS = new Set(
  [
    'fly', 'flies', 'flying', 'flew', 'flown', 'travel', 'travels', 'travelling', 'traveling', 'travelled', 'traveled', 'move', 'moves', 'moving', 'moved',
    'relocate', 'relocates', 'relocating', 'relocated', 'drive', 'drives', 'driving', 'drove', 'driven', 'commute', 'commutes', 'commuting', 'commuted',
    'emigrate', 'emigrated', 'emigrating', 'immigrated', 'sail', 'sailed', 'sailing', 'fled', 'flee', 'fleeing', 'trip', 'flight', 'flights', 'train', 'ferry',
    'live', 'lives', 'living', 'lived', 'born', 'raised', 'up', 'grew', 'based', 'located', 'stationed', 'settled', 'holiday', 'vacation', 'vacationing',
    // Where someone comes from: "I'm originally from Dolores", "she hails from Assen".
    'originally', 'hail', 'hails', 'hailing', 'hailed',
  ].map((w) => hashLower(w, 0, w.length)),
);

/**
 * What follows a verb of travel or dwelling and its preposition is a place even when the tagger
 * found nothing there ("I am flying to Gersloot tomorrow", "grew up in Cite Mongi Slim"): one to
 * four capitalised words (name particles between them), none a function, calendar, title, cue,
 * company or software word, none in capitals unless on the town or region lists, not before "'s"
 * or a number ("moved to Python 3"). The town after a street address and "in" is one too, in
 * capitals as well ("12 Oak Street in Springfield", "Toppen 81 in BODØ").
 *
 * @example travelTargets(text, sheet, found) // "flying to Gersloot tomorrow" → LOCATION "Gersloot"
 */
export function travelTargets(text: string, sheet: TokenSheet, findings: readonly Finding[], score: number): Finding[] {
  const out: Finding[] = [];
  const sorted = sortByStart([...findings]);
  // "12 Oak Street in Springfield", "Toppen 81 in BODØ": the town a street address is in.
  let addressEnds: Set<number> | null = null;
  for (const f of findings) if (f.type === 'STREET_ADDRESS') (addressEnds ??= new Set()).add(f.end);
  let cursor = 0; // candidates come in text order, so one pointer walks the findings once
  for (let k = 1; k < sheet.count; k += 1) {
    const afterAddress = addressEnds !== null && k >= 2 && sheet.word[k - 1] === IN_WORD && addressEnds.has(sheet.end[k - 2]!);
    if (!afterAddress && !placeCueBefore(sheet, k, true)) continue;
    let last = -1;
    for (let t = k; t < sheet.count && t - k < 6; t += 1) {
      const flags = sheet.flags[t]!;
      if (!(flags & TF.WORD) || flags & TF.LINE_START) break;
      if (!(flags & TF.CAPITALISED)) {
        if (last >= 0 && isParticle(sheet.word[t]!) && t + 1 < sheet.count && sheet.flags[t + 1]! & TF.CAPITALISED) continue; // "San Gregorio de Polanco"
        break;
      }
      const lex = sheet.lex[t]!;
      if (lex & (LEX.FUNCTION | LEX.CALENDAR | LEX.TITLE | LEX.NAME_CUE | LEX.CODE_CUE | LEX.ORG_SUFFIX) || isTechWord(sheet.word[t]!)) break;
      // A town in capitals after an address, if longer than an acronym ("in PDF form").
      if (flags & TF.ALL_CAPS && !(lex & (LEX.CITY | LEX.REGION)) && !(afterAddress && sheet.end[t]! - sheet.start[t]! > 3)) break;
      last = t;
    }
    if (last < 0 || last - k > 3) continue;
    if (last === k && sheet.lex[k]! & (LEX.COMMON | LEX.ENGLISH) && !(sheet.lex[k]! & (LEX.CITY | LEX.REGION))) continue; // "I live in Fear of spiders"
    const next = last + 1;
    if (next < sheet.count && sheet.flags[next]! & (TF.NUMBER | TF.GLUED_BEFORE) && !(sheet.flags[next]! & TF.PUNCT)) continue;
    const start = sheet.start[k]!;
    const end = sheet.end[last]!;
    const after = text.slice(end, end + 2);
    const tail = text.slice(end - 2, end);
    if (after === "'s" || after === '’s' || tail === "'s" || tail === '’s') continue; // "moved to Anna's flat"
    while (cursor < sorted.length && sorted[cursor]!.end <= start) cursor += 1;
    // Findings can nest or overlap, so look at the few that start before this candidate ends.
    let taken = false;
    for (let j = cursor; j < sorted.length && sorted[j]!.start < end; j += 1) if (sorted[j]!.end > start) taken = true;
    if (!taken) out.push({ type: 'LOCATION', start, end, score });
    k = last;
  }
  return out;
}

