import { SwitchyardError } from '../../core/errors.js';

/**
 * A unit-length float32 copy of a vector, so cosine similarity is a dot product. Rejects
 * non-finite numbers and the zero vector, which have no direction.
 *
 * @example normalise([3, 4]) // Float32Array [0.6, 0.8]
 */
export function normalise(vector: readonly number[]): Float32Array {
  let norm = 0;
  for (const x of vector) {
    if (!Number.isFinite(x)) throw new SwitchyardError('upstream_error', 'embedding contains a value that is not a finite number');
    norm += x * x;
  }
  if (norm === 0) throw new SwitchyardError('upstream_error', 'embedding is the zero vector (no direction to compare)');
  const scale = 1 / Math.sqrt(norm);
  return Float32Array.from(vector, (x) => x * scale);
}

/** Little-endian float32 bytes for storage (BLOB / bytea). */
export function vectorToBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** The inverse of `vectorToBytes`; copies, so the result does not alias a driver buffer. */
export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
}

/** Dot product over the shorter length (vectors of one knowledge base share a length). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * Keeps the `k` best-scored items seen so far (a bounded, sorted buffer: k is small).
 *
 * @example const top = new TopK<string>(2); top.add('a', 0.1); top.add('b', 0.9); top.sorted()
 */
export class TopK<T> {
  private readonly items: { item: T; score: number }[] = [];
  constructor(private readonly k: number) {}

  add(item: T, score: number): void {
    if (this.items.length >= this.k && score <= (this.items[this.items.length - 1] as { score: number }).score) return;
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1] as { score: number }).score < score) i--;
    this.items.splice(i, 0, { item, score });
    if (this.items.length > this.k) this.items.pop();
  }

  sorted(): { item: T; score: number }[] {
    return this.items.slice();
  }
}
