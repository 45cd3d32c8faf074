import type { CacheStats } from '../../cache/cache-store.js';
import type { CacheHeld } from '../../gateway/stages/cache-answers.js';
import type { TargetStatus } from '../../routing/target-health.js';
import { sendJson } from './http-kit.js';
import type { Router } from './router.js';

export interface ProviderApiDeps {
  /** Every target's circuit, latency and requests in flight. */
  targets: () => TargetStatus[];
  cache: { stats(): Promise<CacheStats>; clear(): Promise<void> };
  /** What this gateway process keeps in memory beside the store (decoded answers, semantic questions): per replica, unlike the store's. */
  cacheHeld: () => CacheHeld;
  /** The model and route names the config opts into the cache (`cache.routes`; "*" is every name): none means it is off. */
  cachedNames: readonly string[];
}

/**
 * `GET /api/providers`: each target's circuit breaker (closed, open, half open; failures in the
 * window; when it is probed next), recent latency and load, and the response cache's size and
 * the names it caches.
 * `DELETE /api/cache` empties the response cache.
 */
export function providerRoutes<P>(router: Router<P>, deps: ProviderApiDeps): void {
  router.get('/api/providers', async ({ res }) => {
    let cache: CacheStats | { error: string };
    try {
      cache = await deps.cache.stats();
    } catch (error) {
      cache = { error: `the cache store did not answer: ${(error as Error).message}` };
    }
    sendJson(res, 200, { targets: deps.targets(), cache, cacheHeld: deps.cacheHeld(), cachedNames: deps.cachedNames });
  });
  router.delete('/api/cache', async ({ res }) => {
    await deps.cache.clear();
    sendJson(res, 200, { cleared: true });
  });
}
