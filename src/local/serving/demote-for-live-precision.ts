import type { ModelRegistry, ModelVersion } from '../registry/model-registry.js';

/**
 * What names a version a route pulled: its number and its registration time. A route deleted
 * whole and registered again starts at version 1 again; the time tells the two apart.
 */
export type PulledVersion = Pick<ModelVersion, 'version' | 'createdAt'>;

/** What the registry did with a version whose live precision fell below the bar, and what to say. */
export type LivePrecisionDemotion =
  | { kind: 'demoted'; reason: string }
  /** The registry failed (locked, unreachable): the version is still live there. */
  | { kind: 'unrecorded'; error: string; waiting: string; log: string }
  /** Another version is live (or none is), changed elsewhere: serve what the registry says. */
  | { kind: 'no longer live'; waiting: string; log: string };

/**
 * Demotes `version` in the registry for live precision credibly below the bar (`reason`), even on
 * a route an operator pinned: low live precision is a safety signal, and escalating everything is
 * the safe state. The pin is kept (retraining still promotes nothing until they unpin), and the
 * version's reason and the pin's both say the pinned version was demoted by the shadow monitor.
 * Only this version: the figures describe it, not one made live elsewhere meanwhile (nor a
 * re-created version of the same number).
 *
 * @example const outcome = await demoteForLivePrecision(registry, 'support-intent', { version: 3, createdAt: v3.createdAt }, report.reason, clock.now());
 */
export async function demoteForLivePrecision(registry: ModelRegistry, route: string, named: PulledVersion, reason: string, at: number): Promise<LivePrecisionDemotion> {
  const { version, createdAt } = named;
  let pulled: ModelVersion | undefined;
  try {
    pulled = await registry.demote(route, reason, at, {
      version,
      createdAt,
      ifPinned: (held, v) => ({
        reason: `${reason}; v${v} was pinned by hand (${held.reason}) and is demoted by the shadow monitor all the same; the route stays pinned`,
        pin: `v${v} (${held.reason}) demoted by the shadow monitor: ${reason}`,
      }),
    });
  } catch (error) {
    // The caller stops serving it all the same (escalating everything is the safe state).
    const message = (error as Error).message;
    return {
      kind: 'unrecorded',
      error: message,
      waiting: `v${version} pulled here (${reason}), but the registry could not record the demotion: ${message}`,
      log: `local model ${route}: v${version}'s live precision fell below the bar (${reason}); this gateway stopped serving it, but the registry could not record the demotion, so other replicas may still serve it and no review flag was raised: ${message}`,
    };
  }
  if (pulled) return { kind: 'demoted', reason: pulled.statusReason ?? reason };
  const was = await registry.get(route, version);
  return {
    kind: 'no longer live',
    waiting: was?.status === 'demoted' && was.createdAt === createdAt ? `v${version} demoted: ${was.statusReason ?? 'no reason given'}` : `v${version} is no longer live in the registry`,
    log: `local model ${route}: v${version}'s live precision fell below the bar, but it was no longer live in the registry (changed elsewhere); nothing demoted, serving what is live`,
  };
}
