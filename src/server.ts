/**
 * Composition root: the only place that picks concrete adapters (the store through
 * `openStores`, memory or Redis limits, undici providers) and wires them into the gateway and the
 * HTTP server.
 */
import { sha256 } from './core/sha256.js';
import { stableJson } from './cache/cache-key.js';
import { lastUserText } from './review/last-user-text.js';
import { teacherLabel } from './local/serving/teacher-label.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { knowledgeFileFor } from './config/default-store.js';
import type { Config, ProviderConfig } from './config/schema.js';
import { type Clock, systemClock } from './core/clock.js';
import { methodNotAllowed, SwitchyardError, toSwitchyardError } from './core/errors.js';
import { newId } from './core/ids.js';
import { listenError } from './core/listen-error.js';
import { Gateway } from './gateway/gateway.js';
import { ModelClient } from './gateway/model-client.js';
import type { Call } from './gateway/call.js';
import { type GuardSlot, openGuardSlot, policySelector } from './gateway/guard/guard-slot.js';
import { OpenBases } from './gateway/knowledge/open-bases.js';
import { openRouteSlot } from './gateway/route-slot.js';
import { openKnowledgeStore } from './store/open-knowledge-store.js';
import type { LocalRoute } from './local/serving/local-route.js';
import { type LocalModelState, routeReports, routeShapes } from './monitor/route-report.js';
import { branchAliases, withBranchAliases } from './monitor/branch-aliases.js';
import { createControlPlane, isLoopbackHost } from './http/control-plane.js';
import { createDataPlane, isDataPlanePath } from './http/data-plane.js';
import { InFlightCalls } from './http/in-flight-calls.js';
import { sendError } from './http/error-response.js';
import { createResponsesSocket } from './http/responses-socket/responses-socket.js';
import type { SocketLifetimeLimits } from './http/responses-socket/socket-lifetime.js';
import { upgradeListener } from './http/upgrade.js';
import { parseRequestTarget } from './core/request-target.js';
import { formatOfLostClient, notFound } from './http/not-found.js';
import { requestOrigin } from './http/request-origin.js';
import { TrustedProxies } from './http/client-address.js';
import { KeyRegistry, toRateLimit, toVirtualKey } from './limits/keys.js';
import type { LimitStore } from './limits/limit-store.js';
import { KeyManager } from './limits/manage-keys.js';
import { KeySync } from './limits/key-sync.js';
import { LiveModelSync } from './local/serving/live-model-sync.js';
import { DEFAULT_BAR } from './local/registry/manage-models.js';
import { PendingDemotionFile, pendingDemotionsFile } from './local/serving/pending-demotions.js';
import { ProviderCredentials, withProviderCredentials } from './limits/provider-credentials.js';
import { sealingKeyFromEnv } from './core/seal.js';
import { MemoryLimitStore } from './limits/memory-limit-store.js';
import { RedisLimitStore } from './limits/redis-limit-store.js';
import { redactUrl } from './core/redact-url.js';
import { selectNamedDatabase } from './store/redis-database.js';
import { describeSchemaAhead } from './store/schema-ahead.js';
import { redisDatabase } from './config/redis-url.js';
import { createProvider } from './providers/registry.js';
import type { ChatProvider } from './providers/spec.js';
import { ModelCatalog } from './routing/catalog.js';
import { TargetHealth } from './routing/target-health.js';
import { type LocalModelReviews, localModelReviews } from './review/local-model-reviews.js';
import type { CacheStore } from './cache/cache-store.js';
import { openCacheStore } from './store/open-cache-store.js';
import { cacheAnswers, type CacheHeld } from './gateway/stages/cache-answers.js';
import { purgeCopies } from './store/purge-copies.js';
import { eraseCopies } from './store/erase-copies.js';
import { answerSources } from './cache/answer-source.js';
import { embedForCache } from './gateway/stages/embed-for-cache.js';
import { SemanticMatcher } from './gateway/stages/semantic-match.js';
import { hashedEmbedder, meaningHashedEmbedder } from './knowledge/embed/hashed-embedder.js';
import type { TraceStore } from './core/trace-store.js';
import { seedFromTraces } from './limits/key-spend-usage.js';
import { SpendSource } from './limits/spend-source.js';
import { openStores } from './store/open-stores.js';
import type { StartWait } from './store/postgres/connect.js';
import type { Stores } from './store/stores.js';
import type { TraceWriter } from './store/trace-writer.js';
import { type OpenedTraceWriter, openTraceWriter } from './store/open-trace-writer.js';
import { MonitorWorker } from './monitor/monitor-worker.js';
import { buildOnlineEvaluators } from './monitor/online/online-eval.js';
import { InProcessCaller } from './evals/client/in-process-caller.js';
import { openTelemetry, type Telemetry } from './monitor/open-telemetry.js';
import { createMetricsEndpoint } from './http/metrics-endpoint.js';
import { createOtlpEndpoint } from './http/otlp-endpoint.js';
import { healthStatus, type LimitHealth } from './http/health-status.js';
import { jsonDocument } from './core/json-document.js';
import { TraceRetentionJob } from './monitor/trace-retention.js';
import { retentionReport } from './monitor/retention-report.js';
import { tokenCountThread } from './tokens/token-count-thread.js';
import { countOf } from './core/plural.js';
import { answerClientError } from './http/client-error.js';
import { type Log, withFields } from './core/log.js';
import { timedOut } from './core/timed-out.js';

