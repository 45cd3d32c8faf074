/**
 * Of the settings a model takes (`taken`, a subset of `order`), the one nearest `wanted` by rank
 * in `order`: a reasoning effort or thinking level the model lacks goes as its neighbour. Of two
 * as near, `ties` says which: OpenAI made "none" its lowest where "minimal" was (lower), a Gemini
 * client asking MEDIUM of a LOW/HIGH model wanted more than LOW (higher).
 *
 * @example nearestInOrder(['none', 'minimal', 'low'], ['none', 'low'], 'minimal', 'lower') // 'none'
 */
export function nearestInOrder<T>(order: readonly T[], taken: readonly T[], wanted: T, ties: 'lower' | 'higher'): T {
  const rank = order.indexOf(wanted);
  const distance = (value: T) => Math.abs(order.indexOf(value) - rank);
  let best = taken[0] as T;
  for (const candidate of taken) {
    if (ties === 'lower' ? distance(candidate) < distance(best) : distance(candidate) <= distance(best)) best = candidate;
  }
  return best;
}
