/** How much a word says about a question in this cache: rare among the cached questions = much. */
export interface TermWeights {
  weight(term: string): number;
}

/** Every word the same weight: the guard's share is then a plain Jaccard distance (for a caller without an index). */
export const FLAT_WEIGHTS: TermWeights = { weight: () => 1 };

/**
 * Document frequencies of the words of a cache's entries, kept as entries come and go, and the
 * smoothed inverse document frequency they give: ln((N + 1) / (df + 1)) + 1, so a word no entry
 * has weighs most, a word every entry has still weighs 1, and an empty cache weighs all words alike.
 * The weights are the cache's own, so "card" weighs little in a bank's FAQ and much in an IT desk's.
 *
 * @example const df = new DocumentFrequencies(); df.add(['cancel', 'card']); df.add(['activ', 'card']); df.weight('card') // 1, df.weight('cancel') // 1.405
 */
export class DocumentFrequencies implements TermWeights {
  private readonly counts = new Map<string, number>();
  private documents = 0;

  add(terms: readonly string[]): void {
    this.documents++;
    for (const term of terms) this.counts.set(term, (this.counts.get(term) ?? 0) + 1);
  }

  /** Takes back an `add` (the same terms): the entry left the cache. */
  remove(terms: readonly string[]): void {
    this.documents--;
    for (const term of terms) {
      const count = (this.counts.get(term) ?? 0) - 1;
      if (count > 0) this.counts.set(term, count);
      else this.counts.delete(term);
    }
  }

  weight(term: string): number {
    return Math.log((this.documents + 1) / ((this.counts.get(term) ?? 0) + 1)) + 1;
  }
}
