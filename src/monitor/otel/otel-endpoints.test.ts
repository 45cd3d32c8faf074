import { describe, expect, it } from 'vitest';
import { otelEndpoints } from './otel-endpoints.js';

const none = { metrics: true } as const;

describe('OTLP endpoints', () => {
  it('is off without a config endpoint or OTEL_EXPORTER_OTLP_* variables', () => {
    expect(otelEndpoints(none, {})).toEqual({ traces: undefined, metrics: undefined });
  });

  it('appends the signal paths to a base endpoint, from the config or the environment', () => {
    expect(otelEndpoints({ ...none, endpoint: 'http://collector:4318/' }, {})).toEqual({ traces: 'http://collector:4318/v1/traces', metrics: 'http://collector:4318/v1/metrics' });
    expect(otelEndpoints(none, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }).traces).toBe('http://env:4318/v1/traces');
  });

  it('uses a signal URL as given, and leaves metrics off when asked', () => {
    expect(otelEndpoints(none, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:1/custom' })).toEqual({ traces: 'http://t:1/custom', metrics: undefined });
    expect(otelEndpoints({ metrics: false, endpoint: 'http://c:4318' }, {}).metrics).toBeUndefined();
  });

  it('names a malformed environment variable', () => {
    expect(() => otelEndpoints(none, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) URL');
  });
});
