import { clientStatus } from '../../core/formats.js';
import { internalKeyName } from '../../core/internal-caller.js';
import type { TraceRecord } from '../../core/trace.js';
import type { Call } from '../call.js';
import type { Stage } from '../pipeline.js';
import type { Log } from '../../core/log.js';

/**
 * Where finished traces go: the batched writer, which never blocks a request. With durable
 * traces, `write` resolves once the trace is journaled, and the answer's last byte waits for it.
 */
export interface TraceSink {
  write(trace: TraceRecord): void | Promise<void>;
}

/**
 * Sees every call once it settled, beside its trace: metrics and span exporters. Runs after the
 * answer was delivered, but still on the request's turn of the event loop, so it only queues.
 */
export interface CallObserver {
  observe(trace: TraceRecord, call: Call): void;
}

/**
 * The outermost stage: every call leaves exactly one trace, however it ends, written after the
 * answer was delivered and every other stage settled.
 */
export function recordTrace(sink: TraceSink, keepBodies: boolean, log: Log, observers: readonly CallObserver[] = []): Stage {
  return (call, next) => {
    call.onSettled(() => {
      for (const error of call.settleErrors) log(`trace ${call.traceId}: ${(error as Error).message ?? String(error)}`, { level: 'error' });
      const trace = toTrace(call, keepBodies);
      const written = sink.write(trace);
      for (const observer of observers) {
        try {
          observer.observe(trace, call);
        } catch (error) {
          log(`trace ${call.traceId}: observer failed: ${(error as Error).message ?? String(error)}`, { level: 'error' });
        }
      }
      return written?.catch((error: unknown) => log(`trace ${call.traceId}: journal write failed (the store still gets it): ${(error as Error).message}`, { level: 'warn' }));
    });
    return next();
  };
}

/** The trace for a delivered call. Bodies are dropped in metadata-only mode. */
export function toTrace(call: Call, keepBodies: boolean): TraceRecord {
  const usage = call.totalUsage();
  const delivery = call.delivery ?? { status: call.error?.status ?? 200, clientClosed: false };
  // A stream that broke after its 200 went out is recorded with the status of what broke it, as a
  // whole error of that kind would have been (the in-band error names it): a rate limit the
  // upstream sent mid-answer is a 429 on rollups and alerts, not one more 502; a cut connection
  // is the 502 it was. The client's 200 is not the outcome: it got an error event, not an answer.
  const status = delivery.clientClosed ? 499 : call.error && delivery.status < 400 ? clientStatus(call.input.format, call.error) : delivery.status;
  const error = delivery.clientClosed && !call.error ? { code: 'client_closed', message: 'the client closed the connection before the answer was complete' } : call.error;
  return {
    id: call.traceId,
    ts: call.startedAt,
    requestId: call.requestId,
    endpoint: call.input.endpoint,
    keyName: call.key?.name ?? (call.input.internal ? internalKeyName(call.input.internal.feature) : null),
    keyId: call.key?.id ?? null,
    team: call.key?.team ?? null,
    requestedModel: call.model,
    provider: call.provider,
    upstreamModel: call.upstreamModel,
    status,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    stream: call.stream,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedTokens: usage?.cachedTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    usageEstimated: usage?.estimated ?? false,
    costUsd: call.costUsd,
    ttftMs: call.ttftMs,
    latencyMs: (call.deliveredAt ?? performance.now()) - call.t0,
    attempts: call.attempts,
    metadata: call.input.metadata ?? null,
    decisions: call.decisions,
    otel: call.span ? { traceId: call.span.traceId, spanId: call.span.spanId, parentSpanId: call.span.parentSpanId ?? null } : null,
    session: call.session,
    request: keepBodies ? call.request : null,
    // A cache hit's answer is on the trace it names (decisions.cache.trace): stores read it from there.
    response: keepBodies && call.answerTracedOn === null ? call.response : null,
  };
}
