import { type Attributes, type Context, type Histogram, ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace as traceApi } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, type IdGenerator, RandomIdGenerator, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SpanIds } from '../../core/trace-context.js';
import type { TraceRecord } from '../../core/trace.js';
import type { Call } from '../../gateway/call.js';
import type { CallObserver } from '../../gateway/stages/record-trace.js';
import type { OtelEndpoints } from './otel-endpoints.js';
import { type CallFacts, callFacts, genAiAttributes, operationName } from './genai-attributes.js';

export interface OtelExportOptions {
  endpoints: OtelEndpoints;
  headers: Record<string, string>;
  serviceName: string;
  /** Prompts and answers on spans. */
  content: boolean;
  /** Provider name → type (openai, anthropic, gemini), for gen_ai.provider.name. */
  providerTypes: Readonly<Record<string, string>>;
  metricsIntervalMs: number;
  /** Replaces the OTLP trace exporter (tests). */
  spanExporter?: SpanExporter;
  /** How long spans wait to be batched; the SDK's default is 5 s. */
  scheduledDelayMillis?: number;
}

interface Pending {
  trace: TraceRecord;
  /** Null when only metrics are recorded (tracing off, or the call was not sampled). */
  span: SpanIds | null;
  facts: CallFacts;
}

/**
 * Ids chosen before the span exists: the gateway answers with its span id (`traceresponse`)
 * before the span is made, after the call settled, so the SDK must take that id, not draw one.
 */
class PresetIds implements IdGenerator {
  next: SpanIds | undefined;
  private readonly random = new RandomIdGenerator();
  generateTraceId(): string {
    return this.next?.traceId ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    return this.next?.spanId ?? this.random.generateSpanId();
  }
}

// The GenAI conventions' advised bucket boundaries.
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/**
 * OpenTelemetry export of gateway calls over OTLP/HTTP: one CLIENT span per call with the GenAI
 * semantic conventions, a child of the caller's span when it sent a `traceparent`, and the GenAI
 * client metrics (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`,
 * `gen_ai.client.operation.time_to_first_chunk`). A settled call is only queued; spans are made
 * on the next turn of the event loop and exported in batches by the SDK's BatchSpanProcessor.
 *
 * @example
 * const otel = new OtelExport({ endpoints: { traces: 'http://127.0.0.1:4318/v1/traces', metrics: undefined }, … });
 * new Gateway({ …, observers: [otel], tracing: { sampleRatio: 1 } }); await otel.shutdown();
 */
export class OtelExport implements CallObserver {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly ids = new PresetIds();
  private readonly tracerProvider: BasicTracerProvider | undefined;
  private readonly meterProvider: MeterProvider | undefined;
  private readonly tracer;
  private readonly duration: Histogram | undefined;
  private readonly tokenUsage: Histogram | undefined;
  private readonly firstChunk: Histogram | undefined;

