/**
 * Each branch's share of the route's requests per step; null (a gap) where the route had none.
 *
 * @example branchShares([{ label: 'a', values: [3, 0] }, { label: 'b', values: [1, 0] }]) // a: [0.75, null], b: [0.25, null]
 */
export function branchShares(series: readonly { label: string; values: readonly (number | null)[] }[]): { label: string; values: (number | null)[] }[] {
  const totals = (series[0]?.values ?? []).map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return series.map((s) => ({ label: s.label, values: totals.map((total, i) => (total > 0 ? (s.values[i] ?? 0) / total : null)) }));
}