export { openStores } from './store/open-stores.js';
export { traceSinks } from './store/trace-sinks.js';

export interface ServerOptions {
  /** Overrides config.server.port (0 = any free port). */
  port?: number;
  host?: string;
  log?: Log;
  /** Time for the request path (breakers, limits, cache TTLs, routes); tests inject one to step time. */
  clock?: Clock;
  /** The Responses WebSocket's idle timeout and maximum age (10 and 60 minutes); tests inject short ones. */
  socketLifetime?: SocketLifetimeLimits;
  /** How long to wait at start for a PostgreSQL store that is not up yet (`STORE_START_WAIT_MS`); tests shorten it. */
  storeWait?: Pick<StartWait, 'retryEveryMs' | 'noticeAfterMs'> & { waitMs: number };
  /** Model names known but not served, with why (`unservedBuiltIns`): their 404 says it. */
  unservedModels?: ReadonlyMap<string, string>;
}

/**
 * How long `serve` waits at start for a PostgreSQL that refuses connections or is still starting:
 * long enough for a database started beside it, short enough that a wrong host or port is told.
 */
export const STORE_START_WAIT_MS = 30_000;

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  store: TraceStore;
  /** Every storage port, on the configured backend. */
  stores: Stores;
  traces: TraceWriter;
  gateway: Gateway;
  /** The background monitor (topics, online evaluation, drift, alerts); `runOnce()` runs a pass now. */
  monitor: MonitorWorker;
  /** The virtual keys in force: the config file's and the runtime ones (kept in sync with the store). */
  keys: KeyRegistry;
  /** The local task models of routes that have one (tests and tools retrain them directly). */
  locals: ReadonlyMap<string, LocalRoute>;
  /** Rate limits and budgets (with Redis, tests run its sweep of owed spend now: `payOwed`, not a 5 s wait for the timer's). */
  limits: LimitStore;
  /**
   * Stops accepting (keep-alive clients are told to reconnect), lets in-flight requests finish
   * for up to `deadlineMs` (default `server.shutdown_timeout_ms`), cuts off the rest, and writes
   * every trace.
   */
  close(deadlineMs?: number): Promise<void>;
}

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

