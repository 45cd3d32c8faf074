/**
 * The cut-off of the unfamiliarity check: the lowest unseen-word share that at most `maxShare`
 * of held-out in-scope requests exceed (weighted by what each stands for). Chosen on in-scope
 * data only, so it costs about that share of coverage whatever the out-of-domain traffic is;
 * null when the check is off (`maxShare` 0) or there is nothing to choose on.
 *
 * @example chooseUnseenCutoff([0, 0, 0.1, 0.5], 0.25) // 0.1: only the 0.5 is above it
 */
export function chooseUnseenCutoff(shares: readonly number[], maxShare: number, weights?: readonly number[]): number | null {
  if (maxShare <= 0 || shares.length === 0) return null;
  const order = shares.map((_, i) => i).sort((a, b) => (shares[b] as number) - (shares[a] as number));
  let total = 0;
  for (let i = 0; i < shares.length; i++) total += weights?.[i] ?? 1;
  const allowed = maxShare * total;
  let above = 0;
  let cutoff = shares[order[0] as number] as number;
  for (let k = 0; k < order.length; ) {
    const value = shares[order[k] as number] as number;
    // Requests above `value` are those already passed; equal shares stand or fall together.
    if (above > allowed) break;
    cutoff = value;
    for (; k < order.length && shares[order[k] as number] === value; k++) above += weights?.[order[k] as number] ?? 1;
  }
  return cutoff;
}
