import type { Clock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';

/** Addresses remembered at most; past it the oldest are forgotten, so a flood can't grow memory. */
const MAX_ADDRESSES = 10_000;

/**
 * Failed authentications per client address in a sliding window: past `limit` failures the
 * address is refused with a 429 (even with the right credential) until the window moves on.
 * One throttle covers every admin authentication path: sign-in, Bearer on /api, feedback keys.
 *
 * @example const throttle = new FailureThrottle(10, 60_000, clock); throttle.check(ip); … throttle.fail(ip);
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** Throws 429 when `address` failed `limit` times within the window. */
  check(address: string): void {
    const recent = this.recent(address);
    if (recent.length < this.limit) return;
    const retryAfter = Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - this.clock.now()) / 1000));
    throw new SwitchyardError('rate_limited', `too many failed authentications from this address; try again in ${retryAfter} s`, { retryAfter });
  }

  /** Records one failure of `address`. */
  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock.now());
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
  }

  private recent(address: string): number[] {
    const since = this.clock.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }
}
