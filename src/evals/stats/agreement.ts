/**
 * Agreement between two raters on an ordinal scale (a judge against people): quadratic-weighted
 * Cohen's κ, exact and within-one agreement, the confusion matrix and the mean difference.
 */

export interface ConfusionMatrix {
  /** The scale's categories in order, e.g. [1, 2, 3, 4, 5]. */
  labels: number[];
  /** counts[row = reference (human)][column = rater (judge)]. */
  counts: number[][];
}

/**
 * Counts each (reference, rater) pair on the given categories; values off the scale are
 * rejected, since silently dropping them would inflate agreement.
 *
 * @example confusionMatrix([1, 2], [1, 3], [1, 2, 3]).counts // [[1,0,0],[0,0,1],[0,0,0]]
 */
export function confusionMatrix(reference: readonly number[], rater: readonly number[], labels: readonly number[]): ConfusionMatrix {
  const index = new Map(labels.map((label, i) => [label, i]));
  const counts = labels.map(() => labels.map(() => 0));
  reference.forEach((r, i) => {
    const row = index.get(r);
    const column = index.get(rater[i] as number);
    if (row === undefined || column === undefined) throw new RangeError(`score pair (${r}, ${rater[i]}) is not on the scale ${labels.join(', ')}`);
    (counts[row] as number[])[column] = ((counts[row] as number[])[column] as number) + 1;
  });
  return { labels: [...labels], counts };
}

/**
 * Cohen's κ with quadratic weights (w = 1 − (i−j)²/(k−1)²): near-misses count as partial
 * agreement, which suits 1–5 scores. With two categories it equals unweighted κ.
 * NaN when expected disagreement is zero (every score in one category).
 *
 * @example quadraticWeightedKappa(confusionMatrix(human, judge, [1, 2, 3, 4, 5]))
 */
export function quadraticWeightedKappa(matrix: ConfusionMatrix): number {
  const k = matrix.labels.length;
  const rows = matrix.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columns = matrix.labels.map((_, j) => matrix.counts.reduce((sum, row) => sum + (row[j] as number), 0));
  const n = rows.reduce((a, b) => a + b, 0);
  if (n === 0 || k < 2) return Number.NaN;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      observed += weight * ((matrix.counts[i] as number[])[j] as number);
      expected += (weight * (rows[i] as number) * (columns[j] as number)) / n;
    }
  }
  return expected === 0 ? Number.NaN : 1 - observed / expected;
}

export interface AgreementSummary {
  n: number;
  exact: number;
  withinOne: number;
  /** Mean of rater − reference: positive means the judge is more lenient than people. */
  bias: number;
}

/**
 * Share of exact and ±1 matches and the mean signed difference.
 *
 * @example agreementSummary([3, 4], [3, 5]) // { n: 2, exact: 0.5, withinOne: 1, bias: 0.5 }
 */
export function agreementSummary(reference: readonly number[], rater: readonly number[]): AgreementSummary {
  let exact = 0;
  let withinOne = 0;
  let bias = 0;
  reference.forEach((r, i) => {
    const d = (rater[i] as number) - r;
    if (d === 0) exact++;
    if (Math.abs(d) <= 1) withinOne++;
    bias += d;
  });
  const n = reference.length;
  return n === 0 ? { n, exact: Number.NaN, withinOne: Number.NaN, bias: Number.NaN } : { n, exact: exact / n, withinOne: withinOne / n, bias: bias / n };
}
