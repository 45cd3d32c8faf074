/**
 * Composition root: the only place that picks concrete adapters (the store through
 * `openStores`, memory or Redis limits, undici providers) and wires them into the gateway and the
 * HTTP server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import type { Config } from './config/schema.js';
import { type Clock, systemClock } from './core/clock.js';
import { methodNotAllowed, SwitchyardError, toSwitchyardError } from './core/errors.js';
import { newId } from './core/ids.js';
import { listenError } from './core/listen-error.js';
import type { Gateway } from './gateway/gateway.js';
import { lastUserText } from './review/last-user-text.js';
import { teacherLabel } from './local/serving/teacher-label.js';
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
import type { KeyRegistry } from './limits/keys.js';
import type { LimitStore } from './limits/limit-store.js';
import type { LiveModelSync } from './local/serving/live-model-sync.js';
import { DEFAULT_BAR } from './local/registry/manage-models.js';
import { redactUrl } from './core/redact-url.js';
import { ModelCatalog } from './routing/catalog.js';
import { TargetHealth } from './routing/target-health.js';
import { openCacheStore } from './store/open-cache-store.js';
import { purgeCopies } from './store/purge-copies.js';
import { eraseCopies } from './store/erase-copies.js';
import type { TraceStore } from './core/trace-store.js';
import type { StartWait } from './store/postgres/connect.js';
import type { Stores } from './store/stores.js';
import type { TraceWriter } from './store/trace-writer.js';
import { openTraceWriter } from './store/open-trace-writer.js';
import type { MonitorWorker } from './monitor/monitor-worker.js';
import { openTelemetry } from './monitor/open-telemetry.js';
import { createMetricsEndpoint } from './http/metrics-endpoint.js';
import { createOtlpEndpoint } from './http/otlp-endpoint.js';
import { healthStatus } from './http/health-status.js';
import { jsonDocument } from './core/json-document.js';
import { TraceRetentionJob } from './monitor/trace-retention.js';
import { retentionReport } from './monitor/retention-report.js';
import { countOf } from './core/plural.js';
import { answerClientError } from './http/client-error.js';
import { type Log, withFields } from './core/log.js';
import { timedOut } from './core/timed-out.js';
import { connectLimitsRedis } from './compose/connect-redis.js';
import type { GatewayCore } from './compose/gateway-core.js';
import { openKeys } from './compose/open-keys.js';
import { openLimits } from './compose/open-limits.js';
import { openPipeline } from './compose/open-pipeline.js';
import { openProviders, withStoredCredentials } from './compose/open-providers.js';
import { openStoresAtStart } from './compose/open-stores-at-start.js';
import { releaseOnFailure } from './compose/release-on-failure.js';
import { startMonitor } from './compose/start-monitor.js';

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

export type { GatewayCore } from './compose/gateway-core.js';

/** Opens the stores, providers and pipeline for a validated config. */
export async function openGatewayCore(fileConfig: Config, log: Log = () => undefined, options: { telemetry?: boolean; clock?: Clock; storeWait?: StartWait; unservedModels?: ReadonlyMap<string, string> } = {}): Promise<GatewayCore> {
  const clock = options.clock ?? systemClock;
  // Metrics and spans are the server's: in-process evals and CLI commands don't export them.
  const telemetry = options.telemetry ? await openTelemetry(fileConfig, process.env, withFields(log, { component: 'otel' })) : undefined;
  const stores = await openStoresAtStart(fileConfig.store, options.storeWait, log);
  // Sealed credentials (in the file, or added at runtime) are opened here and at each key reload.
  const stored = await releaseOnFailure(() => withStoredCredentials(fileConfig, stores.keys), () => stores.close());
  const config = stored.config;
  const { providers, syncCredentials } = openProviders(fileConfig.providers, stored, stores.keys, log);
  const catalog = new ModelCatalog(config, providers, options.unservedModels);
  // Set once the route slot is open: local models' live versions ride the same poll as keys.
  let liveModels: LiveModelSync | undefined;
  const { keys, keySync, keyManager, credentials } = openKeys(config, stores.keys, { onReload: syncCredentials, onPoll: async () => liveModels?.refresh() }, log);
  const redis = await releaseOnFailure(
    async () => {
      await keySync.start();
      return connectLimitsRedis(config.limits, log);
    },
    async () => {
      keySync.stop();
      await stores.close();
    },
  );
  const { limits, limitHealth, close: closeLimits } = openLimits(config, stores, redis);
  const cache = await openCacheStore(config.cache, clock, withFields(log, { component: 'cache' }));
  const health = new TargetHealth(config.breaker, clock);
  const opened = await releaseOnFailure(
    () => openTraceWriter(stores, config.traces, config.store, withFields(log, { component: 'trace-writer' }), config.review),
    async () => {
      keySync.stop();
      await closeLimits();
      await stores.close();
      redis?.disconnect();
    },
  );
  const traces = opened.writer;
  const pipeline = await openPipeline(config, { stores, catalog, keys, limits, health, cache, traceSink: opened.sink, telemetry, clock, log, onLiveModels: (sync) => (liveModels = sync) });
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

/** Resolves once every local route's examples of the calls answered so far are stored, and the disagreements their shadow checks flagged are queued for review. */
async function examplesWritten(core: Pick<GatewayCore, 'locals' | 'localReviews'>): Promise<void> {
  await Promise.all([...core.locals.values()].map((local) => local.examplesWritten()));
  await core.localReviews.settled();
}

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

/** A URL without its password (kept here for the CLI's banner, which imports it from the server). */
export { redactUrl };
export { redisConnectProblem } from './compose/connect-redis.js';
