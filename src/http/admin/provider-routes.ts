import type { CacheStats } from '../../cache/cache-store.js';
import type { TargetStatus } from '../../routing/target-health.js';
import { sendJson } from './http-kit.js';
import type { Router } from './router.js';

export interface ProviderApiDeps {
  /** Every target's circuit, latency and requests in flight. */
  targets: () => TargetStatus[];
  cache: { stats(): Promise<CacheStats>; clear(): Promise<void> };
}

/**
 * `GET /api/providers`: each target's circuit breaker (closed, open, half open; failures in the
 * window; when it is probed next), recent latency and load, and the response cache's size.
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
    sendJson(res, 200, { targets: deps.targets(), cache });
  });
  router.delete('/api/cache', async ({ res }) => {
    await deps.cache.clear();
    sendJson(res, 200, { cleared: true });
  });
}
