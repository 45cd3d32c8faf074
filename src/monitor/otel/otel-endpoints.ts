import type { OtelConfig } from '../../config/schema.js';
import { SwitchyardError } from '../../core/errors.js';

/** Where OTLP/HTTP export goes; a signal is off when its URL is undefined. */
export interface OtelEndpoints {
  traces: string | undefined;
  metrics: string | undefined;
}

/**
 * The OTLP/HTTP URLs from the config file, else the standard environment variables: a
 * signal-specific URL is used as given, a base endpoint gets `/v1/traces` or `/v1/metrics`
 * appended (as the OpenTelemetry exporter specification says).
 *
 * @example otelEndpoints(config.otel, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })
 * // { traces: 'http://collector:4318/v1/traces', metrics: 'http://collector:4318/v1/metrics' }
 */
export function otelEndpoints(config: Pick<OtelConfig, 'endpoint' | 'traces_endpoint' | 'metrics_endpoint' | 'metrics'>, env: Record<string, string | undefined>): OtelEndpoints {
  const fromEnv = (name: string) => httpUrl(name, nonEmpty(env[name]));
  const base = config.endpoint ?? fromEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  const under = (path: string) => (base === undefined ? undefined : `${base.replace(/\/+$/, '')}${path}`);
  const traces = config.traces_endpoint ?? fromEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? under('/v1/traces');
  const metrics = config.metrics ? (config.metrics_endpoint ?? fromEnv('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') ?? under('/v1/metrics')) : undefined;
  return { traces, metrics };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** An environment URL checked like the config file's: http(s) and well formed, or a config error naming the variable. */
function httpUrl(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new SwitchyardError('config_invalid', `${name}: expected an http(s) URL such as http://127.0.0.1:4318, got ${JSON.stringify(value)}`);
  return value;
}
