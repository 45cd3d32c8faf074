/**
 * Temperature scaling: the single T > 0 that minimises the negative log-likelihood of the true
 * labels under softmax(scores / T) on held-out data. It rescales confidence without changing
 * which label wins. Golden-section search on log T (the NLL is unimodal in T).
 *
 * @example fitTemperature([Float64Array.of(4, 0), Float64Array.of(0, 4)], [0, 1]) // < 1: sharpen confident, correct scores
 */
export function fitTemperature(scores: readonly Float64Array[], labels: readonly number[]): number {
  if (scores.length === 0) return 1;
  const nll = (logT: number) => negativeLogLikelihood(scores, labels, Math.exp(logT));
  let low = Math.log(0.05);
  let high = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = nll(a);
  let fb = nll(b);
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - ratio * (high - low);
      fa = nll(a);
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + ratio * (high - low);
      fb = nll(b);
    }
  }
  return Math.exp((low + high) / 2);
}

/**
 * Mean −log p(true label) under softmax(scores / T).
 *
 * @example negativeLogLikelihood([Float64Array.of(0, 0)], [0], 1) // ln 2 ≈ 0.693
 */
export function negativeLogLikelihood(scores: readonly Float64Array[], labels: readonly number[], temperature: number): number {
  let total = 0;
  scores.forEach((s, i) => {
    let max = -Infinity;
    for (const v of s) if (v > max) max = v;
    let sum = 0;
    for (const v of s) sum += Math.exp((v - max) / temperature);
    total += Math.log(sum) - ((s[labels[i] as number] as number) - max) / temperature;
  });
  return total / scores.length;
}
