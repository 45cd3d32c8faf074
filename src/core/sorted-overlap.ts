/**
 * How many values two ascending, duplicate-free arrays share, in one merge pass: the overlap that
 * near-duplicate checks turn into containment (÷ the smaller size) or Jaccard (÷ the union).
 *
 * @example sortedOverlap(Uint32Array.of(1, 3, 5), Uint32Array.of(3, 4, 5)) // 2
 */
export function sortedOverlap(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      count++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}
