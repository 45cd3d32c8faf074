/**
 * Is this text English? The guardrails' English-trained parts (the PII name tagger, the injection
 * classifier) need to know: German capitalises every noun, greetings open sentences with a
 * capital in every language, and a classifier that learnt English scores unfamiliar words as
 * unusual. Function words answer it on a five-word sentence, where character-trigram language
 * detectors are unsure, and cost a set look-up per word.
 */

/**
 * Function words of the languages a European company's users write in besides English (German,
 * French, Spanish, Italian, Portuguese, Dutch), leaving out every one that is also an English word
 * ("die", "was", "son", "per", "do", "van", "me", "no", "met", "come", "care", and "com",
 * which every web address ends in).
 */
export const FOREIGN_FUNCTION_WORDS: readonly string[] = `
  und der das den dem des ein eine einen einem einer ist sind nicht ich du wir ihr mir mich dich dir uns euch
  mein meine meinen meinem dein deine seine ihre unser mit zu zum zur auf für von vom bei nach aus über unter
  auch noch nur schon wie wenn oder aber dass weil bitte danke hallo sehr geehrte geehrter hiermit können kann
  kannst könnte würde wurde werden wird habe hast haben sich kein keine diese dieser dieses ihnen im ins beim
  eines ihren ihrem unsere unseren alle mehr welche welcher welches gibt gib zwei drei vier fünf zehn neue neuen
  bis ohne gegen sowie damit wurden worden hier jetzt heute morgen immer guten abend weiter
  le les des du une et est sont je tu il elle nous vous ils elles mon ma mes ton ta tes sa ses notre votre nos
  vos leur leurs pour avec dans sur pas ne que qui quoi mais où au aux ce cette ces être avoir avez avons merci
  bonjour bonsoir pourriez pouvez peux veuillez plaît très quel quelle quels quelles comment pourquoi aussi
  faire fait faut doit deux trois cinq dix nouveau nouvelle
  el los las del es por para una un mi tu su se como pero muy gracias hola puedes puede podría está están
  estoy al lo le te nos ayudar favor usted qué cuál cuáles cómo también hacer tiene tengo quiero dos tres cinco
  diez nuevo nueva todavía buenos buenas días tardes noches
  il gli della delle dello di che mio mia miei tuo tua non sono è ciao grazie puoi può potresti nel nella alla
  alle questo questa anche sei ho hai quali quale cosa perché fare deve vorrei due tre cinque dieci nuovo
  nuova ancora degli dei uno la favore buongiorno buonasera nelle nei negli nello dalla dalle dai dagli dallo sulla sulle sui sugli
  os da dos das em um uma não meu minha seu sua você olá obrigado obrigada podes pode poderia estou são ao
  na nos quais qual como também fazer tenho quero dois três cinco dez novo nova ainda boa bom tarde
  het een en ik je jij mij mijn niet voor dat zijn kunt kun bedankt alvast goedemorgen graag wij jullie hun
  ook maar wel naar uit bij heb hebt heeft wordt worden deze dit zou de welke hoe waarom graag twee drie vijf
  tien nieuwe nog alsjeblieft goedemiddag goedenavond
  cher chère chers chères liebe lieber liebes caro cara cari gentile gentili estimado estimada estimados
  querido querida queridos beste geachte prezado prezada
`.split(/\s+/).filter(Boolean);

export const ENGLISH_FUNCTION_WORDS: readonly string[] = `
  the and of to is are was were you your my me we our with for this that it be have has had will would can
  could please what how not on at from by they their i do does did if or but about which who there here
  all any some just should so as been am
`.split(/\s+/).filter(Boolean);

/** Titles that announce a person in those languages; being foreign words, they also tell the language. */
export const FOREIGN_TITLES: readonly string[] = 'herr frau herrn m mme mlle monsieur madame messieurs sr sra srta señor señora don doña sig signor signora signorina dott dottssa senhor senhora dona dhr mevr heer meneer mevrouw'.split(' ');

const FOREIGN = new Set([...FOREIGN_FUNCTION_WORDS, ...FOREIGN_TITLES]);
const ENGLISH = new Set(ENGLISH_FUNCTION_WORDS);
const LOWER_START = /^[a-zà-öø-ÿ]/;

/** What a lower-cased word is in `readsAsForeign`'s count: none of the listed words, an English or a foreign one. */
type Kind = 0 | 1 | 2;
const ENGLISH_WORD = 1;
const FOREIGN_WORD = 2;

/**
 * The function words that are plain ASCII, probed by the word's characters: no substring, no
 * lower-cased copy and no string hash per word. Open addressing over a hash of the lower-cased
 * codes; a hit is confirmed character by character, so the answer is the sets' own.
 */
class AsciiWords {
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly words: string[] = [];
  private readonly kinds: Kind[] = [];
  readonly longest: number;

  constructor(entries: readonly [string, Kind][]) {
    let size = 16;
    while (size < entries.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.shift = 32 - Math.log2(size);
    let longest = 0;
    for (const [word, kind] of entries) {
      let i = this.slotOf(foldedHash(word, 0, word.length));
      while (this.slots[i] !== 0) i = (i + 1) & (size - 1);
      this.words.push(word);
      this.kinds.push(kind);
      this.slots[i] = this.words.length;
      longest = Math.max(longest, word.length);
    }
    this.longest = longest;
  }

  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }

