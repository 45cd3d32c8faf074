import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

/**
 * Keeps undici's HTTP parser (llhttp, WebAssembly) on V8's baseline compiler, Liftoff.
 *
 * Why: once the parser is hot, V8 recompiles it with TurboFan on a background thread, and the
 * register allocation of its one huge state-machine function takes ~38 MB of compiler memory for
 * ~150 ms (heaptrack, 2026-12-04: the gateway's largest malloc peak by far). That lifts the
 * process's peak RSS (VmHWM) by ~28 MB, and glibc keeps much of the freed memory in that thread's
 * arena afterwards. Liftoff code parses a response at the same CPU within measurement spread
 * (docs/measurements.md, "The gateway's peak RSS: llhttp left on Liftoff").
 *
 * How: V8 decides a WebAssembly module's tiers when it compiles it, and reuses a compiled module
 * for the same bytes (its native module cache). So the parser is compiled here once with
 * `--liftoff-only` set, the flag restored at once, and the module kept alive: undici's own
 * `new WasmModule(…)` on its first connection then gets this Liftoff-only module. Other
 * WebAssembly (the local scorer's SIMD kernel) is compiled with V8's defaults as before. Nothing
 * is changed when the process already runs with `--liftoff-only` or `--no-liftoff`.
 *
 * @example
 * keepLlhttpOnBaseline(); // before the first undici connection; later calls do nothing
 */
export function keepLlhttpOnBaseline(): void {
  if (compiled !== undefined) return;
  compiled = null;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (flags.some((flag) => /^--(no-)?liftoff(-only)?$/.test(flag.replaceAll('_', '-')))) return;
  setFlagsFromString('--liftoff-only');
  try {
    compiled = compileAsUndiciDoes();
  } catch {
    // No parser to precompile (another undici layout): undici compiles it with V8's defaults.
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}

/** The one WebAssembly constructor used here (TypeScript declares the API only in its DOM lib). */
const { Module: WasmModule } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;

/** The compiled parser, kept so V8 keeps it in its cache for undici (null: not compiled here). */
let compiled: object | null | undefined;

/** The module undici's `lazyllhttp` would compile: SIMD unless told otherwise, else the plain build. */
function compileAsUndiciDoes(): object {
  const require = createRequire(import.meta.url);
  const base = 'undici/lib/llhttp/';
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  let simd = !(process.arch === 'ppc64' && (major < 24 || (major === 24 && minor < 12)));
  if (process.env.UNDICI_NO_WASM_SIMD === '1') simd = false;
  else if (process.env.UNDICI_NO_WASM_SIMD === '0') simd = true;
  if (simd) {
    try {
      return new WasmModule(require(`${base}llhttp_simd-wasm.js`) as Buffer);
    } catch {
      // As undici does: without WebAssembly SIMD, the plain build.
    }
  }
  return new WasmModule(require(`${base}llhttp-wasm.js`) as Buffer);
}
