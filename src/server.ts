/**
 * Composition root: the only place that picks concrete adapters (the store through
 * `openStores`, memory or Redis limits, undici providers) and wires them into the gateway and the
 * HTTP server. Its two entry points read as their steps, in start order; each step is a module of
 * src/compose/ (nothing else imports those), and each step that can fail releases what the ones
 * before it opened, last first (`OpenedSoFar`).
 */
import type { Server } from 'node:http';
import type { Config } from './config/schema.js';
import { type Clock, systemClock } from './core/clock.js';
import { type Log, withFields } from './core/log.js';
import { redactUrl } from './core/redact-url.js';
import type { TraceStore } from './core/trace-store.js';
import type { Gateway } from './gateway/gateway.js';
import type { SocketLifetimeLimits } from './http/responses-socket/socket-lifetime.js';
import { TrustedProxies } from './http/client-address.js';
import type { KeyRegistry } from './limits/keys.js';
import type { LimitStore } from './limits/limit-store.js';
import type { LiveModelSync } from './local/serving/live-model-sync.js';
import type { LocalRoute } from './local/serving/local-route.js';
import type { MonitorWorker } from './monitor/monitor-worker.js';
import { openTelemetry } from './monitor/open-telemetry.js';
import { ModelCatalog } from './routing/catalog.js';
import { TargetHealth } from './routing/target-health.js';
import { openCacheStore } from './store/open-cache-store.js';
import { openTraceWriter } from './store/open-trace-writer.js';
import type { StartWait } from './store/postgres/connect.js';
import type { Stores } from './store/stores.js';
import type { TraceWriter } from './store/trace-writer.js';
import { connectLimitsRedis } from './compose/connect-redis.js';
import type { GatewayCore } from './compose/gateway-core.js';
import { gracefulClose } from './compose/graceful-close.js';
import { createGatewayServer, listen, listeningAt } from './compose/http-server.js';
import { openKeys } from './compose/open-keys.js';
import { openLimits } from './compose/open-limits.js';
import { openPipeline } from './compose/open-pipeline.js';
import { openProviders, withStoredCredentials } from './compose/open-providers.js';
import { openStoresAtStart } from './compose/open-stores-at-start.js';
import { openModelTransports } from './compose/open-transports.js';
import { OpenedSoFar } from './compose/release-on-failure.js';
import { RequestsInFlight } from './compose/requests-in-flight.js';
import { retentionJob } from './compose/retention-job.js';
import { requestRouter } from './compose/route-request.js';
import { startMonitor } from './compose/start-monitor.js';
import { openTelemetryEndpoints } from './compose/telemetry-endpoints.js';
import { wireControlPlane } from './compose/wire-control-plane.js';
import { replicaName } from './core/replica-name.js';

export { openStores } from './store/open-stores.js';
export { traceSinks } from './store/trace-sinks.js';

export interface ServerOptions {
  /** Overrides config.server.port (0 = any free port). */
  port?: number;
  host?: string;
  log?: Log;
  /** Time for the request path (breakers, limits, cache TTLs, routes, a Responses socket's lifetime); tests inject one to step time. */
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
  /** This process's name on every trace it writes (`$SWITCHYARD_REPLICA`, else host-pid). */
  replica: string;
  gateway: Gateway;
  /** The background monitor (topics, online evaluation, drift, alerts); `runOnce()` runs a pass now. */
  monitor: MonitorWorker;
  /** The virtual keys in force: the config file's and the runtime ones (kept in sync with the store). */
  keys: KeyRegistry;
  /** The local task models of routes that have one (tests and tools retrain them directly). */
  locals: ReadonlyMap<string, LocalRoute>;
  /** The knowledge bases routes ground in, opened on first use. */
  knowledge: GatewayCore['knowledge'];
  /** Rate limits and budgets (with Redis, tests run its sweep of owed spend now: `payOwed`, not a 5 s wait for the timer's). */
  limits: LimitStore;
  /**
   * Stops accepting (keep-alive clients are told to reconnect), lets in-flight requests finish
   * for up to `deadlineMs` (default `server.shutdown_timeout_ms`), cuts off the rest, and writes
   * every trace.
   */
  close(deadlineMs?: number): Promise<void>;
}

export type { GatewayCore } from './compose/gateway-core.js';

