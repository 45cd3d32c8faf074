import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Log } from '../../core/log.js';

/** A failure is logged at most this often, so a collector that is down does not flood the log. */
const LOG_EVERY_MS = 60_000;

/**
 * Wraps the OTLP exporter so failed exports are visible: the SDK drops a batch it could not
 * send without a word. Counts the spans lost (a Prometheus counter reads it) and logs the
 * collector's error, at most once a minute.
 *
 * @example const exporter = new ReportingExporter(new OTLPTraceExporter({ url }), log); exporter.failedSpans // 0
 */
export class ReportingExporter implements SpanExporter {
  failedSpans = 0;
  private lastLogAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly inner: SpanExporter,
    private readonly log: Log = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) {
        this.failedSpans += spans.length;
        if (this.now() - this.lastLogAt >= LOG_EVERY_MS) {
          this.lastLogAt = this.now();
          this.log(`OpenTelemetry export failed, ${spans.length} spans dropped (${this.failedSpans} so far): ${result.error?.message ?? 'unknown error'}`, { level: 'error' });
        }
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
