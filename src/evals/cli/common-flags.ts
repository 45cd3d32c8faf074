import { quoteClipped } from '../../core/clip.js';
import { setMaxListeners } from 'node:events';
import { SwitchyardError } from '../../core/errors.js';

/** Flags every eval command that calls models shares. */
export interface GatewayFlags {
  db?: string;
  config?: string;
  gateway?: string;
  apiKey?: string;
}

/** Parses a number flag with bounds, naming the flag when it is wrong. */
export function numberFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new SwitchyardError('invalid_request', `${name} must be a number from ${min} to ${max}, got ${quoteClipped(value)}${fractionHint(value, max)}`);
  return n;
}

/**
 * For a flag that takes a fraction of 1, a value written as a percentage ("95", "2%") gets the
 * fraction it meant; anything else gets nothing.
 *
 * @example fractionHint('95', 1) // ' (a fraction of 1: 0.95 for 95%)'
 */
export function fractionHint(value: string, max: number): string {
  if (max !== 1) return '';
  const percent = Number(value.trim().replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100 || (percent <= 1 && !value.trim().endsWith('%'))) return '';
  return ` (a fraction of 1: ${Number((percent / 100).toPrecision(6))} for ${percent}%)`;
}

/** Ctrl-C once: abort the signal (work in flight that listens to it is cancelled; what finished is kept); twice: leave now. */
export function interruptOnSigint(onFirst: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // Every in-flight call listens on this one signal; hundreds at once is expected, not a leak.
  setMaxListeners(0, controller.signal);
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      onFirst();
      controller.abort(new SwitchyardError('internal', 'interrupted (Ctrl-C)'));
    } else process.exit(130);
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