/** Opens the stores, providers and pipeline for a validated config. */
export async function openGatewayCore(config: Config, log: Log = () => undefined, options: { telemetry?: boolean; clock?: Clock; storeWait?: StartWait; unservedModels?: ReadonlyMap<string, string> } = {}): Promise<GatewayCore> {
  const clock = options.clock ?? systemClock;
  // Metrics and spans are the server's: in-process evals and CLI commands don't export them.
  const telemetry = options.telemetry ? await openTelemetry(config, process.env, withFields(log, { component: 'otel' })) : undefined;
  const stores = await openStores(config.store, options.storeWait ? { wait: options.storeWait } : {});
  // A replica rolled back (or not upgraded yet) on a schema a newer one migrated says so once.
  const aheadLine = describeSchemaAhead(stores.ahead ?? []);
  if (aheadLine) log(`store: ${aheadLine}`, { level: 'warn', component: 'store' });
  const fileProviders = config.providers;
  let applied = new Map<string, string>();
  try {
    // Sealed credentials (in the file, or added at runtime) are opened here and in syncCredentials.
    const stored = await stores.keys.credentials();
    config = withProviderCredentials(config, stored, sealingKeyFromEnv());
    applied = new Map(stored.map((c) => [c.provider, c.sealed]));
  } catch (error) {
    await stores.close();
    throw error;
  }
  const providers = new Map<string, ChatProvider>(Object.entries(config.providers).map(([name, p]) => [name, createProvider(name, p)]));
  const catalog = new ModelCatalog(config, providers, options.unservedModels);
  const keys = new KeyRegistry(
    config.keys.map(toVirtualKey),
    config.teams.map((team) => ({ name: team.name, budget: team.budget ?? null, rateLimit: toRateLimit(team.rate_limit), source: 'config' as const })),
  );
  const store = stores.traces;
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  /**
   * A credential stored (or deleted) through any replica reaches this one's providers at the
   * same poll as key changes: the provider is built again with it and its headers swapped in.
   */
  const syncCredentials = async (): Promise<void> => {
    const stored = await stores.keys.credentials();
    const current = new Map(stored.map((c) => [c.provider, c.sealed]));
    for (const name of new Set([...applied.keys(), ...current.keys()])) {
      if (applied.get(name) === current.get(name)) continue;
      const provider = providers.get(name);
      const base = fileProviders[name];
      if (!provider?.useCredentialsOf || !base) continue;
      try {
        const opened = withProviderCredentials({ ...config, providers: { [name]: base } }, stored.filter((c) => c.provider === name), sealingKeyFromEnv());
        const fresh = createProvider(name, opened.providers[name] as ProviderConfig);
        provider.useCredentialsOf(fresh);
        await fresh.close();
        log(`provider "${name}": now using ${current.has(name) ? 'the credential stored at runtime' : "the config file's credential"}`, { component: 'providers', provider: name });
      } catch (error) {
        log(`provider "${name}": the changed credential cannot be used, keeping the previous one: ${(error as Error).message}`, { level: 'error', component: 'providers', provider: name });
        current.set(name, applied.get(name) as string);
      }
    }
    applied = current;
  };
  // Set once the route slot is open: local models' live versions ride the same poll as keys.
  let liveModels: LiveModelSync | undefined;
  const keySync = new KeySync(stores.keys, keys, { intervalMs: config.limits.keys_poll_ms, log: withFields(log, { component: 'key-sync' }), onReload: syncCredentials, onPoll: async () => liveModels?.refresh() });
  try {
    await keySync.start();
    redis = config.limits.store === 'redis' ? await connectRedis(config.limits.redis_url, config.limits.on_error, withFields(log, { component: 'limits' })) : undefined;
  } catch (error) {
    keySync.stop();
    await stores.close();
    throw error;
  }
  // Budgets are seeded from the trace store: a failed read names that store, not the limit store.
  const spendSource = new SpendSource(seedFromTraces(stores.spend), 'postgres' in config.store ? 'postgres' : 'sqlite');
  const seed = spendSource.seed;
  // A hold outlives the longest a call may take (timeouts.total_ms) by a minute: then it can only
  // belong to a call whose replica died, and it lapses.
  const holdMs = config.timeouts.total_ms + 60_000;
  // What calls served during a Redis outage owe is kept in the store every replica shares, so it
  // is paid once Redis is back even when the replica that served them is gone by then.
  const limits = redis ? new RedisLimitStore(redis, seed, config.limits.redis_prefix, holdMs, stores.owed) : new MemoryLimitStore(seed, holdMs);
  const keyManager = new KeyManager(stores.keys, new Set(config.keys.map((key) => key.name)), Date.now, new Set(config.teams.map((team) => team.name)));
  const credentials = new ProviderCredentials(stores.keys, sealingKeyFromEnv(), new Set(Object.keys(config.providers)));
  const cache = await openCacheStore(config.cache, clock, withFields(log, { component: 'cache' }));
  const health = new TargetHealth(config.breaker, clock);
  let opened: Awaited<ReturnType<typeof openTraceWriter>>;
  try {
    opened = await openTraceWriter(stores, config.traces, config.store, withFields(log, { component: 'trace-writer' }), config.review);
  } catch (error) {
    keySync.stop();
    if (limits instanceof RedisLimitStore) await limits.close();
    await stores.close();
    redis?.disconnect();
    throw error;
  }
  const traces = opened.writer;
  let models: ModelClient | undefined;
  const guards = await openGuardSlot(config.guardrails, { log: withFields(log, { component: 'guardrails' }), models: () => models as ModelClient });
  const guardPolicy = policySelector(config.guardrails.apply, guards.policies);
  // A policy's name and a digest of what it says: cached answers a policy checked are not served
  // once it says otherwise (a banned word added), from a persistent cache or another replica's.
  const policyScopes = new Map(Object.entries(config.guardrails.policies).map(([name, policy]) => [name, `${name}:${sha256(stableJson(policy), 'hex').slice(0, 16)}`]));
  const guardScope = (call: Call) => {
    const name = guardPolicy(call)?.name;
    // A key's or team's policy combined with a route's (`care+support-intent`) is scoped by both digests.
    return name === undefined ? '' : name.split('+').map((part) => policyScopes.get(part) ?? part).join('+');
  };
  // Each grounded route's base, whose published version is part of its cached answers' keys.
  const groundedIn = new Map(Object.entries(config.routes).flatMap(([name, route]) => (route.options.knowledge ? [[name, route.options.knowledge.base] as const] : [])));
  // Opened on the first retrieval: a gateway whose routes ground in nothing never touches it.
  const knowledgeFile = 'postgres' in config.store ? undefined : resolve(knowledgeFileFor(config.store.sqlite));
  const knowledge = new OpenBases(() => openKnowledgeStore(config.store), withFields(log, { component: 'knowledge' }), knowledgeFile);
  // Local answers a shadow check contradicted go to review, capped per route (review.disagreements); demotions as flags.
  const localReviews = localModelReviews({ reviews: stores.reviews, caps: config.review.disagreements, now: () => clock.now(), log: withFields(log, { component: 'review' }) });
  const pendingFile = pendingDemotionsFile(config.store);
  const routeSlot = await openRouteSlot({
    knowledge,
    keepBodies: config.traces.bodies === 'full',
    routes: config.routes,
    catalog,
    registry: stores.models,
    examples: stores.examples,
    models: () => models as ModelClient,
    clock,
    random: Math.random,
    log: withFields(log, { component: 'local-models' }),
    onDisagree: localReviews.disagreed,
    onDemote: localReviews.demoted,
    ...(guards.checkAnswer ? { checkAnswer: guards.checkAnswer } : {}),
    ...(guards.restoreAnswerText ? { restoreAnswerText: guards.restoreAnswerText } : {}),
    ...(pendingFile ? { pendingDemotions: new PendingDemotionFile(pendingFile, withFields(log, { component: 'local-models' })) } : {}),
  });
  liveModels = new LiveModelSync(stores.models, routeSlot.locals, withFields(log, { component: 'local-models' }));
  // A route's first 32 local answers are counted (what the teacher would have cost), then 1 in
  // 16: load the tokenizer now, so its first burst of answers does not wait on the load.
  if (routeSlot.locals.size > 0) await tokenCountThread().ready();
  const cacheStage = Object.keys(config.cache.routes).length > 0 ? cacheAnswers({ store: cache, config: config.cache, clock, log: withFields(log, { component: 'cache' }), scopeOf: guardScope, ...(groundedIn.size > 0 ? { variantOf: (call: Call) => knowledgeVersion(knowledge, groundedIn, call) } : {}), sources: answerSources(config), priceOf: (provider, model) => catalog.priceOf(provider, model), semantic: new SemanticMatcher(embedForCache(() => models as ModelClient, { 'hashed-v2': meaningHashedEmbedder(256), hashed: hashedEmbedder(256) })), ...(guards.unrestorable ? { unrestorable: guards.unrestorable } : {}) }) : undefined;
  const gateway = new Gateway({
    catalog,
    keys,
    limits,
    limitOptions: { onStoreError: config.limits.on_error, unpriced: config.limits.unpriced, defaultMaxOutputTokens: config.limits.default_max_output_tokens },
    traces: opened.sink,
    keepBodies: config.traces.bodies === 'full',
    clock,
    random: Math.random,
    slots: {
      guardIn: guards.guardIn,
      cache: cacheStage ? [cacheStage.stage] : [],
      route: routeSlot.stages,
      guardOut: guards.guardOut,
      ...(guards.countBody ? { countBody: guards.countBody } : {}),
    },
    health,
    responses: stores.responses,
    log: withFields(log, { component: 'gateway' }),
    observers: telemetry?.observers,
    tracing: telemetry?.tracing,
  });
  telemetry?.metrics?.watch({ writer: () => ({ pending: traces.pending, written: traces.totalWritten, lagging: traces.lagging }) });
  models = new ModelClient(gateway);
  return {
    gateway,
    models,
    locals: routeSlot.locals,
    syncLiveModels: async () => liveModels?.refresh(),
    localReviews,
    knowledge,
    cache,
    cacheHeld: () => cacheStage?.held() ?? { answers: 0, questions: 0 },
    ...(guards.pseudonyms ? { pseudonyms: guards.pseudonyms } : {}),
    health,
    catalog,
    keys,
    keySync,
    keyManager,
    credentials,
    limits,
    limitHealth: async () => {
      const [reachable, source] = await Promise.all([redis ? redis.ping().then(() => true, () => false) : true, spendSource.health()]);
      return { store: config.limits.store, reachable, on_error: config.limits.on_error, ...(source ? { spend_source: source } : {}) };
    },
    stores,
    store,
    traces,
    retentionStores: opened.retentionStores,
    telemetry,
    close: async () => {
      keySync.stop();
      await routeSlot.close();
      await localReviews.settled();
      await opened.close();
      await telemetry?.close();
      await knowledge.close();
      if (limits instanceof RedisLimitStore) await limits.close();
      await stores.close();
      await cache.close();
      await Promise.all([...providers.values()].map((p) => p.close()));
      redis?.disconnect();
    },
  };
}

