import { quoteClipped } from '../core/clip.js';
import type { Random } from '../core/clock.js';
import { parseDuration } from '../core/duration.js';
import { SwitchyardError } from '../core/errors.js';

export type ArrivalProcess = 'poisson' | 'uniform';

/**
 * Arrival offsets (ms from the start) of an open-loop load: requests are due at these times
 * whether or not earlier ones have finished, which is what keeps a slow system from hiding its
 * queueing (coordinated omission). Poisson arrivals (exponential gaps) are how independent users
 * arrive; uniform ones are evenly spaced.
 *
 * @example arrivals(10, 1_000, 'uniform', Math.random) // [0, 100, 200, …, 900]
 */
export function arrivals(rps: number, durationMs: number, process: ArrivalProcess, random: Random): number[] {
  const times: number[] = [];
  const gap = 1_000 / rps;
  let at = 0;
  while (at < durationMs) {
    times.push(at);
    // 1 - random() is in (0, 1]: the logarithm stays finite.
    at += process === 'uniform' ? gap : -Math.log(1 - random()) * gap;
  }
  return times;
}

/** The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A load-test duration flag (`--duration`, `--timeout`): a duration as every flag takes one
 * (`parseDuration`: `500ms`, `30s`, `2m`, `1h`, `1d`, a bare number of seconds), no longer than a
 * Node.js timer waits.
 *
 * @example timerDuration('2m') // 120000
 */
export function timerDuration(text: string, flag = '--duration'): number {
  const ms = parseDuration(text, flag, { bareSeconds: true });
  // A longer timer fires at once (Node.js warns and waits 1 ms): `--timeout 1000h` timed out every request.
  if (ms > MAX_TIMER_MS) throw new SwitchyardError('invalid_request', `${flag} must be at most 596h (${MAX_TIMER_MS} ms, the longest a Node.js timer waits), got ${quoteClipped(text)}`, { param: flag });
  return ms;
}
