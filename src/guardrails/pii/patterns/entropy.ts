/**
 * Shannon entropy in bits per character: random base62 keys reach ~5.5, English words ~3, hex
 * hashes at most 4.
 *
 * @example shannonEntropy('aaaa') // 0
 */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