  /** The kind of `text[start, end)` lower-cased, an ASCII word whose `foldedHash` is `hash`. */
  kindOf(text: string, start: number, end: number, hash: number): Kind {
    const mask = this.slots.length - 1;
    for (let i = this.slotOf(hash); ; i = (i + 1) & mask) {
      const entry = this.slots[i]!;
      if (entry === 0) return 0;
      const word = this.words[entry - 1]!;
      if (word.length !== end - start) continue;
      let k = 0;
      while (k < word.length && (text.charCodeAt(start + k) | 0x20) === word.charCodeAt(k)) k += 1;
      if (k === word.length) return this.kinds[entry - 1]!;
    }
  }
}

/** FNV-1a of the codes lower-cased as ASCII letters are (`| 0x20`: the apostrophe is unchanged). */
function foldedHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ (text.charCodeAt(i) | 0x20), 0x01000193);
  return hash;
}

const ASCII_WORDS = new AsciiWords(
  [...new Set([...ENGLISH, ...FOREIGN])]
    .filter((w) => /^[a-z']+$/.test(w))
    .map((w): [string, Kind] => [w, ENGLISH.has(w) ? ENGLISH_WORD : FOREIGN_WORD]),
);

/** A letter of a word: ASCII, Latin-1's (not × or ÷) and Latin Extended-A. */
function isWordLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 0xc0 && code <= 0x17f && code !== 0xd7 && code !== 0xf7);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Words counted as foreign (function words, titles, accented lower-case words) and as English
 * function words in `text`'s first `maxChars` characters. A word is a run of letters (Latin, with
 * accents) not glued to a letter or digit before it, with one apostrophe inside ("l'incontro",
 * "don't"), and not followed by a digit ("3598Mi", hashes, ids): the words that
 * `/(?<![0-9L])L+(?:['’]L+)?(?![0-9])/g` matches, L those letters, found in one scan of character
 * codes (the pattern's backtracking before a digit included: "ab1" gives "a"). An ASCII word is
 * looked up by its codes; any other is lower-cased and looked up in the sets.
 *
 * @example functionWordCounts('Kannst du mir helfen?') // { foreign: 2, english: 0 }
 */
export function functionWordCounts(text: string, maxChars = 4096): { foreign: number; english: number } {
  const scanned = text.slice(0, maxChars);
  const end = scanned.length;
  let foreign = 0;
  let english = 0;
  let i = 0;
  while (i < end) {
    const code = scanned.charCodeAt(i);
    if (!isWordLetter(code)) {
      i += 1;
      continue;
    }
    if (i > 0) {
      const before = scanned.charCodeAt(i - 1);
      if (isWordLetter(before) || isDigit(before)) {
        i += 1;
        continue;
      }
    }
    let q = i + 1;
    while (q < end && isWordLetter(scanned.charCodeAt(q))) q += 1;
    const after = q < end ? scanned.charCodeAt(q) : -1;
    let wordEnd = -1;
    if ((after === 39 || after === 0x2019) && q + 1 < end && isWordLetter(scanned.charCodeAt(q + 1))) {
      let r = q + 2;
      while (r < end && isWordLetter(scanned.charCodeAt(r))) r += 1;
      // Before a digit the part after the apostrophe gives back a letter, or the part goes.
      if (r >= end || !isDigit(scanned.charCodeAt(r))) wordEnd = r;
      else wordEnd = r - q - 1 >= 2 ? r - 1 : q;
    } else if (!isDigit(after)) wordEnd = q;
    else if (q - i >= 2) wordEnd = q - 1;
    if (wordEnd < 0) {
      // One letter before a digit: no word, and none starts inside it.
      i = q;
      continue;
    }
    const short = wordEnd - i <= ASCII_WORDS.longest;
    let hash = 0x811c9dc5 | 0;
    let wide = false;
    for (let k = i; k < wordEnd; k += 1) {
      const c = scanned.charCodeAt(k);
      if (c >= 128) {
        wide = true;
        break;
      }
      hash = Math.imul(hash ^ (c | 0x20), 0x01000193);
    }
    if (!wide) {
      // An ASCII word longer than every listed one is none of them (and has no accent).
      if (short) {
        const kind = ASCII_WORDS.kindOf(scanned, i, wordEnd, hash);
        if (kind === ENGLISH_WORD) english += 1;
        else if (kind === FOREIGN_WORD) foreign += 1;
      }
    } else {
      const word = scanned.slice(i, wordEnd);
      const lower = word.toLowerCase();
      if (ENGLISH.has(lower)) english += 1;
      else if (FOREIGN.has(lower) || (LOWER_START.test(word) && hasAccentedLetter(word))) foreign += 1;
    }
    i = wordEnd;
  }
  return { foreign, english };
}

/**
 * True when a text reads as written in one of those languages rather than English: at least two
 * of their function words, titles or accented lower-case words (a capitalised one is a name as
 * often as not: "Jožef", "Szász") against fewer English function words. A text past `maxChars`
 * is judged by its start.
 *
 * @example readsAsForeign('Vergiss nicht, die Präsentation bis morgen zu schicken.') // true
 */
export function readsAsForeign(text: string, maxChars = 4096): boolean {
  const { foreign, english } = functionWordCounts(text, maxChars);
  return foreign >= 2 && foreign > english;
}

/**
 * True when `text[start, end)` has a letter of the Latin-1 or Latin Extended-A blocks ("ü", "ñ",
 * "è", "ł"), which English words rarely have.
 *
 * @example hasAccentedLetter('für') // true
 */
export function hasAccentedLetter(text: string, start = 0, end = text.length): boolean {
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xc0 && code <= 0x17f && code !== 0xd7 && code !== 0xf7) return true;
  }
  return false;
}
