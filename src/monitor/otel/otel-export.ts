import { type Attributes, type Link, type SpanContext, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime, TraceState } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter, type TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { SpanIds } from '../../core/trace-context.js';
import type { Attempt, TraceRecord } from '../../core/trace.js';
import type { Call } from '../../gateway/call.js';
import type { CallObserver } from '../../gateway/stages/record-trace.js';
import type { OtelEndpoints } from './otel-endpoints.js';
import { type CallFacts, callFacts, genAiAttributes, type ProviderDirectory, type ProviderServer } from './genai-attributes.js';
import { GenAiHistograms } from './genai-histograms.js';
import { ReportingExporter } from './reporting-exporter.js';
import type { Log } from '../../core/log.js';

export interface OtelExportOptions {
  endpoints: OtelEndpoints;
  headers: Record<string, string>;
  serviceName: string;
  /** Prompts and answers on spans. */
  content: boolean;
  /** Provider name → type (openai, anthropic, gemini), for gen_ai.provider.name. */
  providerTypes: Readonly<Record<string, string>>;
  /** Provider name → where it listens, for server.address and server.port (providerServers). */
  providerServers?: Readonly<Record<string, ProviderServer>>;
  /** Model or route name → its one provider (modelProviders): gen_ai.provider.name of calls refused before any attempt. */
  modelProviders?: Readonly<Record<string, string>>;
  metricsIntervalMs: number;
  /** Replaces the OTLP trace exporter (tests). */
  spanExporter?: SpanExporter;
  /** How long spans wait to be batched; the SDK's default is 5 s. */
  scheduledDelayMillis?: number;
  /** Where failed exports are reported (at most once a minute). */
  log?: Log;
}

// Shared by every span: the exporter only reads them.
const NO_EVENTS: TimedEvent[] = [];
const NO_LINKS: Link[] = [];
const SCOPE = { name: 'switchyard' };
const UNSET = { code: SpanStatusCode.UNSET };

interface Pending {
  trace: TraceRecord;
  /** Null when only metrics are recorded (tracing off, or the call was not sampled). */
  span: SpanIds | null;
  facts: CallFacts;
}

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
  private readonly histograms: GenAiHistograms | undefined;
  private readonly providers: ProviderDirectory;

  constructor(private readonly options: OtelExportOptions) {
    this.providers = { types: options.providerTypes, servers: options.providerServers ?? {}, byModel: options.modelProviders ?? {} };
    const resource = resourceFromAttributes({ 'service.name': options.serviceName });
    this.resource = resource;
    const { traces, metrics } = options.endpoints;
    if (traces !== undefined || options.spanExporter) {
      this.exporter = new ReportingExporter(options.spanExporter ?? new OTLPTraceExporter({ url: traces, headers: options.headers }), options.log);
      this.spans = new BatchSpanProcessor(this.exporter, { maxQueueSize: 8192, maxExportBatchSize: 512, scheduledDelayMillis: options.scheduledDelayMillis ?? 1_000 });
    }
    if (metrics !== undefined) {
      // The histograms are kept by GenAiHistograms and read by the SDK's reader at each export.
      this.histograms = new GenAiHistograms(resource, this.providers, Date.now());
      const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: metrics, headers: options.headers }), exportIntervalMillis: options.metricsIntervalMs, metricProducers: [this.histograms] });
      this.meterProvider = new MeterProvider({ resource, readers: [reader] });
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
      if (item.span) this.emitSpan(item.trace, item.span, genAiAttributes(item.trace, item.facts, this.providers));
      this.histograms?.record(item.trace);
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
      status: trace.status >= 400 ? { code: SpanStatusCode.ERROR, message: trace.errorMessage ?? undefined } : UNSET,
      attributes,
      links: NO_LINKS,
      // Attempts run one after another: each event is at its attempt's end.
      events: attemptEvents(trace),
      ended: true,
      resource: this.resource,
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
    processor.onEnd(readable);
  }
}

/**
 * One event per upstream attempt, at the attempt's end, when there is more than one or the one
 * failed: a single successful attempt says nothing the span's own attributes (provider, model,
 * status, duration) do not, and its event made up about a quarter of the span's export size.
 */
function attemptEvents(trace: TraceRecord): TimedEvent[] {
  const attempts = trace.attempts;
  if (attempts.length === 0 || (attempts.length === 1 && (attempts[0] as Attempt).status < 400 && !(attempts[0] as Attempt).error)) return NO_EVENTS;
  let end = trace.ts;
  return attempts.map((attempt) => {
    end += attempt.latencyMs;
    return {
      name: 'switchyard.attempt',
      time: millisToHrTime(end),
      attributes: { 'switchyard.provider': attempt.provider, 'gen_ai.request.model': attempt.model, 'http.response.status_code': attempt.status, 'switchyard.latency_ms': attempt.latencyMs, ...(attempt.error ? { 'error.message': attempt.error } : {}) },
    };
  });
}
