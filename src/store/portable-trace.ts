import { JsonText, jsonTextOf } from '../core/json-text.js';
import type { TraceRecord } from '../core/trace.js';

/**
 * A trace as it crosses to the trace-write thread: its fields as an array in a fixed order,
 * bodies as their JSON text (a `JsonText` would arrive as a plain object). Not an object: a
 * thread's structured clone writes every property of an object with its name and rebuilds the
 * object name by name, and the copies made around it (bodies as text, then as `JsonText` again)
 * were two more objects per trace. In a loop over 128-trace batches through a `MessageChannel`
 * (both ends, no database), 6.2 → 4.0 µs per trace; an array filled by a loop over the names,
 * instead of written out here, cost more than objects (~10 µs).
 */
export type PortableTrace = readonly [
  id: string,
  ts: number,
  requestId: string,
  endpoint: TraceRecord['endpoint'],
  keyName: string | null,
  team: string | null,
  requestedModel: string,
  provider: string | null,
  upstreamModel: string | null,
  status: number,
  errorCode: string | null,
  errorMessage: string | null,
  stream: boolean,
  inputTokens: number,
  outputTokens: number,
  cachedTokens: number,
  reasoningTokens: number,
  usageEstimated: boolean,
  costUsd: number,
  ttftMs: number | null,
  latencyMs: number,
  attempts: TraceRecord['attempts'],
  metadata: TraceRecord['metadata'],
  decisions: TraceRecord['decisions'],
  otel: TraceRecord['otel'],
  session: TraceRecord['session'],
  keyId: TraceRecord['keyId'],
  replica: TraceRecord['replica'],
  request: string | null,
  response: string | null,
];

/**
 * The trace as the thread takes it (bodies as the JSON text they were kept as, or serialised now).
 *
 * @example revivedTrace(portableTrace(trace)) // the same trace, bodies as JsonText
 */
export function portableTrace(t: TraceRecord): PortableTrace {
  return [
    t.id, t.ts, t.requestId, t.endpoint, t.keyName, t.team, t.requestedModel, t.provider, t.upstreamModel, t.status, t.errorCode, t.errorMessage, t.stream,
    t.inputTokens, t.outputTokens, t.cachedTokens, t.reasoningTokens, t.usageEstimated, t.costUsd, t.ttftMs, t.latencyMs, t.attempts, t.metadata, t.decisions, t.otel, t.session, t.keyId, t.replica,
    jsonTextOf(t.request), jsonTextOf(t.response),
  ];
}

/** The trace again on the thread's side, bodies as `JsonText` (the store writes them as they are). */
export function revivedTrace(p: PortableTrace): TraceRecord {
  // Every field of a trace is named here, the optional ones too: one added to TraceRecord and not
  // carried is a type error. (A trace without a span arrives with `otel: undefined`; deleting it
  // would turn every trace's object into a slow dictionary.)
  const trace: { [K in keyof Required<TraceRecord>]: TraceRecord[K] } = {
    id: p[0], ts: p[1], requestId: p[2], endpoint: p[3], keyName: p[4], team: p[5], requestedModel: p[6], provider: p[7], upstreamModel: p[8], status: p[9],
    errorCode: p[10], errorMessage: p[11], stream: p[12], inputTokens: p[13], outputTokens: p[14], cachedTokens: p[15], reasoningTokens: p[16], usageEstimated: p[17],
    costUsd: p[18], ttftMs: p[19], latencyMs: p[20], attempts: p[21], metadata: p[22], decisions: p[23], otel: p[24], session: p[25], keyId: p[26], replica: p[27],
    request: p[28] === null ? null : new JsonText(p[28]), response: p[29] === null ? null : new JsonText(p[29]),
  };
  return trace;
}
