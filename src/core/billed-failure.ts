import type { BilledWhy } from './trace.js';

/**
 * Marks on provider errors that came after the provider had the request, so it bills the call
 * though no answer reached the gateway: the attempt timeout fired once the request was written
 * (undici's headers or body timeout), the connection broke after a 200, mid-body, or the 200's
 * body was not JSON (the provider generated the answer something in front of it mangled), or
 * held an output item the client's format has no place for (a computer action to a chat client). The
 * retry loop books such an attempt (run-attempts.ts); a refused connection or an error status is
 * not marked, as no provider bills it. A connection reset before any answer is marked `reset`:
 * whether the provider had the request is unknown, so it is booked at $0 and said to be unknown.
 * A WeakMap beside the error, as `skipsOf`: only failures write.
 */
const billedByError = new WeakMap<object, BilledFailure>();

/** The failures a provider bills (its request was sent, and it timed out, or its answer's body was cut, not JSON or not relayable), or may have (`reset`). */
export type BilledFailure = Extract<BilledWhy, 'attempt_timeout' | 'body_cut' | 'not_json' | 'unreadable_item' | 'reset'>;

/** Every {@link BilledFailure}: the reasons a failed attempt (not the answer) carries its own `billed` entry. */
export const BILLED_FAILURES: ReadonlySet<BilledWhy> = new Set<BilledFailure>(['attempt_timeout', 'body_cut', 'not_json', 'unreadable_item', 'reset']);

/** Why the provider bills the failure `error`, if it does. */
export function billedFailureOf(error: unknown): BilledFailure | undefined {
  return billedByError.get(error as object);
}

/**
 * `error`, marked as a failure its provider bills.
 *
 * @example throw billedFailure(new SwitchyardError('upstream_timeout', '…'), 'attempt_timeout');
 */
export function billedFailure<E extends object>(error: E, why: BilledFailure): E {
  billedByError.set(error, why);
  return error;
}
