import type { Finding } from '../entity-types.js';
import { hashLower } from './char-table.js';
import { LEX } from './lexicon-table.js';
import { isMajorPlace } from './major-places.js';
import { isMenuWord } from './tech-words.js';
import { TF, type TokenSheet } from './token-sheet.js';
import { wordSetOf } from './word-set.js';

// Organisations are no persons or places, but they are made of the same words: "Pritchard-Lowe",
// "Gallagher Mutual Group", "Cloudmade". The tagger has no organisation tag (a fourth tag cost a
// third more time for the same cross-validated score), so these rules find the usual shapes of
// company names and take back the person and place spans inside them. Kept outside the model's
// lexicon, so the lists can grow without retraining. A firm of three surnames ("Baxter, Moore and
// Kline") reads like a list of people ("The winners were Novak, Hradecká and Siniaková"), so it is
// one only where people are not: after "at", "from" or "for" ("spent a year at Jones, Mitchell and
// Williams", "is from Hawkins, Richardson and Santana") or on a line of its own between a
// signature's name and address (`surnameFirm`).

// Words that end an organisation's name: legal forms and the nouns companies and institutions
// are named with (our own list; "Bank" in "Quintessa Bank", "Group" in "Gallagher Mutual Group").
const HEADS = wordSetOf(
  'inc incorporated ltd llc plc gmbh corp corporation company group holdings limited llp pty ' +
  'foundation university institute college academy school hospital clinic bank savings mutual trust union ' +
  'investments capital partners insurance analytics labs laboratories technologies systems markets consulting solutions services ' +
  'media software energy motors airlines airways pharmaceuticals networks logistics studios ventures associates industries enterprises ' +
  'publishing press records agency brands foods health healthcare data insights finance financial',
);
// Products are named the same way, first names and towns before a product noun ("Sophia Velvet
// Sofa", "Harper Linen Armchair", "Logan Steel Kettle"; dishes and drinks too, `isMenuWord`): our own
// list of product nouns, none of them a common surname.
const PRODUCT_HEADS = wordSetOf(
  'sofa couch armchair chair recliner stool bench table desk bed frame nightstand bookshelf bookcase shelf shelves cabinet dresser wardrobe ' +
  'mattress pillow duvet quilt blanket throw rug curtains towel towels sheets lamp vase mirror candle mug kettle toaster blender ' +
  'cookware skillet boots shoes sneakers sandals jacket coat parka dress shirt blouse sweater hoodie jeans trousers shorts scarf ' +
  'backpack handbag wallet headphones earbuds speaker charger laptop tablet smartwatch',
);
// Two-letter legal forms count only in capitals ("AG", "SA", "BV"): "Sa" or "Ab" may be a name.
const SHORT_FORMS = wordSetOf('ag sa bv nv kg ab oy as co');
const SONS = wordHash('sons');
const AND = wordHash('and');
const AMPERSAND = wordHash('&');

function wordHash(w: string): number {
  return hashLower(w, 0, w.length);
}

/**
 * Token ranges, as flat [from, to, from, to, …] pairs, that read as an organisation's name:
 * capitalised words ending in an organisation word on one line ("Gallagher Mutual Group",
 * "Halvorsen & Pike Ltd", "Petrova & Sons"), and firms of three surnames where no list of people
 * can stand (`surnameFirm`).
 */
export function organisationRanges(sheet: TokenSheet): number[] {
  const out: number[] = [];
  const n = sheet.count;
  for (let k = 0; k < n; k += 1) {
    const firm = surnameFirm(sheet, k);
    if (firm > 0) {
      out.push(k, firm);
      k = firm;
      continue;
    }
    if (k === 0 || !isHead(sheet, k)) continue;
    // Walk back over capitalised words (and "&"/"and" between them) on the same line.
    let from = k;
    let t = k - 1;
    while (t >= 0 && !(sheet.flags[t + 1]! & TF.LINE_START)) {
      const flags = sheet.flags[t]!;
      if (flags & TF.WORD && flags & TF.CAPITALISED && !(sheet.lex[t]! & (LEX.FUNCTION | LEX.TITLE))) {
        from = t;
        t -= 1;
      } else if ((sheet.word[t] === AMPERSAND || sheet.word[t] === AND) && t > 0 && sheet.flags[t - 1]! & TF.CAPITALISED) t -= 1;
      else break;
    }
    if (from < k) out.push(from, k);
  }
  return out;
}

