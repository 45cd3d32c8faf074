import { type Finding, sortByStart } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isEnglishSurname } from './english-surnames.js';
import { isMajorPlace } from './major-places.js';
import { isFieldWord, isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { TokenWordSet } from './token-words.js';
import { WordSet } from './word-set.js';

const hash = (w: string): number => hashLower(w, 0, w.length);
const MAX_WORDS = 3;
const NEVER_NAME = LEX.FUNCTION | LEX.CALENDAR | LEX.DEMONYM | LEX.ORG_SUFFIX | LEX.STREET_TYPE | LEX.UNIT | LEX.CODE_CUE | LEX.REGION | LEX.TITLE;

/**
 * Persons named in frames the tagger learnt too few of, found where it tagged nothing (or
 * tagged the same words a place):
 * - a name used as an attribute of a work or event, between an article and a noun that only a
 *   person's name qualifies that way: "the Petersson novel", "a Harvey Leach concert";
 * - a name opening a sentence whose verb says where a person comes from, works, lives or travels:
 *   "Tomomi is from Areavibes Inc", "Jouko comes from Espoo", "Ann Lee works at …", "Tünde is
 *   visiting Žabnica", "Ahmed moved to Leeds";
 * - a name after a cue only a person follows, ending at a mark, a line end or a lower-case word:
 *   a greeting ("Hi Segismundo,", "Dear Villads"), a letter's closing word and comma ("Best
 *   regards,\nVillads"), a verb only people are the object of ("spoke to Hysni Njivar", "ask
 *   Yuuka or Armen"); written as a name (no word in capitals, no "I'm", no capital inside a word
 *   that is on no name list: "tell ISIL", "Hi ChatGTP", "Hi Kafka folks" stay untagged).
 * The words must look like a name: capitalised (in a text typed all in lower case, only the
 * second frame applies, to first names that are no English word), no function,
 * calendar, nationality, company, street, unit, code, region or title word, no software name, no
 * large city, and each either on the first-name or surname lists or no English word at all
 * ("Roeterdink" is on no list, "Windows" and "Python" are English words and no names).
 *
 * @example framedNames(text, sheet, found) // "Unlike the Ruoho novel, …" → PERSON "Ruoho"
 */
export function framedNames(text: string, sheet: TokenSheet, findings: Finding[], score = 0.7): Finding[] {
  let out: Finding[] | null = null;
  const add = (first: number, last: number): void => {
    const start = sheet.start[first]!;
    const end = sheet.end[last]!;
    const current: Finding[] = out ?? findings;
    const touching = current.filter((f) => f.start < end && f.end > start);
    // A place found on exactly these words is this person; anything else found there stays.
    if (touching.length > 1 || (touching.length === 1 && !(touching[0]!.type === 'LOCATION' && touching[0]!.start === start && touching[0]!.end === end))) return;
    out = current.filter((f) => !touching.includes(f));
    out.push({ type: 'PERSON', start, end, score: touching[0]?.score ?? score });
  };
  for (let t = 0; t + 2 < sheet.count; t += 1) {
    // In a text typed all in lower case the article frame is left alone: "a rock concert".
    if (ARTICLES.at(sheet, t) && sheet.flags[t]! & TF.WORD) {
      if (sheet.lowerCaseText) continue;
      const last = nameRun(text, sheet, t + 1);
      const noun = last + 1;
      if (last > t && noun < sheet.count && WORK_NOUNS.has(sheet.word[noun]!) && !(sheet.flags[noun]! & (TF.CAPITALISED | TF.LINE_START))) add(t + 1, last);
      continue;
    }
    const cued = cueEnd(sheet, t);
    if (cued > t) {
      // "Hi Segismundo,", "Thanks, Love Ulyanova!", "spoke to Hysni Njivar this morning", "Ask Yuuka or Armen"
      for (let first = cued; ; ) {
        const last = nameRun(text, sheet, first);
        if (last < first || !nameEnds(sheet, last + 1) || !plainName(text, sheet, first, last)) break;
        add(first, last);
        if (!(last + 2 < sheet.count && COORDINATORS.has(sheet.word[last + 1]!) && !(sheet.flags[last + 2]! & TF.LINE_START))) break;
        first = last + 2;
      }
      continue;
    }
    if (!(sheet.flags[t]! & TF.SENTENCE_START)) continue;
    const last = nameRun(text, sheet, t);
    if (last >= t && origin(sheet, last + 1)) add(t, last);
    // "Raised in Corvallis, Agoti became a teacher.": the subject after an opening place phrase.
    const subject = subjectAfterPlacePhrase(sheet, t);
    if (subject >= 0) {
      const end = nameRun(text, sheet, subject);
      if (end >= subject && verbFollows(sheet, end + 1) && plainName(text, sheet, subject, end) && !regionWords(sheet, subject, end)) add(subject, end);
    }
  }
  if (!out) return findings;
  return sortByStart(out as Finding[]);
}

/**
 * Where the subject starts when the sentence opening at `t` is a short phrase that places it
 * ("In Leeds,", "Born in Hvammstangi,", "Last year in PONTOISE,", "After moving to Menogeia,"):
 * a preposition of place among its first four tokens, followed by a capitalised word that is no
 * month or weekday ("In December 1901, Marconi …" is a time), then a comma, within eight tokens
 * on one line. -1 otherwise.
 */
function subjectAfterPlacePhrase(sheet: TokenSheet, t: number): number {
  let placed = false;
  for (let k = t; k < sheet.count && k < t + 8; k += 1) {
    if (k > t && sheet.flags[k]! & (TF.LINE_START | TF.SENTENCE_START)) return -1;
    const word = sheet.word[k]!;
    if (word === COMMA) return placed && k + 1 < sheet.count && !(sheet.flags[k + 1]! & TF.LINE_START) ? k + 1 : -1;
    if (k <= t + 3 && PLACE_PREPOSITIONS.has(word) && k + 1 < sheet.count && sheet.flags[k + 1]! & TF.CAPITALISED && !(sheet.lex[k + 1]! & NOT_PLACE_WORDS)) placed = true;
  }
  return -1;
}

/** Some word of the run is a region and no name ("Perametsa, Võrumaa keep failing": the town's county). */
function regionWords(sheet: TokenSheet, first: number, last: number): boolean {
  for (let k = first; k <= last; k += 1) if (sheet.lex[k]! & LEX.REGION && !(sheet.lex[k]! & (LEX.FIRST_NAME | LEX.LAST_NAME))) return true;
  return false;
}

/** Token `k` is a lower-case word that can be a verb after a subject: not "and", "or" or a comma ("In Leeds, York and Hull …"). */
function verbFollows(sheet: TokenSheet, k: number): boolean {
  if (k >= sheet.count) return false;
  const flags = sheet.flags[k]!;
  return (flags & TF.WORD) !== 0 && !(flags & (TF.CAPITALISED | TF.LINE_START)) && !COORDINATORS.has(sheet.word[k]!) && !(sheet.lex[k]! & LEX.FUNCTION);
}

/** Last token of a run of one to three name-like words from `first` (initials with their dot allowed inside), or `first - 1`. */
function nameRun(text: string, sheet: TokenSheet, first: number): number {
  let last = first - 1;
  let words = 0;
  for (let k = first; k < sheet.count && words < MAX_WORDS; k += 1) {
    if (k > first && sheet.flags[k]! & TF.LINE_START) break;
    if (!isNameWord(sheet, k)) break;
    words += 1;
    last = k;
  }
  if (words === 0) return first - 1;
  // A lone hyphenated word is a brand more often than a double surname ("the Maxi-Tech campaign").
  if (words === 1 && sheet.flags[first]! & TF.JOINED && text.slice(sheet.start[first]!, sheet.end[first]!).includes('-')) return first - 1;
  // A run of only one-letter initials is no name.
  for (let k = first; k <= last; k += 1) if (sheet.end[k]! - sheet.start[k]! > 1) return last;
  return first - 1;
}

function isNameWord(sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.WORD)) return false;
  const lex = sheet.lex[k]!;
  const word = sheet.word[k]!;
  if (lex & NEVER_NAME || isTechWord(word) || isFieldWord(word) || isMajorPlace(word)) return false;
  if (sheet.lowerCaseText) return (lex & LEX.FIRST_NAME) !== 0 && !(lex & (LEX.COMMON | LEX.ENGLISH));
  if (!(flags & TF.CAPITALISED) || (flags & TF.ALL_CAPS && sheet.end[k]! - sheet.start[k]! < 4)) return false;
  return (lex & (LEX.FIRST_NAME | LEX.LAST_NAME)) !== 0 || isEnglishSurname(word) || !(lex & (LEX.COMMON | LEX.ENGLISH | LEX.CITY));
}

