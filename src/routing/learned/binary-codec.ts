/**
 * Compact encodings for the arrays of a router file, carried as base64 inside its JSON: sorted ids
 * as varint deltas (about 2 bytes each instead of 4) and weights as int16 with one scale (the
 * rounding moves a score by far less than any threshold step).
 */

/** Unsigned LEB128 of each value; `deltas` encodes each value minus the previous one. */
export function encodeVarints(values: ArrayLike<number>, deltas: boolean): string {
  const bytes: number[] = [];
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    let v = (values[i] as number) - (deltas ? previous : 0);
    previous = values[i] as number;
    if (v < 0 || !Number.isInteger(v)) throw new RangeError(`cannot varint-encode ${v} at ${i}`);
    while (v >= 0x80) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
  }
  return Buffer.from(bytes).toString('base64');
}

/** Inverse of `encodeVarints`; undefined when the bytes do not hold exactly `count` values. */
export function decodeVarints(base64: string, count: number, deltas: boolean): Int32Array | undefined {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Int32Array(count);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let value = 0;
    let factor = 1;
    for (;;) {
      if (at >= bytes.length || factor > 2 ** 28) return undefined;
      const byte = bytes[at++] as number;
      value += (byte & 0x7f) * factor;
      factor *= 128;
      if (byte < 0x80) break;
    }
    const decoded = deltas ? previous + value : value;
    if (decoded > 0x7fffffff) return undefined;
    out[i] = decoded;
    previous = decoded;
  }
  return at === bytes.length ? out : undefined;
}

/**
 * Weights as little-endian int16 steps of `scale`. The scale is a power of two at or above
 * max|w| / 32767, so every decoded weight (int16 × 2^k) is exact in float32 and encoding decoded
 * weights again gives the same bytes: a saved and reloaded router scores exactly like the original.
 */
export function encodeWeights(weights: ArrayLike<number>): { scale: number; values: string } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  const scale = max > 0 ? 2 ** Math.ceil(Math.log2(max / 32_767)) : 1;
  const buffer = Buffer.alloc(weights.length * 2);
  for (let i = 0; i < weights.length; i++) buffer.writeInt16LE(Math.round((weights[i] as number) / scale), i * 2);
  return { scale, values: buffer.toString('base64') };
}

/** Inverse of `encodeWeights`; undefined when the bytes do not hold exactly `count` weights. */
export function decodeWeights(encoded: { scale: number; values: string }, count: number): Float32Array | undefined {
  const buffer = Buffer.from(encoded.values, 'base64');
  if (buffer.length !== count * 2) return undefined;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = buffer.readInt16LE(i * 2) * encoded.scale;
  return out;
}

/**
 * Weights as they will be after a save and load. Training scores its validation split with these,
 * so the thresholds it measures are exactly those of the saved file.
 */
export function quantizeWeights(weights: ArrayLike<number>): Float32Array {
  const encoded = encodeWeights(weights);
  return decodeWeights(encoded, weights.length) as Float32Array;
}
