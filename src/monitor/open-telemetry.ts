import type { Config } from '../config/schema.js';
import type { CallObserver } from '../gateway/stages/record-trace.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { otelEndpoints } from './otel/otel-endpoints.js';
import type { OtelExport } from './otel/otel-export.js';
import type { Log } from '../core/log.js';
import { timedOut } from '../core/timed-out.js';

/** How long a shutdown waits for the last OTLP export. */
const SHUTDOWN_EXPORT_MS = 3_000;

/** The gateway's telemetry as the configuration asks for it. */
export interface Telemetry {
  /** Prometheus metrics (`metrics.enabled`). */
  metrics: GatewayMetrics | undefined;
  /** OTLP export, when an endpoint is configured. */
  otel: OtelExport | undefined;
  /** What the gateway calls with every settled call. */
  observers: CallObserver[];
  /** Set when spans are exported: calls then carry span ids. */
  tracing: { sampleRatio: number } | undefined;
  /** Exports what is queued and stops the exporters. */
  close(): Promise<void>;
}

/**
 * Builds the Prometheus metrics and the OpenTelemetry exporter from `metrics:` and `otel:` (and
 * the standard `OTEL_EXPORTER_OTLP_*` variables). Label values are the configured names. The
 * OpenTelemetry SDK (~25 MB resident) is loaded only when an endpoint is configured.
 *
 * @example const telemetry = await openTelemetry(config, process.env); new Gateway({ …, observers: telemetry.observers, tracing: telemetry.tracing });
 */
export async function openTelemetry(config: Config, env: Record<string, string | undefined>, log: Log = () => undefined, replica?: string): Promise<Telemetry> {
  const metrics = config.metrics.enabled
    ? new GatewayMetrics({
        labels: {
          models: [...Object.keys(config.models), ...Object.keys(config.routes)],
          providers: Object.keys(config.providers),
          keys: config.keys.map((k) => k.name),
          teams: config.keys.flatMap((k) => (k.team ? [k.team] : [])),
        },
        processMetrics: config.metrics.process,
        ...(replica === undefined ? {} : { replica }),
      })
    : undefined;
  const endpoints = otelEndpoints(config.otel, env);
  const otel =
    endpoints.traces !== undefined || endpoints.metrics !== undefined
      ? new (await import('./otel/otel-export.js')).OtelExport({
          endpoints,
          headers: config.otel.headers,
          serviceName: config.otel.service_name,
          content: config.otel.content,
          providerTypes: Object.fromEntries(Object.entries(config.providers).map(([name, p]) => [name, p.type])),
          providerServers: (await import('./otel/genai-attributes.js')).providerServers(config.providers),
          modelProviders: (await import('./otel/model-providers.js')).modelProviders(config),
          metricsIntervalMs: config.otel.metrics_interval_ms,
          log,
        })
      : undefined;
  if (metrics && otel?.tracing) metrics.watch({ otelFailedSpans: () => otel.failedSpans });
  const observers: CallObserver[] = [];
  if (metrics) observers.push(metrics);
  if (otel) observers.push(otel);
  return {
    metrics,
    otel,
    observers,
    tracing: otel?.tracing ? { sampleRatio: config.otel.sample_ratio } : undefined,
    close: async () => {
      if (!otel) return;
      // A collector that is down must not hold up a shutdown past the orchestrator's grace period.
      if (await timedOut(otel.shutdown(), SHUTDOWN_EXPORT_MS)) log(`OpenTelemetry: the last export did not finish within ${SHUTDOWN_EXPORT_MS} ms; its spans are dropped`, { level: 'warn', component: 'otel' });
    },
  };
}
