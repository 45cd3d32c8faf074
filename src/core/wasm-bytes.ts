// Pieces of the WebAssembly binary format (core spec §5) and JS API for the few modules assembled by hand
// (src/local/train/simd-scorer.ts, src/cache/int8-rows.ts): integers, names, vectors, sections.

/** An unsigned integer as unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A 32-bit signed integer as signed LEB128 (what `i32.const` takes). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A name: its length, then its bytes. */
export function wasmName(s: string): number[] {
  return [...uleb(s.length), ...Buffer.from(s, 'latin1')];
}

/** A vector: its item count, then the items. */
export function wasmVector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A section: its id, its size, then its bytes. */
export function wasmSection(id: number, bytes: number[]): number[] {
  return [id, ...uleb(bytes.length), ...bytes];
}

/** The magic number and version every module starts with. */
export const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

// ---- one exported function over imported memory, the shape both modules have ----

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instructions both modules use (the rest each keeps beside its code). */
export const get = (local: number) => [0x20, ...uleb(local)];
export const set = (local: number) => [0x21, ...uleb(local)];
export const tee = (local: number) => [0x22, ...uleb(local)];
export const i32 = (n: number) => [0x41, ...sleb(n)];
export const ADD = 0x6a;
export const MUL = 0x6c;
export const SHL = 0x74;
export const LT_U = 0x49;
export const GT_U = 0x4b;
export const GE_U = 0x4f;
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const END = 0x0b;
export const br = (depth: number) => [0x0c, ...uleb(depth)];
export const brIf = (depth: number) => [0x0d, ...uleb(depth)];
/** v128.load with 16-byte alignment, offset 0. */
export const V128_LOAD = [0xfd, 0x00, 4, 0];

export interface OneFunctionModule {
  /** How many i32 parameters the function takes. */
  params: number;
  /** Its locals past the parameters, as runs of (count, value type). */
  locals: ReadonlyArray<readonly [count: number, type: number]>;
  /** The memory it imports as m.memory: private, or shared with a maximum (shared memory must have one). */
  memory: { shared: false } | { shared: true; maxPages: number };
  /** The name the function is exported by. */
  exportName: string;
  /** Its instructions, ending with `END`. */
  body: number[];
}

/** The bytes of a module with one exported function of i32 parameters and no result, over imported memory. */
export function oneFunctionModule(spec: OneFunctionModule): Uint8Array {
  const code = [...wasmVector(spec.locals.map(([count, type]) => [...uleb(count), type])), ...spec.body];
  // Memory limits: flags 0 (no maximum, not shared) with a minimum of 0 pages, or 3 (shared, with a maximum).
  const limits = spec.memory.shared ? [0x03, 0x00, ...uleb(spec.memory.maxPages)] : [0x00, 0x00];
  return new Uint8Array([
    ...WASM_HEADER,
    ...wasmSection(1, wasmVector([[0x60, ...wasmVector(Array.from({ length: spec.params }, () => [I32])), 0x00]])),
    ...wasmSection(2, wasmVector([[...wasmName('m'), ...wasmName('memory'), 0x02, ...limits]])),
    ...wasmSection(3, wasmVector([[0x00]])),
    ...wasmSection(7, wasmVector([[...wasmName(spec.exportName), 0x00, 0x00]])),
    ...wasmSection(10, wasmVector([[...uleb(code.length), ...code]])),
  ]);
}

// ---- the JavaScript API ----

/** A compiled module (opaque here). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

/** A module's memory. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** The WebAssembly JS API members used here (TypeScript declares them only in its DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** The engine's WebAssembly object. */
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The module `assemble` makes, compiled on first use; null where the engine refuses it (no
 * WebAssembly, or no SIMD), so the caller falls back to its JavaScript loop.
 *
 * @example const dotsModule = compiledOnce(assemble); const module = dotsModule();
 */
export function compiledOnce(assemble: () => Uint8Array): () => WasmModule | null {
  let compiled: WasmModule | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = new wasm.Module(assemble());
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
