/**
 * Where each HTTP request goes: model calls to the data plane (refused while draining), /health,
 * /metrics, OTLP spans, the admin API and dashboard, else a 404 that says what the client missed.
 * Runs for every request: keep it to path comparisons.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, SwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { jsonDocument } from '../core/json-document.js';
import { parseRequestTarget } from '../core/request-target.js';
import type { TrustedProxies } from '../http/client-address.js';
import type { createControlPlane } from '../http/control-plane.js';
import { type createDataPlane, isDataPlanePath } from '../http/data-plane.js';
import { sendError } from '../http/error-response.js';
import { healthStatus } from '../http/health-status.js';
import { modelPathOf } from '../http/groq-path.js';
import { formatOfLostClient, notFound } from '../http/not-found.js';
import { requestOrigin } from '../http/request-origin.js';
import type { GatewayCore } from './gateway-core.js';
import type { RequestsInFlight } from './requests-in-flight.js';
import type { TelemetryEndpoints } from './telemetry-endpoints.js';

export interface RouterParts extends TelemetryEndpoints {
  core: Pick<GatewayCore, 'limitHealth' | 'keySync' | 'catalog' | 'traces'>;
  requests: RequestsInFlight;
  dataPlane: ReturnType<typeof createDataPlane>;
  controlPlane: ReturnType<typeof createControlPlane>;
  proxies: TrustedProxies;
  /** Where the gateway listens, for hints that show a base URL to a request without a usable Host. */
  listening: () => string;
}

/** Routes a request; calls `settle` once it is done with the request (for a model call: once its trace is queued). */
export type RouteRequest = (req: IncomingMessage, res: ServerResponse, settle: () => void) => void;

export function requestRouter(parts: RouterParts): RouteRequest {
  const { core, requests, dataPlane, controlPlane, serveMetrics, serveOtlp, proxies } = parts;
  const { catalog, traces } = core;
  return (req, res, settle) => {
    const target = parseRequestTarget(req.url ?? '/');
    // A Groq SDK's `/openai/v1/…` is served as `/v1/…`; any other path is routed as sent.
    const modelPath = modelPathOf(target.path);
    const path = modelPath !== target.path && isDataPlanePath(modelPath) ? modelPath : target.path;
    if (requests.draining) {
      // Keep-alive clients learn to reconnect (to another replica) instead of queueing here.
      res.setHeader('connection', 'close');
      if (path === '/health') {
        settle();
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(jsonDocument({ status: 'draining', in_flight: requests.count - 1, pending_traces: traces.pending }));
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
        requests.modelCalls++;
        void traced.finally(() => {
          requests.modelCalls--;
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
    sendError(res, format, notFound(req.method, path, requestOrigin(req.headers.host, proxies.clientOf(req).https, parts.listening()), format), newId('req'));
  };
}
