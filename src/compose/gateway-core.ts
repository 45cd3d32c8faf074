/**
 * What `openGatewayCore` hands back: its own module so the composition steps can name the core
 * they wire (the monitor, the admin API) without importing server.ts, which imports them.
 */
import type { CacheStore } from '../cache/cache-store.js';
import type { TraceStore } from '../core/trace-store.js';
import type { Gateway } from '../gateway/gateway.js';
import type { GuardSlot } from '../gateway/guard/guard-slot.js';
import type { OpenBases } from '../gateway/knowledge/open-bases.js';
import type { ModelClient } from '../gateway/model-client.js';
import type { CacheHeld } from '../gateway/stages/cache-answers.js';
import type { LimitHealth } from '../http/health-status.js';
import type { KeySync } from '../limits/key-sync.js';
import type { KeyRegistry } from '../limits/keys.js';
import type { LimitStore } from '../limits/limit-store.js';
import type { KeyManager } from '../limits/manage-keys.js';
import type { ProviderCredentials } from '../limits/provider-credentials.js';
import type { LocalRoute } from '../local/serving/local-route.js';
import type { Telemetry } from '../monitor/open-telemetry.js';
import type { LocalModelReviews } from '../review/local-model-reviews.js';
import type { ModelCatalog } from '../routing/catalog.js';
import type { TargetHealth } from '../routing/target-health.js';
import type { OpenedTraceWriter } from '../store/open-trace-writer.js';
import type { Stores } from '../store/stores.js';
import type { TraceWriter } from '../store/trace-writer.js';

/** Everything that serves model calls, without HTTP: what `serve` listens with and evals call in-process. */
export interface GatewayCore {
  gateway: Gateway;
  /** Calls the pipeline directly: judges, guards, retrieval and evals use it. */
  models: ModelClient;
  catalog: ModelCatalog;
  /** The knowledge bases routes ground in, opened on first use; the admin API reads them too. */
  knowledge: OpenBases;
  keys: KeyRegistry;
  /** Keeps `keys` in step with the keys and teams created at runtime (every replica polls the store). */
  keySync: KeySync;
  /** Creates, rotates and revokes runtime keys (admin API). */
  keyManager: KeyManager;
  /** Provider credentials added at runtime, sealed with $SWITCHYARD_SECRET_KEY (admin API). */
  credentials: ProviderCredentials;
  limits: LimitStore;
  /** `memory` or `redis`, and whether the last check of the limit store succeeded (for /health). */
  limitHealth: () => Promise<LimitHealth>;
  stores: Stores;
  store: TraceStore;
  traces: TraceWriter;
  /** This process's name on every trace it writes (`$SWITCHYARD_REPLICA`, else host-pid). */
  replica: string;
  /** Retention's stores on the trace-write thread (SQLite), where its statements hold no request; undefined where the gateway's own serve. */
  retentionStores: OpenedTraceWriter['retentionStores'];
  /** The local task models of routes that have one. */
  locals: ReadonlyMap<string, LocalRoute>;
  /** Has the local routes serve the registry's live versions now (after a change on this replica; the others poll). */
  syncLiveModels: () => Promise<void>;
  /** What the local task models send to the review queue (disagreements, demotion flags). */
  localReviews: LocalModelReviews;
  /** The response cache's store (always open; used only for names in `cache.routes`). */
  cache: CacheStore;
  /** What the cache stage holds in memory beside the store (none without cached names). */
  cacheHeld: () => CacheHeld;
  /** The PII policies' keyed pseudonyms of identity fields, for an erasure by a user's id (see GuardSlot). */
  pseudonyms?: GuardSlot['pseudonyms'];
  /** Circuit breakers and latency per target. */
  health: TargetHealth;
  /** Prometheus metrics and OpenTelemetry export (only when opened with `telemetry: true`). */
  telemetry: Telemetry | undefined;
  /** Writes every queued trace and releases connections; call once nothing is in flight. */
  close(): Promise<void>;
}
