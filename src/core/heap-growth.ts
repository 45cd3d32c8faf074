import { setFlagsFromString } from 'node:v8';

/**
 * How far past what a full collection left alive V8 lets the old generation grow before the next
 * one, in percent, in `switchyard serve`.
 *
 * Why: by default V8 picks the factor itself, up to 4x when collections are fast next to the
 * program (`--heap-growing-percent` unset), and a gateway's collections are: under bench:gateway's
 * load the event loop's old space grew from 24 to 63 MB (SQLite) and to 124 MB (PostgreSQL)
 * between full collections while 28-50 MB of it was alive, and that garbage is resident memory.
 * At this setting a full collection comes sooner and the space stays near what is alive
 * (docs/measurements.md, "The gateway's memory under load: zod out of the trace thread, V8's heap
 * growth capped").
 */
export const GATEWAY_HEAP_GROWING_PERCENT = 50;

/**
 * Caps V8's heap growth at `percent` (GATEWAY_HEAP_GROWING_PERCENT) for every thread of the
 * process. V8 reads the flag at each full collection, so setting it after start-up takes effect.
 * A process started with `--heap-growing-percent` (on the command line or in NODE_OPTIONS) keeps
 * its own. Returns whether the flag was set.
 *
 * @example limitHeapGrowth() // in `switchyard serve`, before the server starts
 */
export function limitHeapGrowth(percent: number = GATEWAY_HEAP_GROWING_PERCENT, startedWith: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]): boolean {
  if (startedWith.some((flag) => /^--heap[-_]growing[-_]percent(=|$)/.test(flag))) return false;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
}
