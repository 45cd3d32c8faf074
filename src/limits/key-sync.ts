import type { KeyStore } from './key-store.js';
import type { KeyRegistry } from './keys.js';
import type { Log } from '../core/log.js';

/**
 * Keeps a replica's KeyRegistry in step with the runtime keys in the store: every `intervalMs`
 * it reads the revision (one row), and reloads the keys and teams only when it moved. A key
 * revoked on any replica is therefore refused here within one interval plus one read. Off the
 * request path: requests only ever read the registry's in-memory maps.
 *
 * @example const sync = new KeySync(stores.keys, registry, { intervalMs: 500, log }); await sync.start(); … sync.stop();
 */
export class KeySync {
  private revision = -1;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;
  private pollFailing = false;
  /** When the registry last matched the store (ms since the epoch), for /health. */
  lastSyncedAt = 0;

  constructor(
    private readonly store: KeyStore,
    private readonly registry: KeyRegistry,
    private readonly options: {
      intervalMs: number;
      log?: Log;
      /** Runs after each reload (what else the revision covers: provider credentials); its failure is logged, never fatal. */
      onReload?: () => Promise<void>;
      /**
       * Runs on every poll after the keys (other state replicas share: the local models' live
       * versions); its failure is logged once until it recovers, and never stops the key poll.
       */
      onPoll?: () => Promise<void>;
    },
  ) {}

  /** Loads the keys once (failing loudly: a replica must not start without them), then polls. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reloads if the store changed; also called right after a change made on this replica. */
  async refresh(): Promise<void> {
    const revision = await this.store.revision();
    if (revision === this.revision) {
      this.lastSyncedAt = Date.now();
      return;
    }
    const snapshot = await this.store.snapshot();
    this.registry.replaceStored(snapshot.keys, snapshot.teams);
    this.revision = snapshot.revision;
    this.lastSyncedAt = Date.now();
    await this.options.onReload?.().catch((error: unknown) => this.options.log?.(`after reloading runtime keys: ${(error as Error).message}`, { level: 'error' }));
  }

  private async afterPoll(): Promise<void> {
    if (!this.options.onPoll) return;
    try {
      await this.options.onPoll();
      this.pollFailing = false;
    } catch (error) {
      if (!this.pollFailing) this.options.log?.(`cannot read shared state from the store (changes made elsewhere are not seen until it is back): ${(error as Error).message}`, { level: 'warn' });
      this.pollFailing = true;
    }
  }

  private async poll(): Promise<void> {
    if (this.running) return;
    this.running = this.refresh()
      .then(() => {
        if (this.failing) this.options.log?.('key store reachable again; runtime keys are in sync');
        this.failing = false;
      })
      .catch((error: unknown) => {
        // The keys already loaded keep working; say once that changes are not arriving.
        if (!this.failing) this.options.log?.(`cannot read runtime keys from the store (changes made elsewhere are not seen until it is back): ${(error as Error).message}`, { level: 'warn' });
        this.failing = true;
      })
      .then(() => this.afterPoll())
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
