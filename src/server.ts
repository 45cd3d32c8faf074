/**
 * Composition root: the only place that picks concrete adapters (the store through
 * `openStores`, memory or Redis limits, undici providers) and wires them into the gateway and the
 * HTTP server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/schema.js';
import { systemClock } from './core/clock.js';
import { SwitchyardError, toSwitchyardError } from './core/errors.js';
import { newId } from './core/ids.js';
import { Gateway } from './gateway/gateway.js';
import { createControlPlane } from './http/control-plane.js';
import { createDataPlane, isDataPlanePath } from './http/data-plane.js';
import { sendError } from './http/error-response.js';
import { parseRequestTarget } from './core/request-target.js';
import { KeyRegistry, toVirtualKey } from './limits/keys.js';
import { periodStart } from './limits/limit-store.js';
import { MemoryLimitStore } from './limits/memory-limit-store.js';
import { RedisLimitStore } from './limits/redis-limit-store.js';
import { createProvider, type Provider } from './providers/provider.js';
import { ModelCatalog } from './routing/catalog.js';
import type { TraceStore } from './core/trace-store.js';
import type { KeySpendStore } from './limits/key-spend.js';
import { openStores, traceSinks } from './store/open-stores.js';
import type { Stores } from './store/stores.js';
import { TraceWriter } from './store/trace-writer.js';

export { openStores, traceSinks } from './store/open-stores.js';

export interface ServerOptions {
  /** Overrides config.server.port (0 = any free port). */
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  store: TraceStore;
  /** Every storage port, on the configured backend. */
  stores: Stores;
  traces: TraceWriter;
  gateway: Gateway;
  /** Stops accepting, lets in-flight requests finish, writes every queued trace. */
  close(): Promise<void>;
}

/** Starts the gateway for a validated config. Resolves once it is listening. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const providers = new Map<string, Provider>(Object.entries(config.providers).map(([name, p]) => [name, createProvider(name, p)]));
  const catalog = new ModelCatalog(config, providers);
  const keys = new KeyRegistry(config.keys.map(toVirtualKey));
  const stores = await openStores(config.store);
  const store = stores.traces;
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  let spend: Map<string, number>;
  try {
    spend = await spendSoFar(stores.spend, keys);
    redis = config.limits.store === 'redis' ? await connectRedis(config.limits.redis_url) : undefined;
  } catch (error) {
    await stores.close();
    throw error;
  }
  const limits = redis ? new RedisLimitStore(redis, spend) : new MemoryLimitStore(spend);
  const traces = new TraceWriter(traceSinks(stores), {
    batchSize: config.traces.batch_size,
    flushIntervalMs: config.traces.flush_interval_ms,
    onError: (error, sink) => log(`trace ${sink} write failed, will retry: ${(error as Error).message}`),
  });
  const gateway = new Gateway({ catalog, limits, clock: systemClock, random: Math.random });
  const dataPlane = createDataPlane({
    gateway,
    keys,
    traces,
    bodyLimitBytes: Math.round(config.server.body_limit_mb * 1024 * 1024),
    keepBodies: config.traces.bodies === 'full',
    totalTimeoutMs: config.timeouts.total_ms,
  });
  const controlPlane = createControlPlane({ stores, writer: traces, keys, limits, adminKey: config.server.admin_key, host: options.host ?? config.server.host });

  let inFlight = 0;
  let drained: (() => void) | undefined;
  const route = (req: IncomingMessage, res: ServerResponse, settle: () => void): void => {
    const target = parseRequestTarget(req.url ?? '/');
    const { path } = target;
    if (isDataPlanePath(path)) {
      const traced = dataPlane(req, res, path);
      if (traced) void traced.finally(settle);
      else settle();
      return;
    }
    settle();
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', models: catalog.names.length, pending_traces: traces.pending }));
      return;
    }
    if (controlPlane(req, res, path, target.url)) return;
    sendError(res, 'openai', new SwitchyardError('not_found', `no route ${req.method} ${path}; the OpenAI-compatible API is under /v1`), '');
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
      if (error.status >= 500) log(`request ${req.method} ${JSON.stringify((req.url ?? '').slice(0, 200))} failed: ${(thrown as Error).stack ?? error.message}`);
      sendError(res, 'openai', error, newId('req'));
    }
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host ?? config.server.host}:${options.port ?? config.server.port}`;
      if (error.code === 'EADDRINUSE') reject(new SwitchyardError('config_invalid', `cannot listen on ${where}: the port is in use; stop the other process or pass --port N`));
      else if (error.code === 'EACCES') reject(new SwitchyardError('config_invalid', `cannot listen on ${where}: permission denied; use a port above 1023`));
      else reject(error);
    });
    server.listen(options.port ?? config.server.port, options.host ?? config.server.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  }).catch(async (error: unknown) => {
    // Nothing started: release what did open (a PostgreSQL pool would keep the process alive).
    await stores.close();
    redis?.disconnect();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const idle = new Promise<void>((resolve) => {
        drained = resolve;
        if (inFlight === 0) resolve();
      });
      server.close();
      server.closeIdleConnections();
      await idle;
      server.closeAllConnections();
      await traces.flush();
      await stores.close();
      await Promise.all([...providers.values()].map((p) => p.client.close()));
      redis?.disconnect();
    })();
    return closing;
  };
  return { url: `http://${host}:${address.port}`, port: address.port, server, store, stores, traces, gateway, close };
}

/** What each key spent in its current budget period, so budgets survive a restart. */
async function spendSoFar(store: KeySpendStore, keys: KeyRegistry): Promise<Map<string, number>> {
  const spend = new Map<string, number>();
  const now = Date.now();
  for (const key of keys.all) {
    if (!key.budget) continue;
    const byKey = await store.spendByKey(periodStart(key.budget.period, now));
    spend.set(key.name, byKey.get(key.name) ?? 0);
  }
  return spend;
}

/** Connects to Redis for shared limits, failing with a message that names the URL. */
async function connectRedis(url: string) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new SwitchyardError('config_invalid', `limits.redis_url: cannot connect to ${url}: ${(error as Error).message}`);
  }
  return redis;
}
