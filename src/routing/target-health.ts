import type { BreakerConfig } from '../config/cache-schema.js';
import type { Clock } from '../core/clock.js';
import { AttemptWindow } from './attempt-window.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

/** How an attempt ended, as far as its target's health goes. */
export type AttemptResult = 'success' | 'failure' | 'neutral';

/** One target's health, as the admin API and `switchyard providers` show it. */
export interface TargetStatus {
  target: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** Attempts and failures in the current window, the last `windowMs` (breaker.window_ms). */
  windowAttempts: number;
  windowFailures: number;
  windowMs: number;
  /** When an open circuit lets its next probe through (ms since the epoch); null unless open. */
  retryAt: number | null;
  /** Times the circuit opened since start. */
  opened: number;
  /** Recent latency (exponentially weighted), ms; null before the first success. */
  latencyMs: number | null;
  /** Share of the provider's rate limit left, from its last response headers; null when unknown. */
  headroom: number | null;
  inFlight: number;
  /** What the last failed attempt said (what opened an open circuit); null once the circuit closes. */
  lastFailure: string | null;
}

interface Health {
  state: CircuitState;
  consecutive: number;
  /** Attempt outcomes in the window. */
  window: AttemptWindow;
  openUntil: number;
  openMs: number;
  probing: boolean;
  opened: number;
  latency: number | null;
  latencyAt: number;
  /** Share of the provider's rate limit left (0–1), from its last response headers. */
  headroom: number | null;
  headroomAt: number;
  inFlight: number;
  lastFailure: string | null;
}

/** Weight of the newest latency sample: about the last five attempts count. */
const LATENCY_ALPHA = 0.3;
/** Window entries kept per target at most, so a busy target costs bounded memory. */
const MAX_WINDOW = 10_000;
const COUNT = /^\s*\d{1,15}\s*$/;

/**
 * A rate-limit header's count, or -1 when it holds none: `Number` read an empty or blank value
 * as 0 (a fresh target ranked as having nothing left, after every other), and took hex, negative
 * and exponent forms no provider sends. A header sent twice (Node's "5, 6") is no count either.
 */
function headerCount(value: string | string[] | undefined): number {
  return typeof value === 'string' && COUNT.test(value) ? Number(value) : -1;
}

/** Rate-limit headers as (remaining, limit) pairs: OpenAI's requests and tokens, then Anthropic's. */
const RATE_LIMIT_PAIRS = [
  ['x-ratelimit-remaining-requests', 'x-ratelimit-limit-requests'],
  ['x-ratelimit-remaining-tokens', 'x-ratelimit-limit-tokens'],
  ['anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-limit'],
  ['anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-limit'],
] as const;

/**
 * Per-target circuit breakers and latency, shared by every request of a gateway. A circuit
 * opens after `consecutive_failures` failed attempts in a row, or when at least `min_attempts`
 * in the window failed at `failure_rate` or more; while open the target is skipped. After
 * `open_ms` one probe is let through (half open): its success closes the circuit, its failure
 * opens it again for twice as long (up to `max_open_ms`).
 *
 * @example
 * const health = new TargetHealth(config.breaker, systemClock);
 * if (health.admit('sim/standin-small')) { ...; health.record('sim/standin-small', 'success', 120); }
 */
export class TargetHealth {
  private readonly targets = new Map<string, Health>();

