import { normalizeText } from '../injection/normalize/normalize-text.js';
import { shared } from '../shared-scans.js';

/**
 * Matches configured words and phrases on whole words of normalised text: NFKC, invisible
 * characters removed, look-alike letters and leetspeak folded, encodings decoded, lower-cased.
 * "ass" does not match "class"; "b4nned" and "bаnned" (Cyrillic а) match "banned". One pass
 * over the words, with phrases indexed by their first word.
 *
 * @example new TermMatcher(['acme corp']).find('Is ACME  Corp good?') // ['acme corp']
 */
export class TermMatcher {
  private readonly byFirstWord = new Map<string, string[][]>();

  /** @example new TermMatcher(['darn', 'heck no']) */
  constructor(terms: readonly string[]) {
    for (const term of terms) {
      const words = toWords(normalizeText(term, { decode: false }).text);
      const first = words[0];
      if (first === undefined) continue;
      const list = this.byFirstWord.get(first) ?? [];
      list.push(words);
      this.byFirstWord.set(first, list);
    }
  }

  /**
   * The distinct configured terms found in `text` (in their normalised form).
   *
   * @example new TermMatcher(['heck no']).find('Heck  NO!') // ['heck no']
   */
  find(text: string): string[] {
    const words = shared(textWords, text);
    const found = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      const candidates = this.byFirstWord.get(words[i] as string);
      if (candidates === undefined) continue;
      for (const phrase of candidates) {
        let ok = true;
        for (let k = 1; k < phrase.length && ok; k++) ok = words[i + k] === phrase[k];
        if (ok) found.add(phrase.join(' '));
      }
    }
    return [...found];
  }
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a checked text, normalised as the injection detector reads it (and shared with it, see `sharingScans`). */
function textWords(text: string): string[] {
  return toWords(shared(normalizeText, text).text);
}

function toWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replaceAll('’', "'"));
}
