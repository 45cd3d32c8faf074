import { stemmer } from 'stemmer';
import { STOPWORDS } from '../../knowledge/text/stopwords.js';

/** Requests asking for help say these constantly; as topic terms they would name every cluster. */
const FILLER = new Set(['please', 'thanks', 'thank', 'hi', 'hello', 'hey', 'can', 'could', 'would', 'want', 'need', 'like', 'know', 'get', 'got', 'im', 'ive', 'dont', 'cant', 'also', 'still', 'yet']);

/**
 * The content words of a text as (stem, surface) pairs: lower-cased letters, apostrophes dropped,
 * stop words, filler, numbers and one-letter words left out. Stems cluster "cards" with "card";
 * surfaces name a topic in words people read.
 *
 * @example topicTerms("My cards haven't arrived") // [{ stem: 'card', surface: 'cards' }, { stem: 'havent', … }, { stem: 'arriv', surface: 'arrived' }]
 */
export function topicTerms(text: string, maxChars = 2_000): { stem: string; surface: string }[] {
  const words = text.slice(0, maxChars).toLowerCase().replace(/['’]/g, '').match(/\p{L}[\p{L}\p{N}]+/gu) ?? [];
  const out: { stem: string; surface: string }[] = [];
  for (const surface of words) {
    if (STOPWORDS.has(surface) || FILLER.has(surface)) continue;
    out.push({ stem: stemmer(surface), surface });
  }
  return out;
}
