import { ADD, BLOCK, br, brIf, compiledOnce, END, GE_U, get, GT_U, I32, i32, LOOP, LT_U, MUL, oneFunctionModule, set, tee, V128, V128_LOAD, wasm, type WasmMemory } from '../core/wasm-bytes.js';

const PAGE = 65536;
/** A row's values are scaled so the largest is ±127 (int8); the query's to the most an i32 sum allows (below). */
const ROW_LIMIT = 127;

/**
 * An int8 copy of a dense partition's rows in WebAssembly memory, and, for a query, an interval
 * around each row's dot product that provably holds the exact one: a semantic-cache lookup then
 * computes exactly only the rows that could be at the threshold or the closest (vector-slots.ts).
 *
 * Row r is stored as r̂ = round(r / s_r) with s_r = max|r_i| / 127, the query as integers q̂ =
 * round(q / s_q) with s_q = max|q_i| / L (L the most an exact 32-bit sum of d products allows, up
 * to 32,767), and the module sums q̂·r̂ exactly in 32-bit integers (`i32x4.dot_i16x8_s`, 16 values
 * a step, eight rows a pass: 4 bytes read per value instead of 16, and no rounding). With e_r = r −
 * s_r r̂ and e_q = q − s_q q̂, exactly q·r = s_q s_r (q̂·r̂) + s_q q̂·e_r + e_q·r, so by
 * Cauchy–Schwarz |q·r − s_q s_r (q̂·r̂)| ≤ |s_q q̂|·|e_r| + |e_q|·|r|, each row's |e_r| and |r|
 * kept beside it (rounded up to float32s); a margin of (d + 16)·2⁻⁴⁸·|q||r| more covers the rounding of the norms, of the
 * estimate and of the exact scan's own sum (at most (d − 1)·2⁻⁵³·|q||r|). On 1,536-d unit vectors
 * |e_r| is ~0.01 and |e_q| ~10⁻⁴, so an interval is ~±0.01 wide.
 *
 * `create` answers undefined where WebAssembly SIMD is missing or the memory cannot be had; the
 * caller then computes every product exactly, as before.
 */
export class Int8Rows {
  /** Bytes per row: the dimensions rounded up to the 16 the module reads at a time (the rest stays 0). */
  private readonly stride: number;
  /** The largest |q̂|: d products of at most 127·L must add up below 2³¹. */
  private readonly queryLimit: number;
  private capacity = 0;
  private scales = new Float64Array(0);
  /** |e_r| per row, rounded up to a float32; Infinity for a row that cannot be bounded (always computed). */
  private residuals = new Float32Array(0);
  /** |r| per row, rounded up to a float32. */
  private norms = new Float32Array(0);
  /** The slots `candidates` picked. */
  private picked = new Int32Array(0);

  private constructor(
    private readonly dimensions: number,
    private readonly memory: WasmMemory,
    private readonly dotsOf: (rowsAt: number, stride: number, count: number, queryAt: number, outAt: number) => void,
  ) {
    this.stride = Math.ceil(dimensions / 16) * 16;
    this.queryLimit = Math.min(32767, Math.floor((2 ** 31 - 1) / (ROW_LIMIT * this.stride)));
  }

  /** Room for `capacity` rows of `dimensions` values, or undefined (no WebAssembly SIMD, no memory, too many dimensions). */
  static create(dimensions: number, capacity: number): Int8Rows | undefined {
    const module = compiledModule();
    // Below 127 levels the query's rounding would cost more than the rows' (past ~133,000 dimensions).
    if (module === null || dimensions < 1 || (2 ** 31 - 1) / (ROW_LIMIT * Math.ceil(dimensions / 16) * 16) < ROW_LIMIT) return undefined;
    try {
      const memory = new wasm.Memory({ initial: 1 });
      const dots = new wasm.Instance(module, { m: { memory } }).exports.dots as (...args: number[]) => void;
      const rows = new Int8Rows(dimensions, memory, dots);
      return rows.grow(capacity) ? rows : undefined;
    } catch {
      return undefined;
    }
  }