/**
 * The last token of a firm named by three bare surnames starting at token `k` ("Hawkins,
 * Richardson and Santana"), or -1: one capitalised word each, the first after "at", "from" or
 * "for" or the three alone on a line inside a block of lines. After a colon, a verb or "with" they are people ("our
 * founders: Eklund, Michael and Hodge", "dinner with Smith, Jones and Brown"), and so are three
 * first names ("a gift from Anna, Ben and Carl": two or more words only the first-name lists
 * hold); three towns or countries are places ("from Leeds, Hull and York": a large city, or no
 * word on the surname lists).
 */
function surnameFirm(sheet: TokenSheet, k: number): number {
  if (k + 4 >= sheet.count || !isNameWord(sheet, k)) return -1;
  const lineStart = (sheet.flags[k]! & TF.LINE_START) !== 0 || (k > 0 && (sheet.flags[k - 1]! & (TF.LINE_START | TF.PUNCT)) === (TF.LINE_START | TF.PUNCT));
  if (!lineStart && !(k > 0 && FIRM_PREPOSITIONS.has(sheet.word[k - 1]!))) return -1;
  if (sheet.word[k + 1] !== COMMA || !isNameWord(sheet, k + 2)) return -1;
  let c = k + 3;
  if (sheet.word[c] === COMMA) c += 1; // the serial comma
  if (c + 1 >= sheet.count || sheet.word[c] !== AND || !isNameWord(sheet, c + 1)) return -1;
  const last = c + 1;
  const words = [k, k + 2, last];
  for (let t = k + 1; t <= last; t += 1) if (sheet.flags[t]! & TF.LINE_START) return -1;
  if (!words.some((t) => sheet.lex[t]! & LEX.LAST_NAME)) return -1;
  if (words.filter((t) => (sheet.lex[t]! & (LEX.FIRST_NAME | LEX.LAST_NAME)) === LEX.FIRST_NAME).length >= 2) return -1;
  if (words.some((t) => isMajorPlace(sheet.word[t]!) || (sheet.lex[t]! & LEX.REGION && !(sheet.lex[t]! & (LEX.FIRST_NAME | LEX.LAST_NAME))))) return -1;
  const next = last + 1;
  // A line of its own inside a block (a signature's company between the name and the address);
  // three surnames that are the whole text, or its first or last line, may be people.
  if (lineStart) return k > 1 && next < sheet.count && sheet.flags[next]! & TF.LINE_START ? last : -1;
  return next < sheet.count && sheet.flags[next]! & TF.CAPITALISED && !(sheet.flags[next]! & TF.LINE_START) ? -1 : last;
}

function isNameWord(sheet: TokenSheet, t: number): boolean {
  const flags = sheet.flags[t]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED) || flags & TF.ALL_CAPS) return false;
  const lex = sheet.lex[t]!;
  if (lex & (LEX.FUNCTION | LEX.TITLE | LEX.DEMONYM)) return false;
  return (lex & (LEX.FIRST_NAME | LEX.LAST_NAME)) !== 0 || !(lex & (LEX.COMMON | LEX.ENGLISH));
}

const COMMA = wordHash(',');
const FIRM_PREPOSITIONS = wordSetOf('at from for');

/** An organisation or product word that ends a name ("Group", "LLC", "AG" in capitals, "Sons" after "&"/"and", "Sofa"). */
function isHead(sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.WORD) || !(flags & TF.CAPITALISED)) return false;
  const word = sheet.word[k]!;
  if (word === SONS) return k >= 2 && (sheet.word[k - 1] === AND || sheet.word[k - 1] === AMPERSAND);
  if (SHORT_FORMS.has(word)) return (flags & TF.ALL_CAPS) !== 0 || (flags & TF.DOT_AFTER) !== 0;
  return HEADS.has(word) || PRODUCT_HEADS.has(word) || isMenuWord(word);
}

// The tagger drops organisations twice per text (before and after mentions are propagated), over
// the same tokens: the ranges are found once per `read` of the sheet. The passes between the two
// calls do not change the sheet (only `markDemonyms` and `unmarkNamedStreetWords` do, before both).
let memoSheet: TokenSheet | undefined;
let memoGeneration = -1;
let memoRanges: number[] = [];