  constructor(private readonly options: OtelExportOptions) {
    const resource = resourceFromAttributes({ 'service.name': options.serviceName });
    const { traces, metrics } = options.endpoints;
    if (traces !== undefined || options.spanExporter) {
      const exporter = options.spanExporter ?? new OTLPTraceExporter({ url: traces, headers: options.headers });
      const processor = new BatchSpanProcessor(exporter, { maxQueueSize: 8192, maxExportBatchSize: 512, scheduledDelayMillis: options.scheduledDelayMillis ?? 1_000 });
      this.tracerProvider = new BasicTracerProvider({ resource, idGenerator: this.ids, sampler: new AlwaysOnSampler(), spanProcessors: [processor] });
      this.tracer = this.tracerProvider.getTracer('switchyard');
    }
    if (metrics !== undefined) {
      const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: metrics, headers: options.headers }), exportIntervalMillis: options.metricsIntervalMs });
      this.meterProvider = new MeterProvider({ resource, readers: [reader] });
      const meter = this.meterProvider.getMeter('switchyard');
      this.duration = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's', description: 'GenAI operation duration.', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
      this.tokenUsage = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}', description: 'Number of input and output tokens used.', advice: { explicitBucketBoundaries: TOKEN_BUCKETS } });
      this.firstChunk = meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', { unit: 's', description: 'Time to receive the first chunk of a streamed answer.', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
    }
  }

  /** Whether spans are exported (and calls should carry span ids). */
  get tracing(): boolean {
    return this.tracerProvider !== undefined;
  }

  observe(trace: TraceRecord, call: Call): void {
    const span = call.span;
    const wantsSpan = span !== null && span.sampled && this.tracerProvider !== undefined;
    if (!wantsSpan && !this.meterProvider) return;
    this.queue.push({ trace, span: wantsSpan ? span : null, facts: callFacts(call, this.options.content && wantsSpan) });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** Makes the spans and records the metrics of every queued call. */
  drain(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const item of batch) {
      const attributes = genAiAttributes(item.trace, item.facts, this.options.providerTypes);
      if (item.span) this.emitSpan(item.trace, item.span, attributes);
      this.record(item.trace, attributes);
    }
  }

  /** Exports everything queued and stops (on shutdown). */
  async shutdown(): Promise<void> {
    this.drain();
    await Promise.allSettled([this.tracerProvider?.shutdown(), this.meterProvider?.shutdown()]);
  }

  /** Exports what is batched now, without stopping (tests, and `flush` on shutdown paths). */
  async flush(): Promise<void> {
    this.drain();
    await Promise.allSettled([this.tracerProvider?.forceFlush(), this.meterProvider?.forceFlush()]);
  }

  private emitSpan(trace: TraceRecord, span: SpanIds, attributes: Attributes): void {
    const tracer = this.tracer;
    if (!tracer) return;
    let parent: Context = ROOT_CONTEXT;
    if (span.parentSpanId) {
      parent = traceApi.setSpanContext(ROOT_CONTEXT, {
        traceId: span.traceId,
        spanId: span.parentSpanId,
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
        traceState: span.traceState ? new TraceState(span.traceState) : undefined,
      });
    }
    this.ids.next = span;
    try {
      const otelSpan = tracer.startSpan(`${attributes['gen_ai.operation.name']} ${trace.requestedModel}`, { kind: SpanKind.CLIENT, startTime: trace.ts, attributes }, parent);
      for (const attempt of trace.attempts) {
        otelSpan.addEvent('switchyard.attempt', { 'switchyard.provider': attempt.provider, 'gen_ai.request.model': attempt.model, 'http.response.status_code': attempt.status, 'switchyard.latency_ms': attempt.latencyMs, ...(attempt.error ? { 'error.message': attempt.error } : {}) });
      }
      if (trace.status >= 400) otelSpan.setStatus({ code: SpanStatusCode.ERROR, message: trace.errorMessage ?? undefined });
      otelSpan.end(trace.ts + trace.latencyMs);
    } finally {
      this.ids.next = undefined;
    }
  }

  private record(trace: TraceRecord, attributes: Record<string, unknown>): void {
    if (!this.duration || !this.tokenUsage || !this.firstChunk) return;
    const common: Attributes = { 'gen_ai.operation.name': operationName(trace), 'gen_ai.request.model': trace.requestedModel };
    if (attributes['gen_ai.provider.name'] !== undefined) common['gen_ai.provider.name'] = attributes['gen_ai.provider.name'] as string;
    if (trace.upstreamModel) common['gen_ai.response.model'] = trace.upstreamModel;
    this.duration.record(trace.latencyMs / 1000, trace.status >= 400 ? { ...common, 'error.type': trace.errorCode ?? String(trace.status) } : common);
    if (trace.inputTokens > 0) this.tokenUsage.record(trace.inputTokens, { ...common, 'gen_ai.token.type': 'input' });
    if (trace.outputTokens > 0) this.tokenUsage.record(trace.outputTokens, { ...common, 'gen_ai.token.type': 'output' });
    if (trace.stream && trace.ttftMs !== null) this.firstChunk.record(trace.ttftMs / 1000, common);
  }
}
