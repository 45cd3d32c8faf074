/** The constant of reciprocal rank fusion; 60 is the value of Cormack et al. (2009) and common practice. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) to an item's score (rank from 1),
 * so items ranked well by several retrievers rise, whatever the scales of their scores.
 *
 * @example reciprocalRankFusion([[a, b], [b, c]], (x) => x.id) // b first
 */
export function reciprocalRankFusion<T>(lists: readonly (readonly T[])[], keyOf: (item: T) => string, k = RRF_K): { item: T; score: number }[] {
  const fused = new Map<string, { item: T; score: number }>();
  for (const list of lists) {
    list.forEach((item, index) => {
      const key = keyOf(item);
      const entry = fused.get(key) ?? { item, score: 0 };
      entry.score += 1 / (k + index + 1);
      fused.set(key, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
