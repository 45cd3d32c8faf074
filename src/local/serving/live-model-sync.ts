import type { ModelRegistry } from '../registry/model-registry.js';
import type { LocalRoute } from './local-route.js';
import type { Log } from '../../core/log.js';

/**
 * Keeps a replica's local routes serving the registry's live versions: reads the registry's
 * revision (one row) and, only when it moved, has each route load what is live now. Run from the
 * runtime-key poll (`KeySync`'s `onPoll`), so a rollback made by the CLI, the admin API or another
 * replica is served within `limits.keys_poll_ms`; requests never read the store.
 *
 * @example const sync = new LiveModelSync(stores.models, locals, log); await sync.refresh();
 */
export class LiveModelSync {
  private revision: number | undefined;
  /** One refresh at a time: the poll and a change made on this replica may ask together. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: ModelRegistry,
    private readonly locals: ReadonlyMap<string, LocalRoute>,
    private readonly log: Log = () => undefined,
  ) {}

  /** Loads what changed since the last call; a route that failed to load is tried again next time. */
  refresh(): Promise<void> {
    const run = this.queue.then(() => this.refreshNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<void> {
    if (this.locals.size === 0) return;
    const revision = await this.registry.revision();
    if (revision === this.revision) return;
    let failed = false;
    for (const local of this.locals.values()) {
      await local.syncLive().catch((error: unknown) => {
        failed = true;
        this.log(`local model ${local.route}: cannot load the registry's live version, still serving ${local.liveVersion === null ? 'none' : `v${local.liveVersion}`}: ${(error as Error).message}`, { level: 'warn' });
      });
    }
    if (!failed) this.revision = revision;
  }
}
