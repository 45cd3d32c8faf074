/**
 * The server's telemetry endpoints: `/metrics` for Prometheus (only when metrics are on), with the
 * gauges only the server knows (model calls in flight, each target's breaker), and `/v1/traces`,
 * where applications send their own OpenTelemetry spans to sit beside the gateway's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/schema.js';
import type { TrustedProxies } from '../http/client-address.js';
import { isLoopbackHost } from '../http/control-plane.js';
import { createMetricsEndpoint } from '../http/metrics-endpoint.js';
import { createOtlpEndpoint } from '../http/otlp-endpoint.js';
import type { GatewayCore } from './gateway-core.js';
import type { RequestsInFlight } from './requests-in-flight.js';

export interface TelemetryEndpoints {
  /** Undefined when the core was opened without metrics. */
  serveMetrics: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  serveOtlp: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export function openTelemetryEndpoints(config: Config, core: GatewayCore, parts: { requests: RequestsInFlight; proxies: TrustedProxies; host: string }): TelemetryEndpoints {
  const { keys, stores } = core;
  const metrics = core.telemetry?.metrics;
  const serveMetrics = metrics
    ? createMetricsEndpoint({ metrics, token: config.metrics.token, public: config.metrics.public, adminKey: config.server.admin_key, reviewerKey: config.server.reviewer_key, loopback: isLoopbackHost(parts.host), keys, sessions: stores.sessions, reviewers: stores.reviewers, proxies: parts.proxies })
    : undefined;
  metrics?.watch({ inFlight: () => parts.requests.modelCalls, targets: () => core.health.snapshot() });
  const serveOtlp = createOtlpEndpoint({ spans: stores.spans, keys, adminKey: config.server.admin_key, bodyLimitBytes: Math.round(config.server.body_limit_mb * 1024 * 1024) });
  return { serveMetrics, serveOtlp };
}