  /** Makes room for `capacity` rows (the rows kept stay where they are); false when the memory cannot grow. */
  grow(capacity: number): boolean {
    if (capacity <= this.capacity) return true;
    const pages = Math.ceil((this.outAt(capacity) + capacity * 4) / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    try {
      if (pages > have) this.memory.grow(pages - have);
    } catch {
      return false;
    }
    const scales = new Float64Array(capacity);
    scales.set(this.scales);
    this.scales = scales;
    const residuals = new Float32Array(capacity);
    residuals.set(this.residuals);
    this.residuals = residuals;
    const norms = new Float32Array(capacity);
    norms.set(this.norms);
    this.norms = norms;
    this.picked = new Int32Array(capacity);
    this.capacity = capacity;
    return true;
  }

  /** Stores the int8 copy of a row (the slot must be below the capacity). */
  put(slot: number, vector: Float32Array): void {
    const d = this.dimensions;
    const bytes = new Int8Array(this.memory.buffer, this.rowsAt() + slot * this.stride, d);
    let max = 0;
    let norm = 0;
    let finite = true;
    for (let i = 0; i < d; i++) {
      const v = vector[i] as number;
      if (!Number.isFinite(v)) finite = false;
      else if (Math.abs(v) > max) max = Math.abs(v);
      norm += v * v;
    }
    // A float32's square neither overflows nor underflows in a double, so only NaN and ±Infinity
    // (whose products are NaN or infinite in the exact scan too) leave a row unbounded.
    if (!finite) {
      bytes.fill(0);
      this.scales[slot] = 0;
      this.residuals[slot] = Infinity;
      this.norms[slot] = 0;
      return;
    }
    const scale = max / ROW_LIMIT;
    let residual = 0;
    for (let i = 0; i < d; i++) {
      const v = vector[i] as number;
      const level = scale === 0 ? 0 : clamp(Math.round(v / scale), ROW_LIMIT);
      bytes[i] = level;
      residual += (v - scale * level) ** 2;
    }
    this.scales[slot] = scale;
    this.residuals[slot] = float32Above(Math.sqrt(residual));
    this.norms[slot] = float32Above(Math.sqrt(norm));
  }

  /**
   * The slots below `count` marked in `live` whose exact product with the query could be at `floor`
   * or the closest of them: those whose interval reaches the floor, or, when none can, the highest
   * low end of an interval (the closest row's product is at least that). In a buffer reused by the
   * next call; undefined when the query cannot be bounded (all zeros, or a value not finite), so every
   * product is to be computed.
   */
  candidates(query: Float32Array, count: number, live: Uint8Array, atLeast: number): Int32Array | undefined {
    // No product is below NaN, so a NaN floor keeps every row, as in the scan.
    const floor = Number.isNaN(atLeast) ? -Infinity : atLeast;
    const d = this.dimensions;
    let max = 0;
    for (let i = 0; i < d; i++) {
      const a = Math.abs(query[i] as number);
      if (!Number.isFinite(a)) return undefined;
      if (a > max) max = a;
    }
    if (max === 0) return undefined;
    const scale = max / this.queryLimit;
    const levels = new Int16Array(this.memory.buffer, 0, d);
    let rounded = 0;
    let residual = 0;
    let norm = 0;
    for (let i = 0; i < d; i++) {
      const v = query[i] as number;
      const level = clamp(Math.round(v / scale), this.queryLimit);
      levels[i] = level;
      rounded += (scale * level) ** 2;
      residual += (v - scale * level) ** 2;
      norm += v * v;
    }
    const outAt = this.outAt(this.capacity);
    this.dotsOf(this.rowsAt(), this.stride, count, 0, outAt);
    const sums = new Int32Array(this.memory.buffer, outAt, count);
    const roundedNorm = Math.sqrt(rounded);
    const residualNorm = Math.sqrt(residual);
    const widen = 1 + (d + 16) * 2 ** -50;
    const margin = (d + 16) * 2 ** -48 * Math.sqrt(norm);
    const { scales, residuals, norms, picked } = this;
    // One pass: each live row's interval estimate ± error (|exact − estimate| ≤ error; NaN, from an
    // unbounded row, counts as unbounded), the highest low end so far, and the rows reaching the
    // cut so far. The cut only rises as low ends come in, so every row reaching the final cut is
    // among those picked; the few picked on the way that fall below it are dropped after.
    let surest = -Infinity;
    let n = 0;
    for (let slot = 0; slot < count; slot++) {
      if (live[slot] !== 1) continue;
      const rowNorm = norms[slot] as number;
      const estimate = scale * (scales[slot] as number) * (sums[slot] as number);
      let error = (roundedNorm * (residuals[slot] as number) + residualNorm * rowNorm) * widen + margin * rowNorm;
      if (!(error < Infinity)) error = Infinity;
      if (estimate - error > surest) surest = estimate - error;
      if (estimate + error >= (floor < surest ? floor : surest)) picked[n++] = slot;
    }
    const cut = Math.min(floor, surest);
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const slot = picked[k] as number;
      const rowNorm = norms[slot] as number;
      const error = (roundedNorm * (residuals[slot] as number) + residualNorm * rowNorm) * widen + margin * rowNorm;
      if (scale * (scales[slot] as number) * (sums[slot] as number) + (error < Infinity ? error : Infinity) >= cut) picked[kept++] = slot;
    }
    return picked.subarray(0, kept);
  }

  /** Where the rows start: after the query's 16-bit levels. */
  private rowsAt(): number {
    return this.stride * 2;
  }

  /** Where the module writes its sums for a memory holding `capacity` rows: after the rows. */
  private outAt(capacity: number): number {
    return this.rowsAt() + capacity * this.stride;
  }
}

function clamp(level: number, limit: number): number {
  return level > limit ? limit : level < -limit ? -limit : level;
}

const float32 = new Float32Array(1);
const float32Bits = new Int32Array(float32.buffer);

/** The least float32 at or above a non-negative number (a bound stored in 4 bytes stays a bound). */
function float32Above(x: number): number {
  float32[0] = x;
  if ((float32[0] as number) < x) float32Bits[0] = (float32Bits[0] as number) + 1;
  return float32[0] as number;
}

