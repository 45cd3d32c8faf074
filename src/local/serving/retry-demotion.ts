import type { Clock } from '../../core/clock.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import { demoteForLivePrecision, type LivePrecisionDemotion, type PulledVersion } from './demote-for-live-precision.js';

/** The first retry waits a second; each failure doubles the wait, up to a minute (one small write a minute while the registry is down). */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;

/**
 * How long to wait before retry number `retry` (1 = the first after the failed demotion).
 *
 * @example demotionRetryDelay(3) // 4000
 */
export const demotionRetryDelay = (retry: number): number => Math.min(FIRST_DELAY_MS * 2 ** (retry - 1), MAX_DELAY_MS);

export interface DemotionRetry {
  registry: ModelRegistry;
  clock: Clock;
  route: string;
  /** The version pulled (number and registration time). */
  pulled: PulledVersion;
  /** The shadow monitor's reason, recorded as the version's. */
  reason: string;
  /** Aborted when the retry is no longer wanted: another version is live, or shutdown. */
  signal: AbortSignal;
  /** A retry failed too (the registry is still down); `nextInMs` is the wait before the next one. */
  onFailed?: (failure: Extract<LivePrecisionDemotion, { kind: 'unrecorded' }>, retry: number, nextInMs: number) => void;
}

/** How a retried demotion ended, and on which retry. */
export interface RetriedDemotion {
  outcome: Exclude<LivePrecisionDemotion, { kind: 'unrecorded' }>;
  retries: number;
}

/**
 * Asks the registry again, with backoff, to record a shadow demotion it could not record: until
 * it does, or the version is no longer live there (changed elsewhere). Without it, the registry
 * kept listing the version as live, so other replicas (and this one, after a restart) went on
 * serving a version this one had pulled, and nothing flagged it for review. Undefined when
 * `signal` stopped it. Runs on timers, never on the request path.
 *
 * @example const done = await retryDemotion({ registry, clock, route: 'support-intent', pulled: { version: 3, createdAt: v3.createdAt }, reason, signal });
 */
export async function retryDemotion(retry: DemotionRetry): Promise<RetriedDemotion | undefined> {
  for (let n = 1; ; n++) {
    try {
      await retry.clock.sleep(demotionRetryDelay(n), retry.signal);
    } catch {
      return undefined;
    }
    if (retry.signal.aborted) return undefined;
    const outcome = await demoteForLivePrecision(retry.registry, retry.route, retry.pulled, retry.reason, retry.clock.now());
    if (outcome.kind !== 'unrecorded') return { outcome, retries: n };
    retry.onFailed?.(outcome, n, demotionRetryDelay(n + 1));
  }
}
