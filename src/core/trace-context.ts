/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the gateway's span in the caller's
 * distributed trace. Parsed and minted on the request path, so it is string work only: no
 * OpenTelemetry SDK objects are made until the span is exported, off the request path.
 */

/** The gateway's span of one call: its ids, and the caller's span it is a child of. */
export interface SpanIds {
  /** 32 lowercase hex digits, shared with the caller's trace (or new). */
  traceId: string;
  /** 16 lowercase hex digits: the gateway's own span. */
  spanId: string;
  /** The caller's span, from its `traceparent`; undefined for a trace the gateway started. */
  parentSpanId: string | undefined;
  /** Whether the span is recorded and exported (the parent's decision, or the sample ratio). */
  sampled: boolean;
  /** The caller's `tracestate`, passed on unchanged. */
  traceState: string | undefined;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * A `traceparent` header's parent, or undefined when absent or malformed (the spec says to start
 * a new trace then, not to fail the request). Version ff and all-zero ids are invalid; a future
 * version is read by its first four fields, as the spec asks.
 *
 * @example parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
 * // { traceId: '4bf9…4736', spanId: '00f0…02b7', sampled: true }
 */
export function parseTraceparent(header: string | undefined): { traceId: string; spanId: string; sampled: boolean } | undefined {
  if (header === undefined || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/**
 * `length` random lowercase hex digits. Math.random is enough for ids that only need to be
 * unique (OpenTelemetry's own generator uses it too) and is far cheaper than crypto on every call.
 */
export function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/**
 * The gateway span's ids for a call: a child of the caller's span when it sent a valid
 * `traceparent`, else the root of a new trace sampled at `sampleRatio`.
 *
 * @example spanIdsFor('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', undefined, 1).traceId // '4bf92f35…'
 */
export function spanIdsFor(traceparent: string | undefined, tracestate: string | undefined, sampleRatio: number, random: () => number = Math.random): SpanIds {
  const parent = parseTraceparent(traceparent);
  const spanId = randomHex(16);
  if (parent) return { traceId: parent.traceId, spanId, parentSpanId: parent.spanId, sampled: parent.sampled, traceState: tracestate?.slice(0, 512) };
  return { traceId: randomHex(32), spanId, parentSpanId: undefined, sampled: sampleRatio >= 1 || random() < sampleRatio, traceState: undefined };
}

/**
 * The header value naming a span: what the gateway returns as `traceresponse` (W3C Trace Context
 * Level 2), so a caller can find the gateway's span of its request.
 *
 * @example formatTraceparent(ids) // '00-4bf92f3577b34da6a3ce929d0e0e4736-5fb397be34d26b51-01'
 */
export function formatTraceparent(ids: Pick<SpanIds, 'traceId' | 'spanId' | 'sampled'>): string {
  return `00-${ids.traceId}-${ids.spanId}-${ids.sampled ? '01' : '00'}`;
}
