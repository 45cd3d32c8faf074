import { finding, type Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isTechWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { SpanOverlap } from './span-overlap.js';
import { TokenWordSet } from './token-words.js';
import { WordSet } from './word-set.js';

const hash = (w: string): number => hashLower(w, 0, w.length);
const NAME = hash('name');
/** A form's name-field labels: English, and French, Spanish, Italian, Portuguese, Dutch and German ("Nom :", "Nombre:", "Vorname:"). */
export const NAME_LABELS = new TokenWordSet('name nom nombre nome naam vorname nachname prénom apellido apellidos cognome voornaam achternaam sobrenome'.split(' ').map(hash));
const COLON = hash(':');
const IS_WORD = hash('is');
// Words that may qualify a person's name field ("Full name:", "Patient name:"); "File name:" or
// "Company name:" are not people.
const PERSON_FIELDS = new WordSet(['full', 'first', 'last', 'given', 'family', 'legal', 'customer', 'patient', 'client', 'contact', 'employee', 'applicant', 'guest', 'passenger', 'student', 'recipient', 'sender', 'holder', 'cardholder', "patient's", 'my', 'your', 'her', 'his', 'their', 'maiden', 'birth'].map(hash));
const NEVER_NAME = LEX.FUNCTION | LEX.CALENDAR | LEX.DEMONYM | LEX.ORG_SUFFIX | LEX.STREET_TYPE | LEX.UNIT | LEX.CODE_CUE;
const MAX_WORDS = 4;

/**
 * The value of a form's name field is a person: "Name: Toshimi Arata", "Full name: Ann B. Lee",
 * "Nombre: Wei Zhang" (the field label starting its line, or qualified by a word such as "full", "patient" or
 * "customer"). Up to four words to the end of the line, initials allowed, each capitalised in a
 * text that uses capitals (in an all-lower-case text, each from the name lists), none a
 * function, calendar, company, street, unit or code word. Only spans no other finding touches,
 * or (`widen`) that only persons inside the value touch: the caller drops those.
 *
 * @example labelledNames(text, sheet, []) // "Name: Toshimi Arata" → PERSON "Toshimi Arata"
 */
export function labelledNames(text: string, sheet: TokenSheet, findings: readonly Finding[], score = 0.8, widen = false): Finding[] {
  const out: Finding[] = [];
  const taken = new SpanOverlap(findings);
  for (let t = 0; t + 2 < sheet.count; t += 1) {
    if (!NAME_LABELS.at(sheet, t) || !(sheet.flags[t]! & TF.WORD)) continue;
    const colon = t + 1;
    // "Her maiden name is Key", "my name is Ann Lee and …": the name runs to its last capitalised word.
    const sentence = sheet.word[t] === NAME && sheet.word[colon] === IS_WORD && t > 0 && PERSON_FIELDS.has(sheet.word[t - 1]!);
    if (!sentence) {
      if (!(sheet.flags[colon]! & TF.PUNCT) || sheet.word[colon] !== COLON || sheet.flags[colon]! & TF.LINE_START) continue;
      if (!(sheet.flags[t]! & TF.LINE_START) && !(PERSON_FIELDS.has(sheet.word[t - 1]!) && sheet.flags[t - 1]! & TF.LINE_START)) continue;
    }
    let k = colon + 1;
    let last = -1;
    let words = 0;
    while (k < sheet.count && !(sheet.flags[k]! & TF.LINE_START) && words < MAX_WORDS + 1) {
      const flags = sheet.flags[k]!;
      if (flags & TF.WORD) {
        const lex = sheet.lex[k]!;
        const initial = sheet.end[k]! - sheet.start[k]! === 1 && flags & TF.CAPITALISED;
        if (lex & NEVER_NAME || isTechWord(sheet.word[k]!)) break;
        if (sheet.lowerCaseText ? !(lex & (LEX.FIRST_NAME | LEX.LAST_NAME)) && !initial : !(flags & TF.CAPITALISED)) break;
        words += 1;
        last = k;
      } else if (!(flags & TF.PUNCT && text[sheet.start[k]!] === '.' && flags & TF.GLUED_BEFORE)) break; // "B."
      k += 1;
    }
    // The whole rest of the line must be the name: "Name: Ann Lee, head of sales" is left to the tagger.
    if (words === 0 || words > MAX_WORDS || (!sentence && k < sheet.count && !(sheet.flags[k]! & TF.LINE_START))) continue;
    const start = sheet.start[colon + 1]!;
    const end = sheet.end[last]!;
    // With `widen`, a person the tagger found inside the value ("Zhang" of "Nombre: Wei Zhang") gives way to the whole value.
    if (taken.overlaps(start, end) && !(widen && findings.every((f) => f.end <= start || f.start >= end || (f.type === 'PERSON' && f.start >= start && f.end <= end && f.end - f.start < end - start)))) continue;
    out.push({ type: 'PERSON', start, end, score });
  }
  return out;
}

const IS = new WordSet(['is', 'was', "name's"].map(hash));

/**
 * Token `p` ends a verb only people are the object of, with its preposition if it takes one:
 * "spoke with", "talked to", "met", "ask", "thank", "hired" ("I spoke with Topi Sainio").
 */
function peopleVerbBefore(sheet: TokenSheet, p: number): boolean {
  if (PEOPLE_VERBS.has(sheet.word[p]!)) return !PEOPLE_VERBS_WITH.has(sheet.word[p]!);
  if (p === 0) return false;
  const word = sheet.word[p]!;
  const before = sheet.word[p - 1]!;
  return ((word === WITH || word === TO) && PEOPLE_VERBS_WITH.has(before)) || (word === TO && PEOPLE_VERBS_TO.has(before)) || (word === OF && KIN_OF.has(before)) || (word === FROM && SENT_FROM.has(before) && !cityWords(sheet, p + 1));
}

/** A capitalised run from token `t` has a word on the town lists and on no name list ("a letter from Lyon"). */
function cityWords(sheet: TokenSheet, t: number): boolean {
  for (let k = t; k < sheet.count && sheet.flags[k]! & TF.CAPITALISED; k += 1) {
    const lex = sheet.lex[k]!;
    if (lex & (LEX.CITY | LEX.REGION) && !(lex & (LEX.FIRST_NAME | LEX.LAST_NAME))) return true;
  }
  return false;
}

// What a person sends: "a letter from Siosaia Fifita", "a call from …" (not from a town on the lists;
// not postcards, greetings or gifts, which come from places as often: "Postcard from EBEN!").
const SENT_FROM = new WordSet(
  ['letter', 'letters', 'message', 'messages', 'email', 'emails', 'e-mail', 'note', 'call', 'calls', 'text', 'texts', 'invitation', 'invite', 'reply', 'response', 'answer', 'request', 'voicemail', 'dm', 'complaint', 'apology', 'referral', 'recommendation'].map(hash),
);
const FROM = hash('from');

// Verbs whose "to" leads to a person, not a destination ("married to", "replied to", "introduced
// to"), and relations whose "of" does ("the widow of", "a friend of"); a place there is a person
// the tagger read as a town (an unknown name after "to" or "of").
const PEOPLE_VERBS_TO = new WordSet(
  ['said', 'say', 'says', 'replied', 'reply', 'replies', 'married', 'engaged', 'introduced', 'introduce', 'belongs', 'belonged', 'addressed', 'listen', 'listened', 'listening', 'explained', 'explain', 'lent', 'handed', 'apologised', 'apologized', 'complained', 'whispered', 'shouted', 'waved', 'replying', 'responded', 'respond'].map(hash),
);
const KIN_OF = new WordSet(
  ['son', 'daughter', 'wife', 'husband', 'widow', 'widower', 'brother', 'sister', 'mother', 'father', 'cousin', 'nephew', 'niece', 'uncle', 'aunt', 'grandson', 'granddaughter', 'grandfather', 'grandmother', 'child', 'children', 'friend', 'friends', 'colleague', 'colleagues', 'fiancé', 'fiancée', 'fiance', 'fiancee', 'boyfriend', 'girlfriend', 'stepson', 'stepdaughter', 'assistant', 'secretary', 'lawyer', 'attorney', 'biographer', 'successor', 'predecessor'].map(hash),
);
const OF = hash('of');

// Verbs that take a person with "with" or "to" ("spoke with", "talked to"), and those that take one directly ("met", "ask").
const PEOPLE_VERBS_WITH = new WordSet(['spoke', 'speak', 'speaking', 'talk', 'talked', 'talking', 'chatted', 'chat', 'chatting'].map(hash));
const PEOPLE_VERBS = new WordSet(
  ['spoke', 'speak', 'speaking', 'talk', 'talked', 'talking', 'chatted', 'chat', 'chatting', 'met', 'ask', 'asked', 'asking', 'thank', 'thanked', 'hired', 'interviewed', 'married', 'told', 'tell', 'emailed', 'texted', 'phoned'].map(hash),
);
const WITH = hash('with');
const TO = hash('to');

/**
 * A place right after a word that announces a person is that person: "My name is Aantje Mourik",
 * "Name: Anđa Tomić", "said Maslin", "Dear Glyceria"; so is one after a letter's closing word and
 * its comma ("Thanks, Aslak Gjerde!", "Regards,\nKisuke Sugita"), or one right before a verb whose
 * subject is a person ("Ömür Bischoff grew up", "Peverell Racine attended", "Chizue Senda said"),
 * when no preposition comes before it ("Police in Sissach said" is about the police) —
 * unless a word of it names a country or region, or it is a large city ("Hello Berlin"). The
 * tagger confuses unknown names with unknown towns; the cue settles it.
 *
 * @example cuedPersons(sheet, found, isMajorPlace) // LOCATION "Aantje Mourik" after "name is" → PERSON
 */
export function cuedPersons(sheet: TokenSheet, findings: Finding[], isMajorPlace: (word: number) => boolean): Finding[] {
  return findings.map((f) => {
    if (f.type !== 'LOCATION') return f;
    // Binary search, not a walk from the first token: a text of many places stays linear.
    const first = sheet.tokenAt(f.start);
    if (first < 0 || sheet.start[first] !== f.start) return f;
    let last = first;
    for (let t = first; t < sheet.count && sheet.start[t]! < f.end; t += 1) {
      const flags = sheet.flags[t]!;
      if (flags & TF.NUMBER || sheet.lex[t]! & (LEX.REGION | NEVER_NAME) || isMajorPlace(sheet.word[t]!)) return f;
      if (flags & TF.WORD && !(flags & TF.CAPITALISED) && !sheet.lowerCaseText) return f;
      last = t;
    }
    return cueBefore(sheet, first) || closerBefore(sheet, first) || (subjectVerbAfter(sheet, last + 1) && !prepositionBefore(sheet, first)) ? finding('PERSON', f.start, f.end, f.score) : f;
  });
}

/** Token `p` (just before a place) announces a person: a name cue ("name is", "Dear") or a verb only people are the object of. */
function cueBefore(sheet: TokenSheet, first: number): boolean {
  let p = first - 1;
  if (p >= 0 && (sheet.word[p] === COLON || IS.has(sheet.word[p]!))) p -= 1;
  if (p < 0 || !(sheet.flags[p]! & TF.WORD)) return false;
  return (sheet.lex[p]! & LEX.NAME_CUE) !== 0 || peopleVerbBefore(sheet, p);
}

/** A letter's closing word and a comma come just before token `first` ("Thanks, …", "Kind regards,\n…"). */
function closerBefore(sheet: TokenSheet, first: number): boolean {
  const comma = first - 1;
  return comma >= 1 && sheet.word[comma] === COMMA && sheet.flags[comma]! & TF.GLUED_BEFORE ? CLOSERS.has(sheet.word[comma - 1]!) : false;
}

/** Token `t` is a verb whose subject is a person, perhaps after "will" or "has" ("… will speak", "… has joined"). */
function subjectVerbAfter(sheet: TokenSheet, t: number): boolean {
  if (t < sheet.count && AUXILIARIES.has(sheet.word[t]!) && !(sheet.flags[t]! & TF.LINE_START)) t += 1;
  if (t >= sheet.count || sheet.flags[t]! & (TF.LINE_START | TF.CAPITALISED)) return false;
  return PERSON_SUBJECT_VERBS.has(sheet.word[t]!);
}

/** A function word other than a conjunction comes just before token `first` ("Police in Sissach said": the place of a subject). */
function prepositionBefore(sheet: TokenSheet, first: number): boolean {
  const p = first - 1;
  return p >= 0 && (sheet.lex[p]! & LEX.FUNCTION) !== 0 && !CONJUNCTIONS.has(sheet.word[p]!);
}

const CONJUNCTIONS = new WordSet(['and', 'or', 'but', 'nor'].map(hash));
const COMMA = hash(',');
const CLOSERS = new WordSet(['thanks', 'regards', 'cheers', 'best', 'sincerely', 'faithfully', 'truly', 'love', 'wishes', 'greetings', 'yours', 'xoxo'].map(hash));
const AUXILIARIES = new WordSet(['will', 'would', 'has', 'had', 'can', 'could', 'should', 'must', 'may', 'might'].map(hash));
// Verbs a place is not the subject of: "Oslo said" is a spokesperson's shorthand at most, and those
// are large cities, which are never retyped.
const PERSON_SUBJECT_VERBS = new WordSet(
  ['said', 'says', 'asked', 'asks', 'replied', 'replies', 'wrote', 'writes', 'called', 'calls', 'grew', 'attended', 'attends', 'thinks', 'thought', 'smiled', 'laughed', 'explained', 'argued', 'believes', 'spoke', 'speak', 'speaks', 'emailed', 'texted', 'phoned', 'married', 'sang', 'sings', 'joined', 'resigned', 'retired', 'studied', 'graduated', 'apologised', 'apologized', 'agreed', 'insisted', 'admitted', 'complained'].map(hash),
);