/** Starts the gateway for a validated config. Resolves once it is listening. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  // One clock for the calls' times and the jobs that read them back (monitor, retention, erasure).
  const clock = options.clock ?? systemClock;
  const storeWait: StartWait = {
    ...(options.storeWait ?? { waitMs: STORE_START_WAIT_MS }),
    onWait: (message) => log(message, { level: 'warn', component: 'store' }),
  };
  const core = await openGatewayCore(config, log, { telemetry: true, clock, storeWait, ...(options.unservedModels ? { unservedModels: options.unservedModels } : {}) });
  const { gateway, catalog, keys, limits, stores, store, traces } = core;
  let monitor: MonitorWorker;
  try {
    monitor = await startMonitor(config, core, clock, log);
  } catch (error) {
    await core.close();
    throw error;
  }
  // What both model-call transports need: the HTTP data plane and OpenAI's Responses WebSocket mode (the Codex CLI's).
  const transportOptions = {
    gateway,
    keys,
    bodyLimitBytes: Math.round(config.server.body_limit_mb * 1024 * 1024),
    totalTimeoutMs: config.timeouts.total_ms,
    durableTraces: config.traces.durability === 'sync',
  };
  const modelCallsInFlight = new InFlightCalls();
  const dataPlane = createDataPlane({ ...transportOptions, inFlight: modelCallsInFlight });
  const responsesSocket = createResponsesSocket({ ...transportOptions, lifetime: options.socketLifetime });
  // Route totals stored before 2026-12-04 name a branch by its upstream model, read as its target; up to
  // 2026-12-06 the gateway's own branches without parentheses (`local`), read as today's (`(local)`).
  const rollupReader = withBranchAliases(stores.rollups, () => branchAliases(config.models, config.routes));
  // Who a request came from behind a load balancer: the admin throttle, audit lines, a hint's scheme.
  const proxies = new TrustedProxies(config.server.trusted_proxies, config.server.client_ip_header);
  const controlPlane = createControlPlane({
    stores,
    rollupReader,
    writer: traces,
    keys,
    limits,
    keyManager: core.keyManager,
    credentials: core.credentials,
    onKeysChanged: () => core.keySync.refresh(),
    limitHealth: core.limitHealth,
    configuredModels: [...Object.keys(config.models), ...Object.keys(config.routes)],
    configuredRoutes: Object.keys(config.routes),
    adminKey: config.server.admin_key,
    reviewerKey: config.server.reviewer_key,
    host: options.host ?? config.server.host,
    providers: { targets: () => core.health.snapshot(), cache: core.cache, cacheHeld: core.cacheHeld, cachedNames: Object.keys(config.cache.routes) },
    knowledge: { store: () => core.knowledge.readStore(), changed: (name) => core.knowledge.refreshNow(name), purged: (name, docIds) => purgeCopies({ stores, cache: core.cache, flushTraces: () => traces.flush() }, { base: name, docIds, at: clock.now() }), present: () => core.knowledge.file === undefined || existsSync(core.knowledge.file), file: core.knowledge.file },
    erasure: {
      erase: (match, how) => eraseCopies({ stores, cache: core.cache, flushTraces: () => traces.flush(), flushExamples: () => examplesWritten(core) }, match, { at: clock.now(), dryRun: how.dryRun }),
      ...(core.pseudonyms ? { pseudonyms: core.pseudonyms } : {}),
    },
    models: {
      registry: stores.models,
      // The configured task's bar; a route this config has no task for is held to the task defaults.
      barFor: (route) => {
        const task = config.routes[route]?.options.task;
        return task ? { minPrecision: task.min_precision, minCoverage: task.min_coverage } : DEFAULT_BAR;
      },
      onChanged: () => core.syncLiveModels(),
      configuredRoutes: Object.keys(config.routes),
      onDemoted: async (route, reason) => {
        core.localReviews.demoted(route, reason, null, true);
        await core.localReviews.settled();
      },
    },
    sessionIdleMs: config.server.session_idle_minutes * 60_000,
    sessionMaxAgeMs: config.server.session_max_hours * 3_600_000,
    audit: (line, fields) => log(`audit: ${line}`, { component: 'audit', ...fields }),
    proxies,
    retention: retentionReport(config.traces.retention, config.keys.some((k) => k.budget !== undefined), config.monitoring.keep_days),
    monitoring: { monitor: stores.monitor, config: config.monitoring },
    routeReports: (range) => routeReports(rollupReader, routeShapes(config.routes), range, localStates(core.locals)),
    onCorrection: async (traceId, corrected) => {
      for (const local of core.locals.values()) {
        const label = await local.correct(traceId, corrected);
        if (label !== undefined) return { route: local.route, label };
      }
      // A call its route answered locally kept no example to correct: the correction becomes one.
      const trace = await store.getTrace(traceId);
      const local = trace ? core.locals.get(trace.requestedModel) : undefined;
      const label = trace && local ? local.teach(lastUserText(trace.request), corrected, traceId) : undefined;
      return local && label !== undefined ? { route: local.route, label } : undefined;
    },
    onUncorrection: async (traceId) => {
      for (const local of core.locals.values()) if (await local.uncorrect(traceId)) return { route: local.route };
      return undefined;
    },
    correctionLabel: (route, corrected) => {
      const local = core.locals.get(route);
      const labels = local?.task.labels;
      return local && labels ? { labels, label: teacherLabel(corrected, local.task) } : undefined;
    },
  });

  const metrics = core.telemetry?.metrics;
  const serveMetrics = metrics
    ? createMetricsEndpoint({ metrics, token: config.metrics.token, public: config.metrics.public, adminKey: config.server.admin_key, reviewerKey: config.server.reviewer_key, loopback: isLoopbackHost(options.host ?? config.server.host), keys, sessions: stores.sessions, reviewers: stores.reviewers, proxies })
    : undefined;
  let modelCalls = 0;
  metrics?.watch({ inFlight: () => modelCalls, targets: () => core.health.snapshot() });
  const serveOtlp = createOtlpEndpoint({ spans: stores.spans, keys, adminKey: config.server.admin_key, bodyLimitBytes: Math.round(config.server.body_limit_mb * 1024 * 1024) });
  const retention = config.traces.retention
    ? new TraceRetentionJob({
        // On the trace-write thread where there is one (SQLite: a statement there holds no request).
        ...(core.retentionStores ?? { store, spans: stores.spans, signals: stores.monitor, compact: stores.compact?.bind(stores) }),
        policy: config.traces.retention,
        // Read at each pass: keys and teams created at runtime (on any replica) keep their period's traces too.
        get budgets() {
          const ofKeys = keys.all.flatMap((k) => (k.budget ? [{ key: { id: k.id, name: k.name, createdAt: k.createdAt }, period: k.budget.period }] : []));
          return [...ofKeys, ...keys.teams.flatMap((t) => (t.budget ? [{ team: t.name, period: t.budget.period }] : []))];
        },
        clock,
        log: withFields(log, { component: 'retention' }),
      })
    : undefined;

  // Where the gateway listens, for hints that show a base URL to a request without a usable Host.
  let listening = `http://${options.host ?? config.server.host}:${options.port ?? config.server.port}`;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let draining = false;
  const route = (req: IncomingMessage, res: ServerResponse, settle: () => void): void => {
    const target = parseRequestTarget(req.url ?? '/');
    const { path } = target;
    if (draining) {
      // Keep-alive clients learn to reconnect (to another replica) instead of queueing here.
      res.setHeader('connection', 'close');
      if (path === '/health') {
        settle();
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(jsonDocument({ status: 'draining', in_flight: inFlight - 1, pending_traces: traces.pending }));
        return;
      }
      if (isDataPlanePath(path)) {
        settle();
        throw new SwitchyardError('unavailable', 'the gateway is shutting down: retry, and the next attempt goes to a running replica', { retryAfter: 1 });
      }
    }
    if (isDataPlanePath(path)) {
      const traced = dataPlane(req, res, path);
      if (traced) {
        modelCalls++;
        void traced.finally(() => {
          modelCalls--;
          settle();
        });
      } else settle();
      return;
    }
    settle();
    if (path === '/health' && req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 'openai', methodNotAllowed(path, req.method, ['GET']), newId('req'));
      return;
    }
    if (path === '/health') {
      void Promise.all([core.limitHealth(), traces.backlog().catch(() => null)]).then(([limitState, traceBacklog]) => {
        // 200 even when degraded: see healthStatus.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          jsonDocument({
            ...healthStatus(limitState, { failing: traces.storeFailing, pending: traces.pending, now: Date.now() }),
            models: catalog.names.length,
            pending_traces: traces.pending,
            // Traces whose writing is not over (views included): 0 once the writer is idle.
            trace_backlog: traceBacklog,
            limits: limitState,
            keys: { synced_ms_ago: Date.now() - core.keySync.lastSyncedAt },
          }),
        );
      });
      return;
    }
    if (path === '/metrics' && serveMetrics) {
      void serveMetrics(req, res);
      return;
    }
    if (path === '/v1/traces') {
      void serveOtlp(req, res);
      return;
    }
    if (controlPlane(req, res, path, target.url)) return;
    const format = formatOfLostClient(path, req.headers);
    sendError(res, format, notFound(req.method, path, requestOrigin(req.headers.host, proxies.clientOf(req).https, listening), format), newId('req'));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A request counts as in flight until its response closed and, for model calls, its trace is queued.
    inFlight++;
    let pending = 2;
    const settle = () => {
      if (--pending > 0) return;
      inFlight--;
      if (inFlight === 0) drained?.();
    };
    res.once('close', settle);
    // The error boundary: nothing a client sends may take the process down.
    try {
      route(req, res, settle);
    } catch (thrown) {
      if (pending === 2) settle();
      const error = toSwitchyardError(thrown);
      // The path only: a query string may carry a token (`?key=…`), and logs outlive requests.
      if (error.status >= 500) {
        const path = (req.url ?? '').split('?')[0]?.slice(0, 200) ?? '';
        log(`request ${req.method} ${JSON.stringify(path)} failed`, { level: 'error', component: 'http', method: req.method, path, status: error.status, error: thrown instanceof Error ? thrown : error.message });
      }
      sendError(res, formatOfLostClient(req.url ?? '/', req.headers), error, newId('req'));
    }
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  server.on('upgrade', upgradeListener(responsesSocket.upgrade, (req, res) => server.emit('request', req, res)));

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host ?? config.server.host}:${options.port ?? config.server.port}`;
      reject(listenError(error, where));
    });
    server.listen(options.port ?? config.server.port, options.host ?? config.server.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  }).catch(async (error: unknown) => {
    // Nothing started: release what did open (a PostgreSQL pool would keep the process alive).
    await monitor.stop();
    await core.close();
    throw error;
  });
  retention?.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  listening = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (deadlineMs = config.server.shutdown_timeout_ms) => {
    closing ??= (async () => {
      draining = true;
      const idle = new Promise<void>((resolve) => {
        drained = resolve;
        if (inFlight === 0) resolve();
      });
      server.close();
      server.closeIdleConnections();
      // WebSockets are no longer the HTTP server's connections: they drain on their own.
      const sockets = responsesSocket.close(deadlineMs);
      if (await timedOut(idle, deadlineMs)) {
        log(`shutdown: ${countOf(inFlight, 'request')} still in flight after ${deadlineMs} ms; cutting them off`, { level: 'warn', component: 'shutdown' });
        // Model calls end as aborted calls do: a 503, or an error event mid-stream, that says why,
        // and a trace that says so too. Closing their sockets first made each read as a client
        // that left (499, client_closed) and the client's SDK saw only a broken connection.
        modelCallsInFlight.abortAll(() => shutdownCutOff(deadlineMs));
        await timedOut(idle, 1_000);
        // Whatever did not end on its own (another kind of request, a client not reading) is cut;
        // the pipeline sees the client gone and each call still leaves a trace.
        server.closeAllConnections();
        await timedOut(idle, 1_000);
      }
      server.closeAllConnections();
      await sockets;
      await retention?.stop();
      await monitor.stop();
      await core.close();
    })();
    return closing;
  };
  return { url: listening, port: address.port, server, store, stores, traces, gateway, monitor, keys, locals: core.locals, limits, close };
}

/**
 * The monitoring worker of a server: topics, online evaluation (judges called in-process, so they
 * are routed, budgeted and traced like any call), scheduled drift reports and alert rules.
 */