/** Opens the stores, providers and pipeline for a validated config. */
export async function openGatewayCore(fileConfig: Config, log: Log = () => undefined, options: { telemetry?: boolean; clock?: Clock; storeWait?: StartWait; unservedModels?: ReadonlyMap<string, string> } = {}): Promise<GatewayCore> {
  const clock = options.clock ?? systemClock;
  // Each step that fails releases what the ones before it opened, last first.
  // Named before anything opens: a bad $SWITCHYARD_REPLICA stops the start with nothing to release.
  const replica = replicaName(process.env);
  const start = new OpenedSoFar(log);
  // Metrics and spans are the server's: in-process evals and CLI commands don't export them.
  const telemetry = options.telemetry ? await openTelemetry(fileConfig, process.env, withFields(log, { component: 'otel' }), replica) : undefined;
  start.opened('telemetry', async () => telemetry?.close());
  const stores = await start.step(() => openStoresAtStart(fileConfig.store, options.storeWait, log));
  start.opened('stores', () => stores.close());
  // Sealed credentials (in the file, or added at runtime) are opened here and at each key reload.
  const stored = await start.step(() => withStoredCredentials(fileConfig, stores.keys));
  const config = stored.config;
  const { providers, syncCredentials } = openProviders(fileConfig.providers, stored, stores.keys, log);
  start.opened('providers', async () => void (await Promise.all([...providers.values()].map((p) => p.close()))));
  const catalog = new ModelCatalog(config, providers, options.unservedModels);
  // Set once the route slot is open: local models' live versions ride the same poll as keys.
  let liveModels: LiveModelSync | undefined;
  const { keys, keySync, keyManager, credentials } = openKeys(config, stores.keys, { onReload: syncCredentials, onPoll: async () => liveModels?.refresh() }, log);
  start.opened('key sync', () => keySync.stop());
  await start.step(() => keySync.start());
  const redis = await start.step(() => connectLimitsRedis(config.limits, log));
  start.opened('limits Redis', () => redis?.disconnect());
  const { limits, limitHealth, close: closeLimits } = openLimits(config, stores, redis);
  start.opened('limits', () => closeLimits());
  const cache = await start.step(() => openCacheStore(config.cache, clock, withFields(log, { component: 'cache' })));
  start.opened('cache', () => cache.close());
  const health = new TargetHealth(config.breaker, clock);
  const opened = await start.step(() => openTraceWriter(stores, config.traces, config.store, withFields(log, { component: 'trace-writer' }), config.review, replica));
  start.opened('trace writer', () => opened.close());
  const traces = opened.writer;
  const pipeline = await start.step(() => openPipeline(config, { stores, catalog, keys, limits, health, cache, traceSink: opened.sink, telemetry, clock, log, onLiveModels: (sync) => (liveModels = sync) }));
  telemetry?.metrics?.watch({ writer: () => ({ pending: traces.pending, written: traces.totalWritten, lagging: traces.lagging }) });
  const { guards, knowledge, cacheStage } = pipeline;
  const { routeSlot, localReviews } = pipeline.local;
  return {
    gateway: pipeline.gateway,
    models: pipeline.models,
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
    limitHealth,
    stores,
    store: stores.traces,
    traces,
    replica,
    retentionStores: opened.retentionStores,
    telemetry,
    close: async () => {
      keySync.stop();
      await routeSlot.close();
      await localReviews.settled();
      await opened.close();
      await telemetry?.close();
      await knowledge.close();
      await closeLimits();
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
  const host = options.host ?? config.server.host;
  const port = options.port ?? config.server.port;
  const core = await openGatewayCore(config, log, { telemetry: true, clock, storeWait: storeWaitOf(options, log), ...(options.unservedModels ? { unservedModels: options.unservedModels } : {}) });
  const start = new OpenedSoFar(log);
  start.opened('gateway core', () => core.close());
  const monitor = await start.step(() => startMonitor(config, core, clock, log));
  start.opened('monitor', () => monitor.stop());
  const transports = openModelTransports(config, core, { lifetime: options.socketLifetime, clock });
  // Who a request came from behind a load balancer: the admin throttle, audit lines, a hint's scheme.
  const proxies = new TrustedProxies(config.server.trusted_proxies, config.server.client_ip_header);
  const controlPlane = wireControlPlane(config, core, { clock, log, proxies, host });
  const requests = new RequestsInFlight();
  const endpoints = openTelemetryEndpoints(config, core, { requests, proxies, host });
  const retention = retentionJob(config, core, clock, log);
  // Where the gateway listens, for hints that show a base URL to a request without a usable Host.
  let listening = `http://${host}:${port}`;
  const route = requestRouter({ core, requests, dataPlane: transports.dataPlane, controlPlane, ...endpoints, proxies, listening: () => listening });
  const server = createGatewayServer(route, requests, transports.responsesSocket.upgrade, log);
  // Nothing started: release what did open (a PostgreSQL pool would keep the process alive).
  await start.step(() => listen(server, port, host));
  retention?.start();
  const address = listeningAt(server);
  listening = address.url;
  const close = gracefulClose({
    server,
    requests,
    modelCallsInFlight: transports.modelCallsInFlight,
    responsesSocket: transports.responsesSocket,
    log,
    defaultDeadlineMs: config.server.shutdown_timeout_ms,
    stopAfter: async () => {
      await retention?.stop();
      await monitor.stop();
      await core.close();
    },
  });
  const { gateway, keys, limits, stores, store, traces, replica } = core;
  return { url: listening, port: address.port, server, store, stores, traces, replica, gateway, monitor, keys, locals: core.locals, knowledge: core.knowledge, limits, close };
}

/** How long to wait for a PostgreSQL store at start (`STORE_START_WAIT_MS` unless a test shortens it), saying so meanwhile. */
function storeWaitOf(options: ServerOptions, log: Log): StartWait {
  return {
    ...(options.storeWait ?? { waitMs: STORE_START_WAIT_MS }),
    onWait: (message) => log(message, { level: 'warn', component: 'store' }),
  };
}

/** A URL without its password (kept here for the CLI's banner, which imports it from the server). */
export { redactUrl };
export { redisConnectProblem } from './compose/connect-redis.js';
export { localStates } from './compose/wire-control-plane.js';
