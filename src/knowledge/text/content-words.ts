import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.js';
import { trimEndRun } from '../../core/trim-end-run.js';

export interface ContentWord {
  /** As written (lower-cased), for messages. */
  surface: string;
  /** Porter stem, or the number itself: what is compared. */
  key: string;
  isNumber: boolean;
}

/**
 * The words that carry content: not stopwords; letters are stemmed (so "refunds" matches
 * "refunded"), numbers kept exactly ("5,000" and "5000" are the same number).
 *
 * @example contentWords('Refunds took 5 days').map((w) => w.key) // ['refund', 'took', '5', 'dai']
 */
export function contentWords(text: string): ContentWord[] {
  const out: ContentWord[] = [];
  for (const match of text.toLowerCase().matchAll(/\p{N}+(?:[.,]\p{N}+)*|\p{L}[\p{L}\p{M}'’-]*/gu)) {
    // Not /['’-]+$/: quadratic in a run of dashes (a word of 100,000 took 19 s of a groundedness check).
    const word = trimEndRun(match[0], /['’-]/);
    if (/^\p{N}/u.test(word)) {
      out.push({ surface: word, key: word.replace(/,(?=\d{3}\b)/g, ''), isNumber: true });
    } else if (word.length > 1 && !STOPWORDS.has(word)) {
      out.push({ surface: word, key: stemmer(word.replace(/['’]s$/, '')), isNumber: false });
    }
  }
  return out;
}
