import { SwitchyardError } from '../../core/errors.js';

/** One judged query: the ids a retriever ranked (best first) and the ids that are relevant. */
export interface RankedQuery {
  ranked: readonly string[];
  gold: readonly string[];
}

/**
 * Share of the relevant ids found in the top k (with one gold id: hit@k).
 *
 * @example recallAtK(['a', 'b', 'c'], ['c', 'x'], 3) // 0.5
 */
export function recallAtK(ranked: readonly string[], gold: readonly string[], k: number): number {
  if (gold.length === 0) return 0;
  const wanted = new Set(gold);
  let found = 0;
  for (const id of new Set(ranked.slice(0, k))) if (wanted.has(id)) found++;
  return found / wanted.size;
}

/**
 * Reciprocal rank of the first relevant id within the top k (0 when none).
 *
 * @example reciprocalRank(['a', 'b'], ['b'], 10) // 0.5
 */
export function reciprocalRank(ranked: readonly string[], gold: readonly string[], k = 10): number {
  const wanted = new Set(gold);
  const index = ranked.slice(0, k).findIndex((id) => wanted.has(id));
  return index === -1 ? 0 : 1 / (index + 1);
}

/**
 * nDCG@k with binary relevance: DCG of the ranking over the DCG of an ideal one (all gold ids
 * first); an id repeated in the ranking counts once.
 *
 * @example ndcgAtK(['x', 'a'], ['a'], 10) // 1 / log2(3) ≈ 0.631
 */
export function ndcgAtK(ranked: readonly string[], gold: readonly string[], k = 10): number {
  const wanted = new Set(gold);
  if (wanted.size === 0) return 0;
  const counted = new Set<string>();
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (wanted.has(id) && !counted.has(id)) {
      counted.add(id);
      dcg += 1 / Math.log2(i + 2);
    }
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(wanted.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

export interface RetrievalMetrics {
  queries: number;
  recall: Record<number, number>;
  mrr10: number;
  ndcg10: number;
}

/**
 * Means over queries of recall@k (for each k asked), MRR@10 and nDCG@10.
 *
 * @example retrievalMetrics([{ ranked: ['a', 'b'], gold: ['b'] }]) // { queries: 1, recall: { 1: 0, 5: 1, … }, mrr10: 0.5, … }
 */
export function retrievalMetrics(queries: readonly RankedQuery[], ks: readonly number[] = [1, 5, 10, 100]): RetrievalMetrics {
  if (queries.length === 0) throw new SwitchyardError('invalid_request', 'retrieval metrics need at least one query with gold ids');
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = mean(queries.map((q) => recallAtK(q.ranked, q.gold, k)));
  return {
    queries: queries.length,
    recall,
    mrr10: mean(queries.map((q) => reciprocalRank(q.ranked, q.gold, 10))),
    ndcg10: mean(queries.map((q) => ndcgAtK(q.ranked, q.gold, 10))),
  };
}

/**
 * Document ids in first-seen order: a ranking of chunks becomes a ranking of documents.
 *
 * @example distinctInOrder(['a', 'b', 'a', 'c']) // ['a', 'b', 'c']
 */
export function distinctInOrder(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
