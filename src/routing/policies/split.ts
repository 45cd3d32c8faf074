import { sha256 } from '../../core/sha256.js';
import type { Random } from '../../core/clock.js';
import type { SplitRoute } from '../../config/route-schema.js';
import { headerSafe, type RouteDecision } from './decision.js';
import type { RequestFeatures } from './request-features.js';

/** A split's decision: the arm (index into `arms`) goes on the trace for per-arm comparisons. */
export interface SplitDecision extends RouteDecision {
  arm: number;
  /** True when the arm came from the sticky value's hash, false when it was drawn. */
  sticky: boolean;
}

/**
 * A deterministic point in [0, 1) for (route, salt, value): the first 48 bits of a SHA-256, so
 * assignments are uniform, the same on every replica and after every restart, and independent
 * between routes (a user in arm A of one experiment is not thereby in arm A of the next).
 *
 * @example stickyPoint('support', '', 'user-42') // 0.7385… (always)
 */
export function stickyPoint(route: string, salt: string, value: string): number {
  // 12 hex digits: the digest's first 48 bits.
  return Number.parseInt(sha256(`${route}\u0000${salt}\u0000${value}`, 'hex').slice(0, 12), 16) / 2 ** 48;
}

/**
 * Sticky values are ids; only this much of one is hashed, so a client sending a 10 MB "user" cannot
 * make every request pay for hashing it.
 */
export const MAX_STICKY_VALUE = 1_024;

/** The value a split is sticky on for this request, or undefined when the request lacks it. */
export function stickyValue(route: SplitRoute, features: RequestFeatures): string | undefined {
  const sticky = route.sticky;
  if (sticky === undefined) return undefined;
  let value: unknown;
  if (sticky === 'user') value = features.user;
  else if (sticky === 'key') value = features.keyName;
  else value = features.metadata[sticky.slice('metadata.'.length)];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value === '') return undefined;
  return value.length > MAX_STICKY_VALUE ? value.slice(0, MAX_STICKY_VALUE) : value;
}

/**
 * Picks a split's arm. With a sticky value the arm is a pure function of (route, salt, value), so a
 * user stays on one arm; without one (no `sticky`, or the request lacks the value) it is drawn from
 * the injected random. Zero-weight arms are never chosen.
 *
 * @example
 * pickSplitArm('support', route, requestFeatures(request), seededRandom(1))
 * // { target: 'small', arm: 0, sticky: true, reason: 'arm 1 of 2 (90%), sticky on user' }
 */
export function pickSplitArm(routeName: string, route: SplitRoute, features: RequestFeatures, random: Random): SplitDecision {
  const value = stickyValue(route, features);
  const point = value === undefined ? random() : stickyPoint(routeName, route.salt, value);
  const total = route.arms.reduce((sum, arm) => sum + arm.weight, 0);
  let cumulative = 0;
  let arm = -1;
  for (let i = 0; i < route.arms.length; i++) {
    const weight = (route.arms[i] as SplitRoute['arms'][number]).weight;
    if (weight === 0) continue;
    arm = i;
    cumulative += weight;
    if (point * total < cumulative) break;
  }
  // arm is the last positive-weight arm when rounding leaves point * total at the very top.
  const chosen = route.arms[arm] as SplitRoute['arms'][number];
  const share = Math.round((chosen.weight / total) * 1000) / 10;
  const how = value !== undefined ? `sticky on ${route.sticky}` : route.sticky ? `drawn (no ${route.sticky} on the request)` : 'drawn';
  return { target: chosen.target, arm, sticky: value !== undefined, reason: headerSafe(`arm ${arm + 1} of ${route.arms.length} (${share}%), ${how}`) };
}