/**
 * Tokens from `t` say where a person comes from, works, lives or travels: "is from", "comes from",
 * "works at", "works for", "lives in", "is visiting", "moved to", "flew to", "grew up".
 */
function origin(sheet: TokenSheet, t: number): boolean {
  if (t + 1 >= sheet.count || sheet.flags[t]! & (TF.CAPITALISED | TF.LINE_START)) return false;
  const verb = sheet.word[t]!;
  const preposition = sheet.word[t + 1]!;
  if (verb === IS || verb === WAS || verb === COMES || verb === CAME) return preposition === FROM || ((verb === IS || verb === WAS) && TRIP_VERBS.has(preposition));
  if (verb === WORKS || verb === WORKED) return preposition === AT || preposition === FOR;
  if (MOVE_VERBS.has(verb)) return preposition === TO || (verb === GREW && preposition === UP);
  return (verb === LIVES || verb === LIVED) && preposition === IN;
}

// "Tünde is visiting Žabnica", "Ahmed moved to Leeds", "Hatsuho grew up in …": only people travel so.
const TRIP_VERBS = new WordSet(['visiting', 'travelling', 'traveling', 'flying', 'relocating', 'staying'].map((w) => hashLower(w, 0, w.length)));
const MOVE_VERBS = new WordSet(['moved', 'flew', 'travelled', 'traveled', 'relocated', 'emigrated', 'grew'].map((w) => hashLower(w, 0, w.length)));
const GREW = hashLower('grew', 0, 4);
const UP = hashLower('up', 0, 2);