function rangesOf(sheet: TokenSheet): number[] {
  if (sheet !== memoSheet || sheet.generation !== memoGeneration) {
    memoRanges = organisationRanges(sheet);
    memoSheet = sheet;
    memoGeneration = sheet.generation;
  }
  return memoRanges;
}

/**
 * Drops person and place findings that lie inside an organisation's name (see
 * `organisationRanges`). Street addresses are kept: "Northgate Logistics GmbH, Industriestraße
 * 14" is an address after the company.
 */
export function dropOrganisations(sheet: TokenSheet, found: Finding[]): Finding[] {
  if (found.length === 0) return found;
  const ranges = rangesOf(sheet);
  if (ranges.length === 0) return found;
  return found.filter((f) => {
    if (f.type !== 'PERSON' && f.type !== 'LOCATION') return true;
    for (let r = 0; r < ranges.length; r += 2) {
      const start = sheet.start[ranges[r]!]!;
      const end = sheet.end[ranges[r + 1]!]!;
      if (f.start >= start && f.end <= end) return false;
    }
    return true;
  });
}

/**
 * A one-word name on no name or place list that ends in an everyday English word of four letters
 * or more ("Optuminsight", "Healthpocket") is a brand, not a person or a town — unless that word
 * is one towns are named with ("Auroratown", "Pudičmouth"), or is also a word of town names
 * ("made") and the name does not start with an everyday word of four letters or more too
 * ("Cloudmade"). Shorter parts are left alone: "Petersson" is "Peters" and "son".
 */
export function coinedCompound(text: string, sheet: TokenSheet, k: number): boolean {
  if (sheet.lex[k]! !== 0 || sheet.flags[k]! & (TF.ALL_CAPS | TF.JOINED)) return false;
  const start = sheet.start[k]!;
  const end = sheet.end[k]!;
  if (end - start < 7) return false;
  const ENGLISHISH = LEX.COMMON | LEX.ENGLISH;
  for (let cut = start + 3; cut <= end - 4; cut += 1) {
    const tail = sheet.lexiconOf(text, cut, end);
    if (!(tail & ENGLISHISH) || tail & LEX.FUNCTION || PLACE_ENDINGS.has(hashLower(text, cut, end))) continue;
    if (!(tail & LEX.CITY)) return true; // "Optuminsight"
    const head = sheet.lexiconOf(text, start, cut); // "Cloudmade": "made" is also a word of town names
    if (cut - start >= 4 && head & ENGLISHISH && !(head & LEX.FUNCTION)) return true;
  }
  return false;
}

// Words town names end in (English and Germanic), which a brand-like split must not take: our own list.
const PLACE_ENDINGS = wordSetOf('town mouth bury borough boro burgh fort stead cester berg ford field haven port land side view stad stadt dorf heim furt hausen wood worth chester caster shire bridge minster combe moor stone bourne well wick dale vale hill hills lake water brook cliff cross gate ville');

/**
 * A lone hyphenated pair of capitalised names with no first name in it ("Pritchard-Lowe",
 * "Mayo-Walters") names a firm; a person so named comes with a first name or a title ("Ms.
 * Mayo-Walters"), which other rules find. Both halves first names ("Jean-Luc") stay a person.
 */
export function hyphenatedFirm(text: string, sheet: TokenSheet, k: number): boolean {
  const flags = sheet.flags[k]!;
  if (!(flags & TF.JOINED) || !(flags & TF.CAPITALISED) || flags & TF.ALL_CAPS) return false;
  const start = sheet.start[k]!;
  const end = sheet.end[k]!;
  const dash = text.indexOf('-', start);
  if (dash < 0 || dash >= end - 1) return false;
  const again = text.indexOf('-', dash + 1);
  if (again >= 0 && again < end) return false;
  const second = text[dash + 1]!;
  if (second === second.toLowerCase()) return false; // "Smith-jones", "Jean-baptiste": not two capitalised names
  const a = sheet.lexiconOf(text, start, dash);
  const b = sheet.lexiconOf(text, dash + 1, end);
  return !(a & LEX.FIRST_NAME && b & LEX.FIRST_NAME);
}
