import type { PromotionBar, PromotionDecision, PromotionMetrics } from './decide-promotion.js';
import type { DeleteOptions, DeleteResult } from './plan-deletion.js';

/** Where a version stands: trained and waiting, serving, replaced by a newer one, or pulled. */
export type VersionStatus = 'candidate' | 'live' | 'retired' | 'demoted';

/** One registered model version of a route (the bytes are fetched separately). */
export interface ModelVersion {
  route: string;
  /** 1, 2, 3… per route, in registration order. */
  version: number;
  /** Content hash of the training data (the data version). */
  dataVersion: string;
  /** Held-out figures the promotion bar is checked against. */
  metrics: PromotionMetrics;
  status: VersionStatus;
  /** Registration time, ms since the epoch. */
  createdAt: number;
  /** Size of the model file in bytes. */
  sizeBytes: number;
  /** Why the status last changed (promotion reason, demotion reason…), if it did. */
  statusReason: string | null;
}

export interface RegisterInput {
  route: string;
  dataVersion: string;
  metrics: PromotionMetrics;
  model: Uint8Array;
  /** ms since the epoch (the caller's clock). */
  createdAt: number;
}

/** A route held by an operator: automatic retraining registers versions but does not promote them. */
export interface RoutePin {
  route: string;
  /** What the operator did (e.g. "rolled back to version 1 from the CLI"). */
  reason: string;
  /** ms since the epoch. */
  at: number;
}

export interface PromotionResult extends PromotionDecision {
  /** The live version after the call (unchanged when not promoted), read in the promotion's transaction. */
  live: ModelVersion | undefined;
  /**
   * The version live before the call (the one a promotion retired), read in the same transaction:
   * a version that another replica's retraining made live a moment before is the one named here.
   */
  previous: ModelVersion | undefined;
  /** The pin that refused an automatic promotion (`unlessPinned`), when one did. */
  heldBy?: RoutePin;
}

/**
 * A change by hand pins the route in the change's own transaction, so an automatic promotion
 * (retraining, another replica) can never land between the operator's change and their pin.
 */
export interface ManualChange {
  /** The pin's reason, given the version made live or pulled (e.g. "rolled back to version 1 by hand"). */
  pin?: (version: number) => string;
}

/**
 * The live version the caller saw (null: none was), e.g. on a dashboard page loaded a minute ago.
 * When another is live in the change's transaction (another operator, retraining, the shadow
 * monitor since the caller looked), nothing changes and a 409 error names both versions.
 */
export interface SeenLive {
  from?: number | null;
}

export interface PromoteOptions extends ManualChange, SeenLive {
  /**
   * An automatic promotion: refused, changing nothing, while the route is pinned. The pin is read
   * in the promotion's transaction, so a change by hand committed before it always wins.
   */
  unlessPinned?: boolean;
}

export interface RollbackOptions extends ManualChange {
  /**
   * The live version the caller rolls back from (what it saw; null: none was live). When another
   * is live in the rollback's transaction (a concurrent rollback, a promotion by hand or by
   * retraining since the caller looked), nothing changes and a 409 error names what is live: of
   * two rollbacks from version 3 at once, one makes version 2 live and the other is refused,
   * instead of rolling back again from version 2 to 3.
   */
  from?: number | null;
}

/** What a rollback did, both versions read in its transaction. */
export interface RollbackResult {
  /** The version made live again. */
  live: ModelVersion;
  /** The version live before (retired now; undefined: none was, e.g. after a demotion). */
  previous: ModelVersion | undefined;
}

export interface DemoteOptions extends ManualChange, SeenLive {
  /**
   * Demote only this version: when another is live (changed by hand or by another replica since
   * the caller looked), nothing changes. The shadow monitor's figures describe one version.
   */
  version?: number;
  /**
   * With `version`: and only if that version was registered at this time (`createdAt`). A route
   * deleted whole starts again at version 1, so the number alone can name a re-created version.
   */
  createdAt?: number;
  /**
   * An automatic demotion of a pinned route: the version's status reason and the pin's new reason,
   * given the pin it had. The pin is kept (the operator still holds the route against automatic
   * promotion) and both say what happened, instead of the pin naming a version that is gone.
   */
  ifPinned?: (held: RoutePin, version: number) => { reason: string; pin: string };
}

/**
 * Versioned local models per route, with at most one live version per route. Promotion checks
 * the route's bar (`decidePromotion`); demotion leaves the route with no live model, so every
 * request escalates; rollback makes the previously live version live again.
 *
 * @example
 * const v = await registry.register({ route: 'support-intent', dataVersion, metrics, model: bytes, createdAt: clock.now() });
 * await registry.promote('support-intent', v.version, { minPrecision: 0.95, minCoverage: 0.5 }, clock.now());
 */
export interface ModelRegistry {
  register(input: RegisterInput): Promise<ModelVersion>;
  /** Every version, newest first; only `route`'s when given. */
  list(route?: string): Promise<ModelVersion[]>;
  get(route: string, version: number): Promise<ModelVersion | undefined>;
  /** The model file of a version; a not_found error naming route and version when absent. */
  modelBytes(route: string, version: number): Promise<Uint8Array>;
  live(route: string): Promise<ModelVersion | undefined>;
  /**
   * Makes `version` live if its metrics meet `bar` (and, with `unlessPinned`, the route is not
   * pinned); the previous live version is retired. A version already live is not promoted again.
   * The live version is read and changed in one transaction.
   */
  promote(route: string, version: number, bar: PromotionBar, at: number, options?: PromoteOptions): Promise<PromotionResult>;
  /**
   * Pulls the live version (status `demoted`, with the reason); returns it, or undefined if none
   * was live (or not `options.version`). Read and change are one transaction: of two concurrent
   * demotions one pulls the version, the other gets undefined.
   */
  demote(route: string, reason: string, at: number, options?: DemoteOptions): Promise<ModelVersion | undefined>;
  /**
   * Makes the version that was live before the current one (or `toVersion`, if it was ever live
   * and is not live now) live again. The history, the live version (`options.from`) and the change
   * are one transaction.
   */
  rollback(route: string, at: number, toVersion?: number, options?: RollbackOptions): Promise<RollbackResult>;
  /**
   * Holds the route's live version (or none) against automatic promotion until `unpin`; a second
   * pin replaces the first's reason. Manual promote, demote and rollback still work. A change by
   * hand pins through its own `pin` option instead, in the same transaction.
   */
  pin(route: string, reason: string, at: number): Promise<void>;
  /**
   * Removes one version (`options.version`, never the live one) or every version of the route,
   * with their model bytes (the registry's own copy; files the caller wrote elsewhere stay). A
   * whole route goes with its pin and history, and refuses while a version is live unless
   * `options.force`. An unknown route or version is a not_found error naming the known ones.
   * Read, checks and removal are one transaction; version numbers are never handed out again
   * for the route while any of its versions remain.
   */
  delete(route: string, at: number, options?: DeleteOptions): Promise<DeleteResult>;
  /** Releases the route's pin (the live version's status reason then says so); false if it had none. */
  unpin(route: string): Promise<boolean>;
  /** The pinned routes (only `route`'s when given), by route name. */
  pins(route?: string): Promise<RoutePin[]>;
  /**
   * A number that moves whenever any route's live version changes (promote, demote, rollback, delete):
   * one cheap read, polled by running gateways to pick up changes made elsewhere.
   */
  revision(): Promise<number>;
  close(): Promise<void>;
}
