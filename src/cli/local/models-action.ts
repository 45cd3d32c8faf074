import { TerminalTable } from '../../core/terminal-table.js';
import { withStores } from '../open-cli-stores.js';
import { pct, storeArgs } from './flags.js';
import { cliTime } from '../../core/cli-time.js';
import { CLI } from '../../core/cli-command.js';
import { closestName } from '../../core/format-issues.js';
import { trainedOnText } from '../../local/registry/trained-on-text.js';
import { registryRoutes } from '../../local/registry/plan-deletion.js';
import { quoteClipped } from '../../core/clip.js';

/**
 * `switchyard models`: every registered version, which is live, and its held-out figures. With
 * `--config`, a route the config lacks (renamed or removed) is marked: no request reaches it.
 *
 * @example await modelsAction({ db: '.switchyard/switchyard.db', json: true })
 */
export async function modelsAction(flags: { db?: string; config?: string; route?: string; json?: boolean }): Promise<void> {
  const configured = flags.config === undefined ? undefined : await configRoutes(flags.config);
  // null: no config to compare with (as the admin API without one, the route is not judged).
  const inConfig = (route: string) => (configured === undefined ? null : configured.has(route));
  await withStores(flags, async ({ models: registry }) => {
    const versions = await registry.list(flags.route);
    const pins = await registry.pins(flags.route);
    const pinned = new Set(pins.map((p) => p.route));
    if (flags.json) {
      console.log(JSON.stringify(versions.map((v) => ({ ...v, live: v.status === 'live', pinned: pinned.has(v.route), inConfig: inConfig(v.route), createdAt: new Date(v.createdAt).toISOString() }))));
      return;
    }
    if (versions.length === 0) {
      // A mistyped route reads like an empty registry unless the routes that have versions are named.
      const others = flags.route ? [...new Set((await registry.list()).map((v) => v.route))].sort() : [];
      const meant = flags.route ? closestName(flags.route, others) : undefined;
      console.log(flags.route ? `no versions registered for route ${quoteClipped(flags.route)}${meant ? `; did you mean ${quoteClipped(meant)}?` : ''}${others.length > 0 ? ` (routes with versions: ${registryRoutes(others, false)})` : ''}` : 'no models registered yet');
      return;
    }
    const table = new TerminalTable({
      head: ['route', 'version', 'status', 'precision', 'coverage', 'accuracy', 'held-out', 'trained on', 'data', 'size', 'created'],
      // In 80 columns: which version is live and what it serves at, then when it was made.
      dropToFit: ['data', 'size', 'trained on', 'accuracy', 'held-out', 'created'],
      shrinks: ['route'],
    });
    for (const v of versions) {
      table.push([
        inConfig(v.route) === false ? `${v.route} (not in config)` : v.route,
        v.version,
        (v.status === 'live' ? 'live ●' : v.status) + (pinned.has(v.route) && v.version === pinRowOf(versions, v.route) ? ' pinned' : ''),
        pct(v.metrics.precision),
        pct(v.metrics.coverage),
        pct(v.metrics.accuracy),
        v.metrics.examples,
        trainedOnText(v.metrics.trainedOn),
        v.dataVersion.slice(0, 12),
        `${(v.sizeBytes / 1024).toFixed(0)} KB`,
        cliTime(v.createdAt, 'minutes'),
      ]);
    }
    console.log(table.toString());
    for (const pin of pins) console.log(`${pin.route} pinned (${pin.reason}): retraining registers new versions but promotes none until \`${CLI} models unpin --route ${pin.route}${storeArgs(flags)}\``);
    for (const route of new Set(versions.map((v) => v.route))) {
      if (inConfig(route) === false) console.log(`${route} is not a route in ${flags.config}: no request reaches its versions (they can still be rolled back, demoted or unpinned; a route registered by mistake goes with \`${CLI} models delete --route ${route}${storeArgs(flags)}\`)`);
    }
  }, { existing: true });
}

/** The route names of the config file at `path` (loaded only when asked: validating a config costs more than listing; only its routes and what they name are checked). */
async function configRoutes(path: string): Promise<Set<string>> {
  const { loadRouting } = await import('../../config/load-config.js');
  return new Set(Object.keys(loadRouting(path).routes));
}

/**
 * The row that carries a pinned route's marker: the version the pin holds live (after a rollback
 * an older one, where the newest row is a candidate retraining registered), else the newest.
 */
function pinRowOf(versions: readonly { route: string; version: number; status: string }[], route: string): number {
  const own = versions.filter((v) => v.route === route);
  return own.find((v) => v.status === 'live')?.version ?? Math.max(...own.map((v) => v.version));
}
