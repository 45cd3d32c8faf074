import type { Log } from '../core/log.js';

type Release = () => Promise<void> | void;

/**
 * What a start has opened so far, released last-first when a later step fails: a half-started
 * gateway must not leave a PostgreSQL pool, a Redis socket, a timer or a worker thread open, which
 * would keep the process that embeds it (in-process evals, tests) alive. Each step that opens
 * something records how to release it; a failed step releases them all and rethrows its own error.
 * A release that fails is logged and the others still run: the step's error is the one to tell.
 *
 * @example
 * const start = new OpenedSoFar(log);
 * const stores = await start.step(() => openStores(config.store));
 * start.opened('stores', () => stores.close());
 * const redis = await start.step(() => connectRedis(url)); // fails: stores closed, its error rethrown
 */
export class OpenedSoFar {
  readonly #releases: { name: string; release: Release }[] = [];

  constructor(private readonly log: Log = () => undefined) {}

  /** Records how to release something just opened (released before anything opened earlier). */
  opened(name: string, release: Release): void {
    this.#releases.push({ name, release });
  }

  /** Runs a start-up step; when it throws, releases what is open so far, last first, and rethrows. */
  async step<T>(run: () => Promise<T> | T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      await this.releaseAll();
      throw error;
    }
  }

  /** Releases everything recorded, last first (once: a second call finds nothing open). */
  async releaseAll(): Promise<void> {
    for (const { name, release } of this.#releases.splice(0).reverse()) {
      try {
        await release();
      } catch (error) {
        this.log(`start-up failed; releasing ${name} failed too: ${error instanceof Error ? error.message : String(error)}`, { level: 'warn', component: 'start', error });
      }
    }
  }
}
