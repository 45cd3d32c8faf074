import type { RetryPolicy } from '../config/schema.js';
import type { Random } from '../core/clock.js';

/**
 * How long to wait before retry number `retry` (1 = first retry), or undefined when the
 * upstream asked for a longer wait than the policy allows (better to try the next fallback).
 * Exponential backoff with full jitter spreads retries from many clients; a `retry-after`
 * from the upstream is honoured as a floor.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: Random, retryAfterMs?: number): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.max_retry_after_ms) return undefined;
  const ceiling = Math.min(policy.base_delay_ms * 2 ** (retry - 1), policy.max_delay_ms);
  const jittered = random() * ceiling;
  return Math.max(jittered, retryAfterMs ?? 0);
}
