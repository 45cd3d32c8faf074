/**
 * Tokens ignored when spans are compared, after presidio-research's evaluator: punctuation,
 * address and title filler words, and English stop words. presidio-research uses spaCy's stop
 * list; this is our own shorter list of English function words, so figures can differ slightly.
 */
const FILLER = [
  "'s", 'street', 'st.', 'st', 'de', 'rue', 'via', 'and', 'a', 'the', 'or', 'do', 'as', 'of', 'day', 'address',
  'country', 'state', 'city', 'zip', 'po', 'apt', 'unit', 'corner', 'p.o.', 'box', 'suite', 'mr.', 'mrs.', 'miss',
  'year', 'years', 'y/o', 'month', 'months', 'old', 'morning', 'noon', 'afternoon', 'night', 'evening', 'this',
  'first', 'last', 'week', 'weeks', 'weekend', 'days', 'age', 'ago', 'inc', 'inc.', 'ltd',
];
const STOP = (
  'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself ' +
  'it its itself they them their theirs themselves what which who whom whose this that these those am is are was ' +
  'were be been being have has had having does did doing an but if because until while at by for with about ' +
  'against between into through during before after above below to from up down in out on off over under again ' +
  'further then once here there when where why how all any both each few more most other some such no nor not only ' +
  'own same so than too very can will just should now may might must shall would could also per via upon'
).split(' ');

export const SKIP_WORDS: ReadonlySet<string> = new Set([...FILLER, ...STOP, '', ' ', '\n', '\t']);

/** True for tokens the evaluator ignores (skip words and lone punctuation). */
export function isSkipToken(token: string): boolean {
  const lower = token.toLowerCase().trim();
  return SKIP_WORDS.has(lower) || /^[^\p{L}\d]+$/u.test(lower);
}
