import type { Random } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { wilsonBounds } from '../../core/wilson.js';
import { percent } from '../../core/percent.js';

export interface ShadowMonitorOptions {
  /** ms since the epoch; injected so windows are testable. */
  now: () => number;
  /** Draws for sampling; injected so tests choose which requests are shadowed. */
  random: Random;
  /** Share of locally answered requests also sent to the large model (0–1). */
  sampleRate: number;
  /** Sliding window the figures cover. */
  windowMs: number;
  /** The route's precision bar. */
  minPrecision: number;
  /** No demotion before this many shadowed answers in the window (default 50). */
  minSamples?: number;
  /** Width of the interval in standard errors (default 1.96): demote when the upper bound < bar. */
  z?: number;
  /** Granularity of the window: memory is this many counters whatever the traffic (default 60). */
  buckets?: number;
}

/** Live figures over the window. */
export interface ShadowReport {
  requests: number;
  answeredLocally: number;
  /** answeredLocally / requests (0 with no requests). */
  coverage: number;
  shadowed: number;
  agreed: number;
  /** agreed / shadowed, or null with no shadowed answers. */
  precision: number | null;
  /** Wilson interval of the precision at z. */
  precisionLow: number;
  precisionHigh: number;
  /** True when precision is credibly below the bar: enough samples and the upper bound below it. */
  demote: boolean;
  reason: string;
}

interface Bucket {
  start: number;
  requests: number;
  answered: number;
  shadowed: number;
  agreed: number;
}


/**
 * Estimates a serving local model's live precision and coverage from a sample of its answers
 * checked against the large model (the teacher), over a sliding window, and says when the model
 * should be demoted: only when precision is *credibly* below the bar (Wilson upper bound < bar,
 * with a minimum sample), so a few unlucky disagreements do not pull a good model.
 * Pure: no I/O, time and randomness injected, memory bounded by the bucket count.
 *
 * @example
 * const monitor = new ShadowMonitor({ now: clock.now, random, sampleRate: 0.05, windowMs: 3_600_000, minPrecision: 0.95 });
 * monitor.recordRequest(!prediction.escalate);
 * if (!prediction.escalate && monitor.shouldShadow()) askTeacher().then((t) => monitor.recordShadow(prediction.label, t));
 * if (monitor.report().demote) await registry.demote(route, monitor.report().reason, clock.now());
 */
export class ShadowMonitor {
  private readonly options: Required<ShadowMonitorOptions>;
  private readonly ring: Bucket[];
  private readonly width: number;

  constructor(options: ShadowMonitorOptions) {
    const resolved = { minSamples: 50, z: 1.96, buckets: 60, ...options };
    const bad = (name: string, expected: string, value: unknown) => new SwitchyardError('invalid_request', `shadow monitor ${name} must be ${expected}, got ${JSON.stringify(value)}`, { param: name });
    if (!(resolved.sampleRate >= 0 && resolved.sampleRate <= 1)) throw bad('sampleRate', 'from 0 to 1', resolved.sampleRate);
    if (!(resolved.minPrecision > 0 && resolved.minPrecision <= 1)) throw bad('minPrecision', 'from 0 (exclusive) to 1', resolved.minPrecision);
    if (!(Number.isFinite(resolved.windowMs) && resolved.windowMs >= 1000)) throw bad('windowMs', 'at least 1000', resolved.windowMs);
    if (!(Number.isInteger(resolved.buckets) && resolved.buckets >= 1 && resolved.buckets <= 10_000)) throw bad('buckets', 'an integer from 1 to 10000', resolved.buckets);
    if (!(Number.isInteger(resolved.minSamples) && resolved.minSamples >= 1)) throw bad('minSamples', 'a positive integer', resolved.minSamples);
    this.options = resolved;
    this.width = resolved.windowMs / resolved.buckets;
    this.ring = Array.from({ length: resolved.buckets }, () => ({ start: -Infinity, requests: 0, answered: 0, shadowed: 0, agreed: 0 }));
  }

  /** Counts one request on the route, answered locally or escalated (for coverage). */
  recordRequest(answeredLocally: boolean): void {
    const bucket = this.current();
    bucket.requests++;
    if (answeredLocally) bucket.answered++;
  }

  /** Whether to send this locally answered request to the teacher too (draws from `random`). */
  shouldShadow(): boolean {
    return this.options.random() < this.options.sampleRate;
  }

  /** One shadowed answer: the local label and the teacher's label for the same request. */
  recordShadow(localLabel: string, teacherLabel: string): void {
    const bucket = this.current();
    bucket.shadowed++;
    if (localLabel.trim() === teacherLabel.trim()) bucket.agreed++;
  }

  /** Figures over the window ending now. */
  report(): ShadowReport {
    const since = this.options.now() - this.options.windowMs;
    let requests = 0;
    let answered = 0;
    let shadowed = 0;
    let agreed = 0;
    for (const b of this.ring) {
      if (b.start + this.width <= since) continue;
      requests += b.requests;
      answered += b.answered;
      shadowed += b.shadowed;
      agreed += b.agreed;
    }
    const { minPrecision, minSamples, z } = this.options;
    const { low, high } = wilsonBounds(agreed, shadowed, z);
    const precision = shadowed === 0 ? null : agreed / shadowed;
    const demote = shadowed >= minSamples && high < minPrecision;
    const observed = precision === null ? 'no shadowed answers' : `live precision ${percent(precision)} (${agreed}/${shadowed}, interval ${percent(low)}–${percent(high)})`;
    const reason = demote
      ? `${observed} is credibly below the bar of ${percent(minPrecision)}`
      : shadowed < minSamples
        ? `${observed}: fewer than ${minSamples} shadowed answers, too few to judge`
        : `${observed} is consistent with the bar of ${percent(minPrecision)}`;
    return { requests, answeredLocally: answered, coverage: requests === 0 ? 0 : answered / requests, shadowed, agreed, precision, precisionLow: low, precisionHigh: high, demote, reason };
  }

  /** The bucket for now, recycled when its slot last held an older period. */
  private current(): Bucket {
    const now = this.options.now();
    const period = Math.floor(now / this.width);
    const bucket = this.ring[period % this.ring.length] as Bucket;
    const start = period * this.width;
    if (bucket.start !== start) Object.assign(bucket, { start, requests: 0, answered: 0, shadowed: 0, agreed: 0 });
    return bucket;
  }
}
