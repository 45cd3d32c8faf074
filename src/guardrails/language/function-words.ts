import { matchesOf } from '../../core/regex-matches.js';
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
// A word: letters (Latin, with accents), not glued to digits ("3598Mi", hashes, ids).
const WORD = /(?<![0-9A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f])[A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f]+)?(?![0-9])/g;
const LOWER_START = /^[a-zà-öø-ÿ]/;

/**
 * True when a text reads as written in one of those languages rather than English: at least two
 * of their function words, titles or accented lower-case words (a capitalised one is a name as
 * often as not: "Jožef", "Szász") against fewer English function words. A text past `maxChars`
 * is judged by its start.
 *
 * @example readsAsForeign('Vergiss nicht, die Präsentation bis morgen zu schicken.') // true
 */
export function readsAsForeign(text: string, maxChars = 4096): boolean {
  let foreign = 0;
  let english = 0;
  for (const [word] of matchesOf(WORD, text.slice(0, maxChars))) {
    const lower = word.toLowerCase();
    if (ENGLISH.has(lower)) english += 1;
    else if (FOREIGN.has(lower) || (LOWER_START.test(word) && hasAccentedLetter(word))) foreign += 1;
  }
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