/** Resolves once every local route's examples of the calls answered so far are stored, and the disagreements their shadow checks flagged are queued for review. */
async function examplesWritten(core: Pick<GatewayCore, 'locals' | 'localReviews'>): Promise<void> {
  await Promise.all([...core.locals.values()].map((local) => local.examplesWritten()));
  await core.localReviews.settled();
}

async function startMonitor(config: Config, core: GatewayCore, clock: Clock, log: Log): Promise<MonitorWorker> {
  const evaluators = await buildOnlineEvaluators(config.monitoring.online_eval, { judges: core.stores.judges });
  const worker = new MonitorWorker({
    config: config.monitoring,
    monitor: core.stores.monitor,
    traces: core.stores.traces,
    routes: () => [...new Set([...Object.keys(config.routes), ...Object.keys(config.models)])],
    evaluators,
    caller: new InProcessCaller(core.models),
    clock,
    random: Math.random,
    log: withFields(log, { component: 'monitor' }),
    budgets: {
      keys: Object.fromEntries(config.keys.flatMap((k) => (k.budget ? [[k.name, k.budget]] : []))),
      teams: Object.fromEntries(config.teams.flatMap((t) => (t.budget ? [[t.name, t.budget]] : []))),
    },
    traceBacklog: () => core.traces.pending,
  });
  worker.start();
  return worker;
}

