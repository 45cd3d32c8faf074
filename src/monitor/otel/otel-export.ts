import { type Attributes, type Histogram, type SpanContext, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime, TraceState } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SpanIds } from '../../core/trace-context.js';
import type { TraceRecord } from '../../core/trace.js';
import type { Call } from '../../gateway/call.js';
import type { CallObserver } from '../../gateway/stages/record-trace.js';
import type { OtelEndpoints } from './otel-endpoints.js';
import { type CallFacts, callFacts, genAiAttributes, operationName, providerName } from './genai-attributes.js';
import { ReportingExporter } from './reporting-exporter.js';

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
  /** Where failed exports are reported (at most once a minute). */
  log?: (line: string) => void;
}

interface Pending {
  trace: TraceRecord;
  /** Null when only metrics are recorded (tracing off, or the call was not sampled). */
  span: SpanIds | null;
  facts: CallFacts;
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
  private readonly resource: Resource;
  private readonly spans: BatchSpanProcessor | undefined;
  private readonly meterProvider: MeterProvider | undefined;
  private readonly exporter: ReportingExporter | undefined;
  private readonly duration: Histogram | undefined;
  private readonly tokenUsage: Histogram | undefined;
  private readonly firstChunk: Histogram | undefined;

  constructor(private readonly options: OtelExportOptions) {
    const resource = resourceFromAttributes({ 'service.name': options.serviceName });
    this.resource = resource;
    const { traces, metrics } = options.endpoints;
    if (traces !== undefined || options.spanExporter) {
      this.exporter = new ReportingExporter(options.spanExporter ?? new OTLPTraceExporter({ url: traces, headers: options.headers }), options.log);
      this.spans = new BatchSpanProcessor(this.exporter, { maxQueueSize: 8192, maxExportBatchSize: 512, scheduledDelayMillis: options.scheduledDelayMillis ?? 1_000 });
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

  /** Spans the collector did not take (refused, unreachable) since start. */
  get failedSpans(): number {
    return this.exporter?.failedSpans ?? 0;
  }

  /** Whether spans are exported (and calls should carry span ids). */
  get tracing(): boolean {
    return this.spans !== undefined;
  }

  observe(trace: TraceRecord, call: Call): void {
    const span = call.span;
    const wantsSpan = span !== null && span.sampled && this.spans !== undefined;
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
      if (item.span) this.emitSpan(item.trace, item.span, genAiAttributes(item.trace, item.facts, this.options.providerTypes));
      this.record(item.trace);
    }
  }

  /** Exports everything queued and stops (on shutdown). */
  async shutdown(): Promise<void> {
    this.drain();
    await Promise.allSettled([this.spans?.shutdown(), this.meterProvider?.shutdown()]);
  }

  /** Exports what is batched now, without stopping (tests, and `flush` on shutdown paths). */
  async flush(): Promise<void> {
    this.drain();
    await Promise.allSettled([this.spans?.forceFlush(), this.meterProvider?.forceFlush()]);
  }

  /**
   * The call's span, handed to the batch processor as the finished span it is: the call is over,
   * so there is nothing to instrument live, and making the SDK's Span object and ending it at once
   * would only cost time (and need the span id the gateway already answered with).
   */
  private emitSpan(trace: TraceRecord, span: SpanIds, attributes: Attributes): void {
    const processor = this.spans;
    if (!processor) return;
    const traceState = span.traceState ? new TraceState(span.traceState) : undefined;
    const context: SpanContext = { traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED, traceState };
    const startTime = millisToHrTime(trace.ts);
    const endTime = millisToHrTime(trace.ts + trace.latencyMs);
    const readable: ReadableSpan = {
      name: `${attributes['gen_ai.operation.name']} ${trace.requestedModel}`,
      kind: SpanKind.CLIENT,
      spanContext: () => context,
      parentSpanContext: span.parentSpanId ? { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState } : undefined,
      startTime,
      endTime,
      duration: hrTimeDuration(startTime, endTime),
      status: trace.status >= 400 ? { code: SpanStatusCode.ERROR, message: trace.errorMessage ?? undefined } : { code: SpanStatusCode.UNSET },
      attributes,
      links: [],
      // Attempts run one after another: each event is at its attempt's end.
      events: trace.attempts.map((attempt, i) => ({
        name: 'switchyard.attempt',
        time: millisToHrTime(trace.ts + trace.attempts.slice(0, i + 1).reduce((sum, a) => sum + a.latencyMs, 0)),
        attributes: { 'switchyard.provider': attempt.provider, 'gen_ai.request.model': attempt.model, 'http.response.status_code': attempt.status, 'switchyard.latency_ms': attempt.latencyMs, ...(attempt.error ? { 'error.message': attempt.error } : {}) },
      })),
      ended: true,
      resource: this.resource,
      instrumentationScope: { name: 'switchyard' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
    processor.onEnd(readable);
  }

  private record(trace: TraceRecord): void {
    if (!this.duration || !this.tokenUsage || !this.firstChunk) return;
    const common: Attributes = { 'gen_ai.operation.name': operationName(trace), 'gen_ai.request.model': trace.requestedModel };
    const provider = trace.provider ?? trace.attempts[trace.attempts.length - 1]?.provider;
    if (provider !== undefined) common['gen_ai.provider.name'] = providerName(provider, this.options.providerTypes);
    if (trace.upstreamModel) common['gen_ai.response.model'] = trace.upstreamModel;
    this.duration.record(trace.latencyMs / 1000, trace.status >= 400 ? { ...common, 'error.type': trace.errorCode ?? String(trace.status) } : common);
    if (trace.inputTokens > 0) this.tokenUsage.record(trace.inputTokens, { ...common, 'gen_ai.token.type': 'input' });
    if (trace.outputTokens > 0) this.tokenUsage.record(trace.outputTokens, { ...common, 'gen_ai.token.type': 'output' });
    if (trace.stream && trace.ttftMs !== null) this.firstChunk.record(trace.ttftMs / 1000, common);
  }
}
