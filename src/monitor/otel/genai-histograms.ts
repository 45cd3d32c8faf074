import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { AggregationTemporality, type CollectionResult, DataPointType, type HistogramMetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { TraceRecord } from '../../core/trace.js';
import { calledProvider, operationName, type ProviderDirectory, providerName, providerOfCall } from './genai-attributes.js';

// The GenAI conventions' advised bucket boundaries.
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** One attribute set's running histogram. */
interface Point {
  attributes: Attributes;
  counts: Float64Array;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** A cumulative explicit-bucket histogram per attribute set. */
class Series {
  readonly points = new Map<string, Point>();
  constructor(
    readonly name: string,
    readonly unit: string,
    readonly description: string,
    readonly boundaries: readonly number[],
    readonly valueType: ValueType,
  ) {}

  record(key: string, attributes: () => Attributes, value: number): void {
    let point = this.points.get(key);
    if (!point) {
      point = { attributes: attributes(), counts: new Float64Array(this.boundaries.length + 1), count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
      this.points.set(key, point);
    }
    // Buckets are (b[i-1], b[i]]: the first boundary not below the value.
    let i = 0;
    while (i < this.boundaries.length && value > (this.boundaries[i] as number)) i++;
    point.counts[i] = (point.counts[i] as number) + 1;
    point.count++;
    point.sum += value;
    if (value < point.min) point.min = value;
    if (value > point.max) point.max = value;
  }

  data(startTime: HrTime, endTime: HrTime): HistogramMetricData {
    return {
      descriptor: { name: this.name, unit: this.unit, description: this.description, valueType: this.valueType },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [...this.points.values()].map((p) => ({
        startTime,
        endTime,
        attributes: p.attributes,
        value: { buckets: { boundaries: [...this.boundaries], counts: [...p.counts] }, count: p.count, sum: p.sum, min: p.min, max: p.max },
      })),
    };
  }
}

/**
 * The GenAI client metrics (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`,
 * `gen_ai.client.operation.time_to_first_chunk`), aggregated here and handed to the OTel SDK's
 * metric reader as a MetricProducer, so the official OTLP exporter sends them. Recording through
 * the SDK's instruments hashed a fresh attribute object on every call (about a third of the
 * OpenTelemetry cost per call); here a call costs a string key and a bucket search, and each
 * attribute set is built once.
 *
 * @example
 * const histograms = new GenAiHistograms(resource, providerTypes);
 * new PeriodicExportingMetricReader({ exporter, metricProducers: [histograms] }); histograms.record(trace);
 */
export class GenAiHistograms implements MetricProducer {
  private readonly startTime: HrTime;
  private readonly duration = new Series('gen_ai.client.operation.duration', 's', 'GenAI operation duration.', DURATION_BUCKETS, ValueType.DOUBLE);
  private readonly tokenUsage = new Series('gen_ai.client.token.usage', '{token}', 'Number of input and output tokens used.', TOKEN_BUCKETS, ValueType.INT);
  private readonly firstChunk = new Series('gen_ai.client.operation.time_to_first_chunk', 's', 'Time to receive the first chunk of a streamed answer.', DURATION_BUCKETS, ValueType.DOUBLE);

  constructor(
    private readonly resource: Resource,
    /** Provider types, and where each provider listens: the conventions' server.address and server.port (one per provider, so no new series). */
    private readonly providers: ProviderDirectory,
    now: number = Date.now(),
  ) {
    this.startTime = millisToHrTime(now);
  }

  /** Counts one settled call. */
  record(trace: TraceRecord): void {
    const operation = operationName(trace);
    const provider = providerOfCall(trace, this.providers);
    // server.* only for a call that reached one (providerOfCall names a refused call's provider too).
    const called = calledProvider(trace);
    const error = trace.status >= 400 ? (trace.errorCode ?? String(trace.status)) : undefined;
    const key = `${operation}\u0000${trace.requestedModel}\u0000${provider ?? ''}\u0000${called ?? ''}\u0000${trace.upstreamModel ?? ''}`;
    const common = (): Attributes => {
      const a: Attributes = { 'gen_ai.operation.name': operation, 'gen_ai.request.model': trace.requestedModel };
      if (provider !== undefined) a['gen_ai.provider.name'] = providerName(provider, this.providers.types);
      const server = called === undefined ? undefined : this.providers.servers?.[called];
      if (server) {
        a['server.address'] = server.address;
        a['server.port'] = server.port;
      }
      if (trace.upstreamModel) a['gen_ai.response.model'] = trace.upstreamModel;
      return a;
    };
    this.duration.record(error === undefined ? key : `${key}\u0000${error}`, () => (error === undefined ? common() : { ...common(), 'error.type': error }), trace.latencyMs / 1000);
    if (trace.inputTokens > 0) this.tokenUsage.record(`${key}\u0000input`, () => ({ ...common(), 'gen_ai.token.type': 'input' }), trace.inputTokens);
    if (trace.outputTokens > 0) this.tokenUsage.record(`${key}\u0000output`, () => ({ ...common(), 'gen_ai.token.type': 'output' }), trace.outputTokens);
    if (trace.stream && trace.ttftMs !== null) this.firstChunk.record(key, common, trace.ttftMs / 1000);
  }

  async collect(): Promise<CollectionResult> {
    const endTime = millisToHrTime(Date.now());
    const metrics = [this.duration, this.tokenUsage, this.firstChunk].filter((s) => s.points.size > 0).map((s) => s.data(this.startTime, endTime));
    return { resourceMetrics: { resource: this.resource, scopeMetrics: metrics.length > 0 ? [{ scope: { name: 'switchyard' }, metrics }] : [] }, errors: [] };
  }
}
