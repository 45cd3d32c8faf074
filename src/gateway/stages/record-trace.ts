import { textLengthPast } from '../../core/text-length-past.js';
import { clientStatus } from '../../core/formats.js';
import { internalKeyName } from '../../core/internal-caller.js';
import { JsonText } from '../../core/json-text.js';
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
  const bodies = tracedBodies(call, keepBodies);
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
    decisions: bodies.dropped ? { ...call.decisions, bodies: bodies.dropped } : call.decisions,
    otel: call.span ? { traceId: call.span.traceId, spanId: call.span.spanId, parentSpanId: call.span.parentSpanId ?? null } : null,
    session: call.session,
    request: bodies.request,
    response: bodies.response,
  };
}

/**
 * The most characters of a body kept as text (`JsonText`) a trace keeps: an upstream's answer may
 * be 64 MiB (the bound on reading one), and a trace of it cost the event loop a copy of it to the
 * writer thread, that thread a parse, and the store 64 MB and its search words. Above a request's
 * default limit (10 MB): no trace of an answer a client could send back is cut.
 */
export const MAX_TRACE_BODY_CHARS = 16 * 1024 * 1024;

/**
 * The bodies a trace keeps: none in metadata-only mode, a cache hit's answer not again (it is on
 * the trace it names, decisions.cache.trace), and no body past `MAX_TRACE_BODY_CHARS`, said why
 * in `dropped` (the trace's `decisions.bodies`).
 */
function tracedBodies(call: Call, keepBodies: boolean): { request: unknown; response: unknown; dropped?: string } {
  if (!keepBodies) return { request: null, response: null };
  const bodies = { request: call.request, response: call.answerTracedOn === null ? call.response : null };
  // A body kept as an object (a streamed answer folded into one, a translated answer) is measured
  // by its text: a 17 MiB streamed answer went whole to the writer thread and the store.
  const lengths = (['request', 'response'] as const).map((which) => {
    const body = bodies[which];
    const length = body instanceof JsonText ? (body.text.length > MAX_TRACE_BODY_CHARS ? body.text.length : undefined) : textLengthPast(body, MAX_TRACE_BODY_CHARS);
    return { which, length };
  });
  const over = lengths.filter((l): l is { which: 'request' | 'response'; length: number } => l.length !== undefined);
  if (over.length === 0) return bodies;
  const said = over.map(({ which, length }) => `the ${which} (${bodies[which] instanceof JsonText ? '' : 'over '}${length.toLocaleString('en-US')} characters)`);
  for (const { which } of over) bodies[which] = null;
  return { ...bodies, dropped: `dropped: ${said.join(' and ')}, more than the ${MAX_TRACE_BODY_CHARS.toLocaleString('en-US')} a trace keeps` };
}
