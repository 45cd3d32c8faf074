/**
 * A count with its noun, singular for one: "1 trace", "2 traces".
 *
 * @example countOf(1, 'trace') // '1 trace'
 */
export function countOf(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
