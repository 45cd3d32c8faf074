/** Letters and digits, with an inner apostrophe kept ("hasn't"), so contractions stay one word. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const DIGIT = /\p{Nd}/gu;

/**
 * Lower-cased words with every digit mapped to 0, so "£25" and "£40" share features (amounts and
 * dates rarely decide an intent). Input is cut at `maxChars` first: the cost stays bounded for
 * hostile input.
 *
 * @example tokenize("Where's my card? It's been 12 days") // ["where's", 'my', 'card', "it's", 'been', '00', 'days']
 */
export function tokenize(text: string, maxChars: number): string[] {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  const words = cut.toLowerCase().replace(DIGIT, '0').match(WORD);
  return words === null ? [] : words.map((w) => w.replace('’', "'"));
}