  constructor(
    private readonly config: BreakerConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Whether a request may go to `target` now; counts it in flight when it may. An open circuit
   * whose wait is over turns half open and admits exactly one probe.
   */
  admit(target: string): boolean {
    const h = this.health(target);
    if (this.config.enabled) {
      if (h.state === 'open') {
        if (this.clock.now() < h.openUntil) return false;
        h.state = 'half_open';
        h.probing = false;
      }
      if (h.state === 'half_open') {
        if (h.probing) return false;
        h.probing = true;
      }
    }
    h.inFlight++;
    return true;
  }

  /**
   * Ends an admitted attempt. `neutral` (a client error, a rate limit, the client leaving) says
   * nothing about health. A failure's `cause` (its message) is kept, so a refusal while the circuit
   * is open can say why it opened (the string is the error's own: nothing is built here).
   */
  record(target: string, result: AttemptResult, latencyMs: number, cause?: string): void {
    const h = this.health(target);
    h.inFlight = Math.max(0, h.inFlight - 1);
    if (result === 'success') {
      h.latency = h.latency === null ? latencyMs : h.latency + LATENCY_ALPHA * (latencyMs - h.latency);
      h.latencyAt = this.clock.now();
    }
    if (!this.config.enabled) return;
    const wasProbe = h.state === 'half_open' && h.probing;
    if (wasProbe) h.probing = false;
    if (result === 'neutral') return;
    const now = this.clock.now();
    h.window.push(now, result === 'failure');
    h.window.dropBefore(now - this.config.window_ms);
    if (result === 'success') {
      h.consecutive = 0;
      if (h.state === 'half_open') this.close(h);
      return;
    }
    h.consecutive++;
    if (cause !== undefined) h.lastFailure = cause;
    if (h.state === 'half_open') return this.open(h, now, Math.min(h.openMs * 2, this.config.max_open_ms));
    if (h.state === 'closed' && this.tripped(h)) this.open(h, now, this.config.open_ms);
  }

  /** The state of one target (a fresh target is closed). */
  state(target: string): CircuitState {
    const h = this.targets.get(target);
    if (!h) return 'closed';
    return h.state === 'open' && this.clock.now() >= h.openUntil ? 'half_open' : h.state;
  }

  /**
   * Recent latency, or null when never measured or not measured within the window: a target
   * that was slow once is tried again after a while, so balancing notices when it recovers.
   */
  latencyOf(target: string): number | null {
    const h = this.targets.get(target);
    if (!h || h.latency === null || this.clock.now() - h.latencyAt > this.config.window_ms) return null;
    return h.latency;
  }

  /**
   * Reads a response's rate-limit headers (OpenAI `x-ratelimit-*`, Anthropic
   * `anthropic-ratelimit-*`): the smaller of the request and token shares left.
   */
  observeHeaders(target: string, headers: Readonly<Record<string, string | string[] | undefined>>): void {
    // Runs on every upstream answer: no closure or array per call.
    let least = Infinity;
    for (const [remainingHeader, limitHeader] of RATE_LIMIT_PAIRS) {
      const remaining = headers[remainingHeader];
      if (remaining === undefined) continue;
      const r = headerCount(remaining);
      const l = headerCount(headers[limitHeader]);
      if (r >= 0 && l > 0) least = Math.min(least, Math.min(1, r / l));
    }
    if (least === Infinity) return;
    const h = this.health(target);
    h.headroom = least;
    h.headroomAt = this.clock.now();
  }

  /** The share of the target's rate limit left, or null when unknown or not heard within the window. */
  headroomOf(target: string): number | null {
    const h = this.targets.get(target);
    if (!h || h.headroom === null || this.clock.now() - h.headroomAt > this.config.window_ms) return null;
    return h.headroom;
  }

  inFlightOf(target: string): number {
    return this.targets.get(target)?.inFlight ?? 0;
  }

  /** Every target seen so far, by name. */
  snapshot(): TargetStatus[] {
    const now = this.clock.now();
    return [...this.targets.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([target, h]) => {
        h.window.dropBefore(now - this.config.window_ms);
        return {
          target,
          state: this.state(target),
          consecutiveFailures: h.consecutive,
          windowAttempts: h.window.size,
          windowFailures: h.window.failures,
          windowMs: this.config.window_ms,
          retryAt: h.state === 'open' ? h.openUntil : null,
          opened: h.opened,
          latencyMs: h.latency === null ? null : Math.round(h.latency * 10) / 10,
          headroom: this.headroomOf(target) === null ? null : Math.round((h.headroom as number) * 1000) / 1000,
          inFlight: h.inFlight,
          lastFailure: h.lastFailure,
        };
      });
  }

  private tripped(h: Health): boolean {
    if (h.consecutive >= this.config.consecutive_failures) return true;
    if (h.window.size < this.config.min_attempts) return false;
    return h.window.failures / h.window.size >= this.config.failure_rate;
  }

  private open(h: Health, now: number, forMs: number): void {
    h.state = 'open';
    h.openMs = forMs;
    h.openUntil = now + forMs;
    h.opened++;
  }

  private close(h: Health): void {
    h.state = 'closed';
    h.consecutive = 0;
    h.window.clear();
    h.openMs = this.config.open_ms;
    h.lastFailure = null;
  }

  private health(target: string): Health {
    let h = this.targets.get(target);
    if (!h) {
      h = { state: 'closed', consecutive: 0, window: new AttemptWindow(MAX_WINDOW), openUntil: 0, openMs: this.config.open_ms, probing: false, opened: 0, latency: null, latencyAt: 0, headroom: null, headroomAt: 0, inFlight: 0, lastFailure: null };
      this.targets.set(target, h);
    }
    return h;
  }
}
