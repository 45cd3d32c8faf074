import type { RetryPolicy } from '../config/schema.js';
import type { Clock, Random } from '../core/clock.js';
import { SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { backoffDelay } from '../routing/backoff.js';
import type { Target } from '../routing/catalog.js';
import type { Attempt } from '../core/trace.js';

export interface AttemptDeps {
  clock: Clock;
  random: Random;
}

/** Upstream statuses that say the target is misconfigured, not the request: try the next one. */
const TARGET_FAULTS = new Set([401, 402, 403, 404]);

/** The status an attempt records: the upstream's, or 0 when none arrived. */
function attemptStatus(error: SwitchyardError): number {
  return error.code === 'upstream_error' ? error.status : 0;
}

/**
 * Tries targets in order, each up to `policy.max_attempts` times with backoff, and returns the
 * first success. Every try is appended to `attempts` (for the trace). A client error (a 400 from
 * upstream) is returned at once: another target would reject it too. When all fail, one error
 * lists every attempt.
 */
export async function runAttempts<T>(
  model: string,
  targets: readonly Target[],
  policy: RetryPolicy,
  deps: AttemptDeps,
  signal: AbortSignal,
  attempts: Attempt[],
  send: (target: Target) => Promise<T>,
): Promise<{ value: T; target: Target }> {
  for (const target of targets) {
    for (let attempt = 1; attempt <= policy.max_attempts; attempt++) {
      const started = performance.now();
      try {
        const value = await send(target);
        attempts.push({ provider: target.provider.name, model: target.model, status: 200, latencyMs: performance.now() - started });
        return { value, target };
      } catch (thrown) {
        const error = toSwitchyardError(thrown);
        attempts.push({
          provider: target.provider.name,
          model: target.model,
          status: attemptStatus(error),
          latencyMs: performance.now() - started,
          error: error.message,
        });
        if (signal.aborted) throw signal.reason instanceof SwitchyardError ? signal.reason : error;
        if (!error.retryable) {
          if (error.code === 'upstream_error' && TARGET_FAULTS.has(error.status)) break;
          throw error;
        }
        if (attempt === policy.max_attempts) break;
        const delay = backoffDelay(attempt, policy, deps.random, error.retryAfter === undefined ? undefined : error.retryAfter * 1000);
        if (delay === undefined) break;
        await deps.clock.sleep(delay, signal).catch(() => undefined);
        if (signal.aborted) throw signal.reason instanceof SwitchyardError ? signal.reason : error;
      }
    }
  }
  throw allFailed(model, attempts);
}

function allFailed(model: string, attempts: readonly Attempt[]): SwitchyardError {
  const lines = attempts.map((a, i) => `#${i + 1} ${a.provider}/${a.model}: ${a.error ?? a.status}`);
  const everyOneRateLimited = attempts.length > 0 && attempts.every((a) => a.status === 429);
  return new SwitchyardError(
    'all_targets_failed',
    `every target for model "${model}" failed after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: ${lines.join('; ')}`,
    { status: everyOneRateLimited ? 429 : 502, detail: attempts },
  );
}