/** Each route's policy name, for reports. */
/** The running local models' state, as plain data for reports. */
export function localStates(locals: ReadonlyMap<string, LocalRoute>): Record<string, LocalModelState> {
  const out: Record<string, LocalModelState> = {};
  for (const [route, local] of locals) {
    const status = local.status();
    out[route] = {
      liveVersion: status.live?.version ?? null,
      heldOut: status.live ? { precision: status.live.metrics.precision, coverage: status.live.metrics.coverage, accuracy: status.live.metrics.accuracy, examples: status.live.metrics.examples } : null,
      live: { precision: status.shadow.precision, coverage: status.shadow.coverage, shadowed: status.shadow.shadowed },
      examples: status.examples,
      training: status.training,
      waiting: status.waiting,
    };
  }
  return out;
}

/**
 * Why a model call still running at the shutdown's deadline was ended: the client's SDK sees a
 * retryable 503 (or that error event mid-stream) naming the setting that bounds the wait.
 */
function shutdownCutOff(deadlineMs: number): SwitchyardError {
  return new SwitchyardError(
    'unavailable',
    `the gateway shut down before this answer was complete: it waited server.shutdown_timeout_ms (${deadlineMs} ms) for calls in flight; retry, and the next attempt goes to a running replica`,
    { retryAfter: 1 },
  );
}

