import type { AbortLike } from '../core/call-abort.js';
import type { Clock } from '../core/clock.js';

/** A `Clock` that moves only when the test steps it; its sleeps end when the time they wait for is reached. */
export interface SteppedClock extends Clock {
  /** Moves the time on by `ms` and ends, in order, every sleep due by then. */
  advance(ms: number): void;
}

/**
 * A clock for code that waits (timeouts, idle limits): a test steps the time past a limit at the
 * moment it chooses, so what happens at the limit no longer races the machine's load. Sleeps
 * resolve in the microtasks after `advance`; one whose signal aborts first rejects with its reason,
 * as `systemClock`'s does.
 *
 * @example const clock = steppedClock(); startHarness('', config, { clock }); …; clock.advance(10 * 60_000);
 */
export function steppedClock(start = 1_700_000_000_000): SteppedClock {
  let now = start;
  const sleeping = new Set<{ due: number; wake: () => void }>();
  return {
    now: () => now,
    sleep(ms: number, signal?: AbortLike): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const sleeper = {
          due: now + Math.max(ms, 0),
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleeping.delete(sleeper);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        // A wait for no time ends at once, as a timer of 0 ms does.
        if (sleeper.due <= now) return sleeper.wake();
        sleeping.add(sleeper);
      });
    },
    advance(ms: number): void {
      now += ms;
      const due = [...sleeping].filter((s) => s.due <= now).sort((a, b) => a.due - b.due);
      for (const sleeper of due) {
        sleeping.delete(sleeper);
        sleeper.wake();
      }
    },
  };
}
