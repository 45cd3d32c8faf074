/**
 * Which single-byte encoding a text that is not UTF-8 was written in, judged by its letters.
 * Windows-1252 (Western), Windows-1250 and ISO-8859-2 (Central European) share ASCII and most
 * accented vowels (á é í ó ú ö ü) but give other bytes other letters: 0xB3 is "³" in Windows-1252
 * and "ł" in Windows-1250, 0xEA "ê" or "ę", 0xF5 "õ" or "ő", 0x9C "œ" or "ś". Read in the wrong one,
 * a Polish word comes out with a symbol inside it ("potê¿ny") and a Czech one with letters from
 * three languages ("pøíliš žluouèký"). So each reading is scored by how well its letters fit one
 * language's alphabet, and a symbol touching a letter counts against it.
 */

/** The lower-case letters past ASCII each language writes (one alphabet per line of languages). */
const ALPHABETS: readonly string[] = [
  'äöüß', // German, English (loanwords)
  'àâçéèêëîïôœùûüÿ', // French
  'áéíñóúüªº', // Spanish
  'áâãàçéêíóôõúªº', // Portuguese
  'àèéìíîòóùúªº', // Italian
  'àçèéíïòóúü', // Catalan
  'áéèëïóöüäê', // Dutch, Afrikaans
  'æøåé', // Danish, Norwegian
  'åäöéšž', // Swedish, Finnish
  'áðéíóúýþæö', // Icelandic
  'ëçéè', // Albanian
  'ąćęłńóśźż', // Polish
  'áčďéěíňóřšťúůýž', // Czech
  'áäčďéíĺľňóôŕšťúýž', // Slovak
  'áéíóöőúüű', // Hungarian
  'ăâîșşțţ', // Romanian
  'čćđšž', // Croatian, Slovenian, Bosnian, Serbian (Latin)
  'äöüõšž', // Estonian
];

const SETS = ALPHABETS.map((letters) => new Set(letters));

/** Letters that say nothing about the encoding: the micro sign is the same byte (0xB5) in all three. */
const NEUTRAL = new Set(['µ']);

/**
 * Symbols that do sit beside letters in prose: quotes, dashes, the ellipsis, bullets, the degree
 * sign, ©®™ and a no-break or soft hyphen; ¿ and ¡ only before a word. Any other symbol touching a
 * letter ("£odzi", "¹tirinajst", "potê¿ny") is a letter read in the wrong encoding.
 */
const BESIDE_LETTERS = new Set([...'«»‹›“”‘’„‚–—…•·°©®™§\u00a0\u00ad']);
const BEFORE_WORDS = new Set([...'¿¡']);

const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * How well a decoded text's letters past ASCII fit a single alphabet: the share of them (and of
 * symbols that touch a letter) that the best-fitting language writes; 1 for text with none.
 *
 * @example letterFit('potężny łódź') // 1 (Polish)
 * @example letterFit('potê¿ny ³ódŸ') // 0.4
 */
export function letterFit(text: string): number {
  const counts = new Map<string, number>();
  let total = 0;
  const chars = [...text];
  chars.forEach((c, i) => {
    if (c.charCodeAt(0) < 0x80 || NEUTRAL.has(c)) return;
    const before = chars[i - 1];
    const after = chars[i + 1];
    // A letter against a digit ("Ł40" is "£40" in the wrong encoding) is a currency or other sign.
    if (isLetter(c) && !isDigit(before) && !isDigit(after)) {
      const lower = c.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + 1);
      total++;
    } else if (isLetter(c) || (!BESIDE_LETTERS.has(c) && !(BEFORE_WORDS.has(c) && !isLetter(before)) && (isLetter(before) || isLetter(after)))) {
      total++; // "potê¿ny": a symbol no word holds, where a letter was
    }
  });
  if (total === 0) return 1;
  let best = 0;
  for (const set of SETS) {
    let fit = 0;
    for (const [letter, n] of counts) if (set.has(letter)) fit += n;
    best = Math.max(best, fit);
  }
  return best / total;
}
