import type { Clock } from '../../core/clock.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import { demoteForLivePrecision, type PulledVersion } from './demote-for-live-precision.js';
import type { PendingDemotions } from './pending-demotions.js';
import { demotionRetryDelay, retryDemotion } from './retry-demotion.js';
import type { Log } from '../../core/log.js';

export interface PullDeps {
  registry: ModelRegistry;
  clock: Clock;
  route: string;
  log: Log;
  /** The demotion is recorded: flag it for a person, with the trace whose shadow check tipped it. */
  onDemote?: (route: string, reason: string, traceId: string | null) => void;
  /** Why the route answers nothing locally, now. */
  setWaiting: (reason: string) => void;
  /** The version was changed elsewhere meanwhile: serve what the registry says is live. */
  resync: () => Promise<void>;
  /** Where a demotion being retried is kept across a restart (none: forgotten at exit). */
  pending?: PendingDemotions;
}

/**
 * Records in the registry that a route pulled a version for live precision below the bar (the
 * route has already stopped serving it), raises the review flag, and says so. When the registry
 * cannot record it, retries off the request path (`retryDemotion`) until it lands or `stop` is
 * called (another version is live, shutdown), so other replicas do not go on serving it unflagged.
 *
 * @example const pulls = new LivePrecisionPulls({ registry, clock, route, log, setWaiting, resync }); await pulls.pull({ version: 3, createdAt }, reason, 'tr_1');
 */
export class LivePrecisionPulls {
  private unrecorded: { pulled: PulledVersion; stop: AbortController } | undefined;

  constructor(private readonly deps: PullDeps) {}

  /** The version pulled here whose demotion the registry has not recorded yet (it still lists it live). */
  get unrecordedVersion(): PulledVersion | undefined {
    return this.unrecorded?.pulled;
  }

  /**
   * At start: a demotion an earlier run of this gateway was still retrying when it stopped. If its
   * version (number and registration time) is still the registry's live one, it is not served and
   * the demotion is tried again now (true); otherwise it was settled elsewhere and is forgotten,
   * including when the route was deleted and registered again and a new version of the same
   * number is live.
   */
  async resume(live: PulledVersion | undefined): Promise<boolean> {
    const pending = this.deps.pending?.get(this.deps.route);
    if (!pending) return false;
    const { route } = this.deps;
    const { version } = pending;
    // A record from before registration times were kept names the version by its number alone.
    const createdAt = pending.createdAt ?? live?.createdAt;
    if (live === undefined || version !== live.version || createdAt !== live.createdAt) {
      this.deps.pending?.delete(route);
      const now = live === undefined ? 'none' : version === live.version ? `a new v${live.version}, registered ${iso(live.createdAt)} after the route was deleted and registered again (the pulled one was registered ${iso(createdAt)})` : `v${live.version}`;
      this.deps.log(`local model ${route}: v${version}'s demotion, pending from before a restart, is no longer needed: the registry's live version is ${now}`);
      return false;
    }
    this.deps.log(`local model ${route}: v${version} was pulled before a restart (${pending.reason}) and the registry has not recorded its demotion yet (kept in ${this.deps.pending?.where}): not served; demoting it now`);
    await this.pull({ version, createdAt }, pending.reason, pending.traceId);
    return true;
  }

  /** Demotes `pulled` in the registry (`demoteForLivePrecision`), retrying if it cannot record it. */
  async pull(pulled: PulledVersion, reason: string, traceId: string | null): Promise<void> {
    const { version } = pulled;
    const outcome = await demoteForLivePrecision(this.deps.registry, this.deps.route, pulled, reason, this.deps.clock.now());
    if (outcome.kind !== 'unrecorded') this.deps.pending?.delete(this.deps.route);
    if (outcome.kind === 'unrecorded') {
      this.deps.setWaiting(outcome.waiting);
      this.deps.log(`${outcome.log}; retrying in ${demotionRetryDelay(1) / 1000} s, then with backoff until it is recorded or another version is live`, { level: 'warn' });
      this.retry(pulled, reason, traceId);
    } else if (outcome.kind === 'no longer live') {
      this.deps.setWaiting(outcome.waiting);
      this.deps.log(outcome.log);
      await this.deps.resync();
    } else this.demoted(version, outcome.reason, traceId, '');
  }

  /**
   * Stops retrying (another version is live, shutdown); `why` goes in the log line. At shutdown
   * (`keepForRestart`) the pending demotion stays kept, for the next start to resume.
   */
  stop(why: string, keepForRestart = false): void {
    const unrecorded = this.unrecorded;
    if (!unrecorded) return;
    this.unrecorded = undefined;
    unrecorded.stop.abort();
    if (!keepForRestart) this.deps.pending?.delete(this.deps.route);
    this.deps.log(`local model ${this.deps.route}: stopped retrying v${unrecorded.pulled.version}'s demotion, which the registry never recorded: ${why}`, { level: 'error' });
  }

  private demoted(version: number, reason: string, traceId: string | null, how: string): void {
    const waiting = `v${version} demoted: ${reason}`;
    this.deps.setWaiting(waiting);
    this.deps.log(`local model ${this.deps.route}: ${waiting}${how}`, { level: 'warn' });
    this.deps.onDemote?.(this.deps.route, reason, traceId);
  }

  /**
   * On timers, never awaited: not part of the route's `idle()`, since a registry that stays down
   * would hold shutdown. When it lands, logs it and raises the review flag the failure held back.
   */
  private retry(pulled: PulledVersion, reason: string, traceId: string | null): void {
    this.unrecorded?.stop.abort();
    const stop = new AbortController();
    const mine = { pulled, stop };
    this.unrecorded = mine;
    const { version, createdAt } = pulled;
    this.deps.pending?.set(this.deps.route, { version, createdAt, reason, traceId, at: this.deps.clock.now() });
    const onFailed = (failure: { waiting: string }, retry: number, nextInMs: number) => {
      if (!stop.signal.aborted) this.deps.setWaiting(`${failure.waiting} (retry ${retry} failed too; next in ${nextInMs / 1000} s)`);
    };
    void retryDemotion({ registry: this.deps.registry, clock: this.deps.clock, route: this.deps.route, pulled, reason, signal: stop.signal, onFailed })
      .then(async (done) => {
        const current = this.unrecorded === mine;
        if (current) this.unrecorded = undefined;
        if (!done) return;
        if (current) this.deps.pending?.delete(this.deps.route);
        if (done.outcome.kind === 'demoted') return this.demoted(version, done.outcome.reason, traceId, ` (the registry recorded it on retry ${done.retries}, so other replicas stop serving it too)`);
        this.deps.setWaiting(done.outcome.waiting);
        this.deps.log(done.outcome.log);
        await this.deps.resync();
      })
      .catch((error: unknown) => {
        if (this.unrecorded === mine) this.unrecorded = undefined;
        this.deps.log(`local model ${this.deps.route}: retrying v${version}'s demotion failed: ${(error as Error).message}`, { level: 'warn' });
      });
  }
}

/** A registration time for a log line (e.g. 2027-01-15T10:00:00.000Z); unknown for a record without one. */
function iso(at: number | undefined): string {
  return at === undefined ? 'at an unknown time' : new Date(at).toISOString();
}