/**
 * Where a name would start when token `t` ends a cue that only a person follows, or -1: a greeting
 * opening its sentence ("Hi", "Dear"), a letter's closing word and its comma ("Thanks,", "Kind
 * regards,\n"), or a verb only people are the object of ("spoke to", "met", "ask").
 */
function cueEnd(sheet: TokenSheet, t: number): number {
  const word = sheet.word[t]!;
  if (!CUES.at(sheet, t) || !(sheet.flags[t]! & TF.WORD)) return -1; // one bit test for most tokens
  if (GREETINGS.has(word)) return sheet.flags[t]! & TF.SENTENCE_START && t + 1 < sheet.count && !(sheet.flags[t + 1]! & TF.LINE_START) ? t + 1 : -1;
  if (CLOSERS.has(word)) return t + 2 < sheet.count && sheet.word[t + 1] === COMMA && sheet.flags[t + 1]! & TF.GLUED_BEFORE ? t + 2 : -1;
  if (PEOPLE_VERBS_WITH.has(word)) return t + 2 < sheet.count && (sheet.word[t + 1] === WITH || sheet.word[t + 1] === TO) && !(sheet.flags[t + 2]! & TF.LINE_START) ? t + 2 : -1;
  if (PEOPLE_VERBS.has(word)) return t + 1 < sheet.count && !(sheet.flags[t + 1]! & TF.LINE_START) ? t + 1 : -1;
  return -1;
}

/**
 * Words after a cue that are written as names are, not as acronyms, products or "I'm": no word in
 * capitals ("tell ISIL", "act as DOGA"), none opening with "I'" ("Hi I'm …"), and none with a
 * capital inside unless it is on the name lists ("Hi ChatGTP", "regards,\nPayPal"; "McKenzie" is).
 */
function plainName(text: string, sheet: TokenSheet, first: number, last: number): boolean {
  for (let k = first; k <= last; k += 1) {
    const flags = sheet.flags[k]!;
    if (!(flags & TF.WORD)) continue;
    if (flags & TF.ALL_CAPS) return false;
    const start = sheet.start[k]!;
    if (text[start] === 'I' && (text[start + 1] === "'" || text[start + 1] === '’')) return false;
    if (!(sheet.lex[k]! & (LEX.FIRST_NAME | LEX.LAST_NAME)) && /\p{Lu}/u.test(text.slice(start + 1, sheet.end[k]!))) return false;
  }
  return true;
}