/** The compiled module, or null where this engine has no WebAssembly SIMD. */
const compiledModule = compiledOnce(assemble);

// ---- the module's bytes (SIMD opcodes 0xfd …) ----
//
// (func (export "dots") (param $rows i32) (param $stride i32) (param $count i32) (param $query i32) (param $out i32)
//   ;; For rows r = 0, 8, 16, … while r + 8 ≤ count, then one row at a time: for k = 0, 16, … < stride,
//   ;;   x = v128.load(row_j + k); acc_j += dot(extend_low_s(x), q[k..k+8]) + dot(extend_high_s(x), q[k+8..k+16]);
//   ;; then out[r + j] = the four lanes of acc_j added.)

const PASS_ROWS = 8;
const I32_STORE = [0x36, 2, 0];
const V128_ZERO = [0xfd, 0x0c, ...Array.from({ length: 16 }, () => 0)];
const I16X8_EXTEND_LOW_I8X16_S = [0xfd, 0x87, 0x01];
const I16X8_EXTEND_HIGH_I8X16_S = [0xfd, 0x88, 0x01];
const I32X4_DOT_I16X8_S = [0xfd, 0xba, 0x01];
const I32X4_ADD = [0xfd, 0xae, 0x01];
const i32x4Lane = (lane: number) => [0xfd, 0x1b, lane];

// Parameters 0–4, then i32 locals (row index, offset in the row, first row's address, each row's
// address), then v128 locals (the query's two halves, the bytes read, each row's sums).
const [ROWS, STRIDE, COUNT, QUERY, OUT, ROW, K, BASE, ROW_AT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const QUERY_LOW = ROW_AT + PASS_ROWS;
const QUERY_HIGH = QUERY_LOW + 1;
const BYTES = QUERY_HIGH + 1;
const SUMS = BYTES + 1;

/** Rows ROW … ROW+rows-1 (starting at BASE): their sums into out, BASE moved past them. */
function pass(rows: number): number[] {
  const code: number[] = [];
  for (let j = 0; j < rows; j++) code.push(...V128_ZERO, ...set(SUMS + j), ...get(BASE), ...(j > 0 ? [...get(STRIDE), ...i32(j), MUL, ADD] : []), ...set(ROW_AT + j));
  code.push(...i32(0), ...set(K), ...LOOP);
  // The query's 16-bit levels k … k+15 sit at query + 2k.
  code.push(...get(QUERY), ...get(K), ...get(K), ADD, ADD, ...V128_LOAD, ...set(QUERY_LOW));
  code.push(...get(QUERY), ...get(K), ...get(K), ADD, ADD, ...i32(16), ADD, ...V128_LOAD, ...set(QUERY_HIGH));
  for (let j = 0; j < rows; j++) {
    code.push(...get(SUMS + j), ...get(ROW_AT + j), ...get(K), ADD, ...V128_LOAD, ...tee(BYTES));
    code.push(...I16X8_EXTEND_LOW_I8X16_S, ...get(QUERY_LOW), ...I32X4_DOT_I16X8_S, ...I32X4_ADD);
    code.push(...get(BYTES), ...I16X8_EXTEND_HIGH_I8X16_S, ...get(QUERY_HIGH), ...I32X4_DOT_I16X8_S, ...I32X4_ADD, ...set(SUMS + j));
  }
  code.push(...get(K), ...i32(16), ADD, ...tee(K), ...get(STRIDE), LT_U, ...brIf(0), END);
  for (let j = 0; j < rows; j++) {
    code.push(...get(OUT), ...get(ROW), ...(j > 0 ? [...i32(j), ADD] : []), ...i32(4), MUL, ADD);
    code.push(...get(SUMS + j), ...i32x4Lane(0), ...get(SUMS + j), ...i32x4Lane(1), ADD, ...get(SUMS + j), ...i32x4Lane(2), ADD, ...get(SUMS + j), ...i32x4Lane(3), ADD, ...I32_STORE);
  }
  code.push(...get(BASE), ...get(STRIDE), ...i32(rows), MUL, ADD, ...set(BASE));
  return code;
}

function assemble(): Uint8Array {
  const body = [
    ...get(ROWS), ...set(BASE),
    // while row + 8 ≤ count: eight rows at a time
    ...BLOCK, ...LOOP, ...get(ROW), ...i32(PASS_ROWS), ADD, ...get(COUNT), GT_U, ...brIf(1), ...pass(PASS_ROWS), ...get(ROW), ...i32(PASS_ROWS), ADD, ...set(ROW), ...br(0), END, END,
    // while row < count: one row at a time
    ...BLOCK, ...LOOP, ...get(ROW), ...get(COUNT), GE_U, ...brIf(1), ...pass(1), ...get(ROW), ...i32(1), ADD, ...set(ROW), ...br(0), END, END,
    END,
  ];
  return oneFunctionModule({
    params: 5,
    locals: [
      [3 + PASS_ROWS, I32],
      [3 + PASS_ROWS, V128],
    ],
    memory: { shared: false },
    exportName: 'dots',
    body,
  });
}
