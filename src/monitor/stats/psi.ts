/**
 * Population stability index between two category distributions, Σ (c − r) · ln(c / r) over
 * shares, with a small floor so a category absent from one window does not make it infinite.
 * Rules of thumb: < 0.1 stable, 0.1–0.25 a moderate shift, > 0.25 a large one.
 *
 * @example populationStabilityIndex({ a: 50, b: 50 }, { a: 50, b: 50 }) // 0
 */
export function populationStabilityIndex(reference: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>, floor = 1e-4): number {
  const categories = new Set([...Object.keys(reference), ...Object.keys(current)]);
  const nRef = sum(Object.values(reference));
  const nCur = sum(Object.values(current));
  if (nRef === 0 || nCur === 0) return 0;
  let psi = 0;
  for (const c of categories) {
    const r = Math.max((reference[c] ?? 0) / nRef, floor);
    const q = Math.max((current[c] ?? 0) / nCur, floor);
    psi += (q - r) * Math.log(q / r);
  }
  return psi;
}

/**
 * Shares of each category in each window and their difference, largest absolute change first:
 * what a report names as "what grew" and "what shrank".
 *
 * @example shareChanges({ a: 90, b: 10 }, { a: 50, b: 50 })[0] // { category: 'a', reference: 0.9, current: 0.5, change: -0.4 } (or b)
 */
export function shareChanges(reference: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): { category: string; reference: number; current: number; change: number }[] {
  const nRef = sum(Object.values(reference)) || 1;
  const nCur = sum(Object.values(current)) || 1;
  return [...new Set([...Object.keys(reference), ...Object.keys(current)])]
    .map((category) => {
      const r = (reference[category] ?? 0) / nRef;
      const c = (current[category] ?? 0) / nCur;
      return { category, reference: r, current: c, change: c - r };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.category.localeCompare(b.category));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
