import { SwitchyardError } from '../../core/errors.js';
import { countOf } from '../../core/plural.js';
import { deleteRoute, type RouteDeletion, versionNumber } from '../../local/registry/manage-models.js';
import { withStores } from '../open-cli-stores.js';
import type { StoreFlags } from './manage-models-action.js';

type DeleteFlags = StoreFlags & { version?: string; force?: boolean; examples?: boolean };

const KEPT_FROM = '(kept from `local train --route` files, its traffic and reviews)';

/**
 * `switchyard models delete`: removes one version (--version, never the live one) or every
 * version of the route (with --force even while one is live), with the model bytes the registry
 * holds; files written with `local train --out` are the operator's and stay. The route's kept
 * examples stay too unless --examples, which also deletes them once the route is gone.
 *
 * @example await deleteModelAction({ route: 'supprt-intent', db: 'sy.db', examples: true })
 */
export async function deleteModelAction(flags: DeleteFlags): Promise<void> {
  const version = flags.version === undefined ? undefined : versionNumber('--version', flags.version);
  if (flags.examples && version !== undefined) throw new SwitchyardError('invalid_request', `--examples deletes a whole route's examples (they are not one version's): drop --version ${version}`, { param: 'examples' });
  const change = await withStores(flags, ({ models, examples }) => deleteRoute(models, examples, flags.route, Date.now(), { version, force: flags.force === true, examples: flags.examples === true }), { existing: true });
  if (flags.json) {
    console.log(JSON.stringify(change));
    return;
  }
  console.log(describeDeletion(change).join('\n'));
}

function describeDeletion(change: RouteDeletion): string[] {
  const lines = change.deleted.length === 0
    ? [`${change.route}: no model versions in the registry (nothing to delete there)`]
    : [`${change.route}: deleted ${change.deleted.map((v) => `v${v}`).join(', ')}${change.routeRemoved ? ' (no versions left: the route is gone from the registry, with its history)' : ''}`];
  if (change.wasLive !== null) lines.push(`v${change.wasLive} was live: running gateways stop serving it within limits.keys_poll_ms (every request escalates to the route's target)`);
  if (change.pinReleased !== null) lines.push(`pin released (was: ${change.pinReleased})`);
  const kept = change.examplesKept ?? 0;
  if (kept > 0) lines.push(`its ${countOf(kept, 'labelled example stays', 'labelled examples stay')} in the store ${KEPT_FROM}: a route registered again as "${change.route}" learns from them at its next retraining (\`--examples\` deletes them)`);
  if (change.examplesDeleted !== undefined) lines.push(`deleted its ${countOf(change.examplesDeleted, 'labelled example', 'labelled examples')} ${KEPT_FROM}: a route registered again as "${change.route}" starts from none`);
  return lines;
}