/** A cued name ends at token `k`: the end of the text or line, a mark, a conjunction or a lower-case word (not a capitalised one: "Hi Kafka Streams team"). */
function nameEnds(sheet: TokenSheet, k: number): boolean {
  if (k >= sheet.count) return true;
  const flags = sheet.flags[k]!;
  if (flags & TF.LINE_START) return true;
  if (flags & TF.PUNCT) return sheet.word[k] !== APOSTROPHE; // "Ann's" is left to the tagger
  return (flags & TF.WORD) !== 0 && !(flags & TF.CAPITALISED) && !PLURAL_NOUNS.has(sheet.word[k]!);
}

const [IS, WAS, COMES, CAME, FROM, WORKS, WORKED, AT, FOR, LIVES, LIVED, IN] = ['is', 'was', 'comes', 'came', 'from', 'works', 'worked', 'at', 'for', 'lives', 'lived', 'in'].map(hash) as [number, number, number, number, number, number, number, number, number, number, number, number];
const ARTICLES = new TokenWordSet(['the', 'a', 'an'].map(hash));
// Nouns a person's name qualifies directly ("the Tolkien novel", "a Beyoncé concert"). No
// "version", "account", "case", "model" or "campaign": products, tickets and firms take those as often.
const WORK_NOUNS = new WordSet(
  ['novel', 'novels', 'book', 'books', 'biography', 'memoir', 'memoirs', 'song', 'songs', 'album', 'albums', 'concert', 'concerts', 'recording', 'recordings', 'film', 'films', 'movie', 'movies', 'poem', 'poems', 'painting', 'paintings', 'portrait', 'symphony', 'sonata', 'opera', 'lecture', 'lectures', 'interview', 'speech', 'tour', 'estate', 'family', 'household', 'administration', 'trial', 'funeral', 'wedding'].map(hash),
);
const COMMA = hash(',');
const APOSTROPHE = hash("'");
const COORDINATORS = new WordSet(['and', 'or', '&'].map(hash));
const PLACE_PREPOSITIONS = new WordSet(['in', 'from', 'to', 'at', 'near'].map(hash));
// "In December 1901, Marconi …", "In the 1970s, …": a time, not a place.
const NOT_PLACE_WORDS = LEX.CALENDAR | LEX.FUNCTION | LEX.ORG_SUFFIX;
// Greetings, a letter's closing words, verbs that take a person with "with" or "to" ("spoke with",
// "talked to"), and verbs that take one directly ("met", "ask"); CUES is their union.
const GREETING_WORDS = ['hi', 'hello', 'hey', 'dear', 'dearest', 'hiya', 'howdy'];
const CLOSER_WORDS = ['thanks', 'regards', 'cheers', 'sincerely', 'faithfully', 'best', 'yours'];
const WITH_VERBS = ['spoke', 'speak', 'talk', 'talked', 'chatted', 'chat'];
const DIRECT_VERBS = ['met', 'ask', 'asked', 'thank', 'thanked', 'hired', 'interviewed', 'married', 'told', 'tell', 'emailed', 'texted', 'phoned'];
const GREETINGS = new WordSet(GREETING_WORDS.map(hash));
const CLOSERS = new WordSet(CLOSER_WORDS.map(hash));
const PEOPLE_VERBS_WITH = new WordSet(WITH_VERBS.map(hash));
const PEOPLE_VERBS = new WordSet(DIRECT_VERBS.map(hash));
const CUES = new TokenWordSet([...GREETING_WORDS, ...CLOSER_WORDS, ...WITH_VERBS, ...DIRECT_VERBS].map(hash));
const [WITH, TO] = ['with', 'to'].map(hash) as [number, number];
// Nouns that say a greeting is to a group ("Hi Kafka folks", "Thanks, Rust team!").
const PLURAL_NOUNS = new WordSet(['team', 'folks', 'guys', 'people', 'all', 'everyone', 'experts', 'users', 'fans', 'devs', 'developers', 'crew', 'friends', 'community', 'squad'].map(hash));
