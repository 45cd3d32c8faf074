/** Bytes per CPU cache line: one load per line brings the whole line in. */
const LINE_BYTES = 64;

/** Where the loads' sum goes, so the compiler cannot drop the loop as unused. */
let sink = 0;

/**
 * Reads a weight table front to back, one load per cache line, when a call is about to read it at
 * `reads` random places. Between gateway requests everything else the process does evicts the
 * detectors' tables; a few thousand random reads then each wait for memory, while a front-to-back
 * pass is streamed in by the hardware prefetcher (384 KB in ~10 µs). Worth it only when the reads
 * would touch a good share of the lines anyway (at least half as many reads as lines); below
 * that, or with the table already cached, it is skipped or costs a few microseconds. Changes no
 * value: the call reads the same numbers.
 *
 * @example readAhead(weights.emission, tokens * FEATURES_PER_TOKEN)
 */
export function readAhead(table: Int16Array | Int8Array | Uint8Array | Float32Array | Int32Array, reads: number): void {
  const step = LINE_BYTES / table.BYTES_PER_ELEMENT;
  if (2 * reads < table.length / step) return;
  let sum = 0;
  for (let i = 0; i < table.length; i += step) sum += table[i] as number;
  sink += sum;
}

/** For tests: the loads happened (their running sum). */
export function readAheadSink(): number {
  return sink;
}
