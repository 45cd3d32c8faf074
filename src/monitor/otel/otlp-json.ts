import type { AppSpan } from '../../core/app-spans.js';
import { clip } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';

/** Bounds on one export request, so a misbehaving exporter cannot fill the store. */
export const OTLP_LIMITS = { spans: 10_000, attributes: 128, textChars: 4_096, depth: 4 } as const;

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HEX16 = /^[0-9a-fA-F]{16}$/;
const KINDS: Record<string, number> = { SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 };
const STATUS: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function bad(path: string, expected: string, got: unknown): SwitchyardError {
  const shown = JSON.stringify(got)?.slice(0, 80) ?? String(got);
  return new SwitchyardError('invalid_request', `${path}: expected ${expected}, got ${shown}`, { param: path });
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad(path, 'an array', value);
  return value;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(path, 'an object', value);
  return value as Record<string, unknown>;
}

/** Nanoseconds since the epoch (a decimal string or a number in OTLP/JSON) as milliseconds. */
function unixNanoToMs(value: unknown, path: string): number {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return Number(BigInt(value) / 1000n) / 1000;
  // A number this large is not exact as a double: keep microseconds, as the string form does.
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value / 1e3) / 1e3;
  throw bad(path, 'nanoseconds since the epoch as a decimal string', value);
}

function enumValue(value: unknown, names: Record<string, number>, max: number, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  // An own name only: `"toString" in names` is true, and its function was stored as the span's kind.
  if (typeof value === 'string' && Object.hasOwn(names, value)) return names[value] as number;
  throw bad(path, `an integer from 0 to ${max}`, value);
}

function text(value: string): string {
  return clip(value, OTLP_LIMITS.textChars);
}

/** An OTLP AnyValue as plain JSON. */
function anyValue(value: unknown, path: string, depth: number): unknown {
  const v = object(value ?? {}, path);
  if ('stringValue' in v) return typeof v.stringValue === 'string' ? text(v.stringValue) : String(scalar(v.stringValue, `${path}.stringValue`, 'a string'));
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) {
    const n = Number(scalar(v.intValue, `${path}.intValue`, 'an integer'));
    if (!Number.isFinite(n)) throw bad(`${path}.intValue`, 'an integer', v.intValue);
    return n;
  }
  if ('doubleValue' in v) return Number(scalar(v.doubleValue, `${path}.doubleValue`, 'a number'));
  if ('bytesValue' in v) return String(scalar(v.bytesValue, `${path}.bytesValue`, 'base64 text')).slice(0, OTLP_LIMITS.textChars);
  if (depth >= OTLP_LIMITS.depth) return '…';
  if ('arrayValue' in v) return list(object(v.arrayValue ?? {}, `${path}.arrayValue`).values, `${path}.arrayValue.values`).slice(0, OTLP_LIMITS.attributes).map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  if ('kvlistValue' in v) return keyValues(object(v.kvlistValue ?? {}, `${path}.kvlistValue`).values, `${path}.kvlistValue.values`, depth + 1);
  return null;
}

function keyValues(value: unknown, path: string, depth = 0): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [i, item] of list(value, path).slice(0, OTLP_LIMITS.attributes).entries()) {
    const kv = object(item, `${path}[${i}]`);
    if (typeof kv.key !== 'string') throw bad(`${path}[${i}].key`, 'a string', kv.key);
    entries.push([text(kv.key), anyValue(kv.value, `${path}[${i}].value`, depth)]);
  }
  // Defined, not assigned: `out["__proto__"] = value` set the object's prototype and the attribute was lost.
  return Object.fromEntries(entries);
}

/**
 * A scalar AnyValue's value, converted by the caller as before. An object or array is refused:
 * String() or Number() on one whose `toString` is not a function throws (a 500 before).
 */
function scalar(value: unknown, path: string, expected: string): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw bad(path, expected, value);
}

/**
 * The spans of an OTLP/HTTP JSON trace export (`ExportTraceServiceRequest`), checked: ids are
 * hex, times are nanoseconds, every field has its type; a problem is a 400 naming the field.
 * Attribute values become plain JSON, bounded in count, depth and length.
 *
 * @example decodeOtlpTraces({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [...] }] }] })
 */
export function decodeOtlpTraces(body: unknown): AppSpan[] {
  const request = object(body, 'body');
  const out: AppSpan[] = [];
  for (const [r, rs] of list(request.resourceSpans, 'resourceSpans').entries()) {
    const resourcePath = `resourceSpans[${r}]`;
    const resource = object(rs, resourcePath);
    const resourceAttributes = resource.resource === undefined ? {} : keyValues(object(resource.resource, `${resourcePath}.resource`).attributes, `${resourcePath}.resource.attributes`);
    const service = typeof resourceAttributes['service.name'] === 'string' ? (resourceAttributes['service.name'] as string) : null;
    for (const [s, ss] of list(resource.scopeSpans, `${resourcePath}.scopeSpans`).entries()) {
      const scopePath = `${resourcePath}.scopeSpans[${s}]`;
      for (const [i, item] of list(object(ss, scopePath).spans, `${scopePath}.spans`).entries()) {
        if (out.length >= OTLP_LIMITS.spans) throw new SwitchyardError('invalid_request', `an export may hold at most ${OTLP_LIMITS.spans} spans; send smaller batches`, { status: 413 });
        out.push(decodeSpan(object(item, `${scopePath}.spans[${i}]`), `${scopePath}.spans[${i}]`, service));
      }
    }
  }
  return out;
}

function decodeSpan(span: Record<string, unknown>, path: string, service: string | null): AppSpan {
  if (typeof span.traceId !== 'string' || !HEX32.test(span.traceId)) throw bad(`${path}.traceId`, '32 hex digits', span.traceId);
  if (typeof span.spanId !== 'string' || !HEX16.test(span.spanId)) throw bad(`${path}.spanId`, '16 hex digits', span.spanId);
  const parent = span.parentSpanId;
  if (parent !== undefined && parent !== null && parent !== '' && (typeof parent !== 'string' || !HEX16.test(parent))) throw bad(`${path}.parentSpanId`, '16 hex digits or nothing', parent);
  if (typeof span.name !== 'string') throw bad(`${path}.name`, 'a string', span.name);
  const startMs = unixNanoToMs(span.startTimeUnixNano, `${path}.startTimeUnixNano`);
  const endMs = unixNanoToMs(span.endTimeUnixNano, `${path}.endTimeUnixNano`);
  if (endMs < startMs) throw bad(`${path}.endTimeUnixNano`, 'a time at or after startTimeUnixNano', span.endTimeUnixNano);
  const status = span.status === undefined || span.status === null ? {} : object(span.status, `${path}.status`);
  return {
    traceId: span.traceId.toLowerCase(),
    spanId: span.spanId.toLowerCase(),
    parentSpanId: typeof parent === 'string' && parent !== '' ? parent.toLowerCase() : null,
    name: text(span.name),
    kind: enumValue(span.kind, KINDS, 5, `${path}.kind`),
    service,
    startMs,
    endMs,
    statusCode: enumValue(status.code, STATUS, 2, `${path}.status.code`),
    statusMessage: typeof status.message === 'string' && status.message !== '' ? text(status.message) : null,
    attributes: keyValues(span.attributes, `${path}.attributes`),
  };
}
