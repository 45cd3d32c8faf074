/**
 * A pass's per-token scratch array, kept from call to call. A fresh `new Int32Array(tokens)` of a
 * 1.9 KB prompt's ~390 tokens gets a backing store outside the heap (a typed array over 64 bytes
 * does), ~0.3 µs each plus the collector's bookkeeping, and the tagger's passes made five of them
 * per call; a view over a kept buffer costs a small object. `take(n)` returns a view of exactly n
 * elements, so a read past the tokens gives `undefined` as the fresh array did. Its contents are
 * the last call's: callers fill it first. One instance per call site, and a pass must not hold its
 * view past its return (the next call reuses the memory); the tagger runs synchronously, one text
 * at a time.
 *
 * @example const owner = OWNER.take(sheet.count).fill(-1);
 */
export class Int32Scratch {
  private buffer = new Int32Array(256);

  take(length: number): Int32Array {
    if (length > this.buffer.length) this.buffer = new Int32Array(Math.max(length, this.buffer.length * 2));
    return this.buffer.subarray(0, length);
  }
}

/** `Int32Scratch` for bytes (flags such as "token covered"). */
export class Uint8Scratch {
  private buffer = new Uint8Array(256);

  take(length: number): Uint8Array {
    if (length > this.buffer.length) this.buffer = new Uint8Array(Math.max(length, this.buffer.length * 2));
    return this.buffer.subarray(0, length);
  }
}