/**
 * Connects to Redis for shared limits. Redis being away at startup is an outage like any other:
 * the gateway starts, says so, applies `limits.on_error` to calls until the client's own
 * reconnection (every ≤ 2 s) reaches it, and /health shows it meanwhile.
 */
async function connectRedis(url: string, onError: 'open' | 'closed', log: Log) {
  const { Redis } = await import('ioredis');
  // Commands fail fast while Redis is away (no offline queue, a command timeout), so the
  // configured policy (limits.on_error) decides at once instead of requests piling up.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2_000 });
  // connect() rejects with "Connection is closed."; the socket's own error says why (refused, no such host).
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => {
    socketError ??= error;
  });
  try {
    await redis.connect();
  } catch (error) {
    const policy = onError === 'open' ? 'served without limits' : 'refused (503)';
    log(`limits.redis_url: cannot reach ${redactUrl(url)} (${redisConnectProblem(socketError ?? (error as Error), url)}); calls of keys with limits are ${policy} (limits.on_error: ${onError}) until it answers, retrying`, { level: 'error' });
    // Reached later, a server without the URL's database fails only ioredis's own SELECT, which it
    // reports as an event before going on in database 0: stop there, as a start would have.
    redis.on('error', (later: Error) => {
      if (!/DB index is out of range/i.test(later.message)) return;
      log(`limits.redis_url: database ${redisDatabase(url)} does not exist on ${redactUrl(url)} (${later.message}); calls of keys with limits stay ${policy} (limits.on_error: ${onError}): name a database the server has and restart`, { level: 'error' });
      redis.disconnect();
    });
    return redis;
  }
  // A database the server lacks is a mistake in the file, not an outage: ioredis would go on in database 0.
  await selectNamedDatabase(redis, url, 'limits.redis_url').catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  return redis;
}

/**
 * Why a first connection to Redis failed, with what to check when nothing listens there.
 *
 * @example redisConnectProblem(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' }), 'redis://127.0.0.1:6390')
 * // 'connect ECONNREFUSED 127.0.0.1:6390: is Redis running and listening on 127.0.0.1:6390?'
 */
export function redisConnectProblem(error: Error, url: string): string {
  if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') return error.message;
  let where = 'that address';
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    // A URL ioredis took but URL does not: the hint names no address.
  }
  return `${error.message}: is Redis running and listening on ${where}?`;
}

/** A URL without its password (kept here for the CLI's banner, which imports it from the server). */
export { redactUrl };

/**
 * The published version of the knowledge base a grounded route's call retrieves from, for its
 * cache key (`kb:handbook@3`; `kb:handbook@none` while it cannot be opened); '' for other calls.
 */
async function knowledgeVersion(bases: OpenBases, groundedIn: ReadonlyMap<string, string>, call: Call): Promise<string> {
  const base = call.routeName === null ? undefined : groundedIn.get(call.routeName);
  if (base === undefined) return '';
  try {
    return `kb:${base}@${(await bases.get(base)).record.version}`;
  } catch {
    return `kb:${base}@none`;
  }
}
