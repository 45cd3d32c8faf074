/**
 * Wilson score interval for a proportion at `z` standard errors: unlike the normal
 * approximation it stays inside [0, 1] and is honest at small counts and near 100%, which is
 * where precision lives. z = 0 gives the plain proportion at both ends.
 *
 * @example wilsonBounds(95, 100, 1.96) // { low: ≈0.888, high: ≈0.978 }
 */
export function wilsonBounds(successes: number, trials: number, z: number): { low: number; high: number } {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  if (z === 0) return { low: p, high: p };
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const scale = 1 + z2 / trials;
  return { low: Math.max(0, (centre - spread) / scale), high: Math.min(1, (centre + spread) / scale) };
}
