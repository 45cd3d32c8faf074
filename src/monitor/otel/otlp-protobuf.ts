import type protobuf from 'protobufjs';
import { SwitchyardError } from '../../core/errors.js';

/**
 * The part of OTLP's trace service schema (opentelemetry-proto, `ExportTraceServiceRequest`)
 * the gateway reads: resources, scopes and spans with their attributes, events left out.
 * Field numbers are the specification's; unknown fields are skipped by the decoder, so newer
 * exporters that send more still decode.
 */
const SCHEMA = {
  nested: {
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
        kvlistValue: { type: 'KeyValueList', id: 6 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
    KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } } },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        parentSpanId: { type: 'bytes', id: 4 },
        name: { type: 'string', id: 5 },
        kind: { type: 'int32', id: 6 },
        startTimeUnixNano: { type: 'fixed64', id: 7 },
        endTimeUnixNano: { type: 'fixed64', id: 8 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
        status: { type: 'Status', id: 15 },
      },
    },
    ScopeSpans: { fields: { spans: { rule: 'repeated', type: 'Span', id: 2 } } },
    ResourceSpans: { fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 } } },
    ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
  },
};

let requestType: protobuf.Type | undefined;

/**
 * protobufjs is loaded on the first protobuf export, not with the gateway: only OTLP ingest over
 * protobuf needs it, and loaded it holds ~1 MB of the process's heap (36 modules).
 */
async function exportRequestType(): Promise<protobuf.Type> {
  if (requestType) return requestType;
  const { default: protobufjs } = await import('protobufjs');
  requestType = protobufjs.Root.fromJSON(SCHEMA).lookupType('ExportTraceServiceRequest');
  return requestType;
}

/** Span and trace ids are bytes in protobuf and hex in OTLP/JSON. */
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** protobufjs gives bytes as base64 (`bytes: String`); OTLP/JSON spells ids as hex. */
function idsToHex(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsToHex);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = ID_FIELDS.has(key) && typeof field === 'string' ? Buffer.from(field, 'base64').toString('hex') : idsToHex(field);
  return out;
}

/**
 * An OTLP/HTTP protobuf trace export as the OTLP/JSON object it is equivalent to, so one
 * checker (`decodeOtlpTraces`) validates both encodings. Bytes that are not a valid export are
 * a 400 saying where decoding stopped.
 *
 * @example decodeOtlpTraces(await otlpProtobufToJson(body)) // the spans, as from JSON
 */
export async function otlpProtobufToJson(body: Uint8Array): Promise<unknown> {
  const type = await exportRequestType();
  let message: protobuf.Message;
  try {
    message = type.decode(body);
  } catch (error) {
    throw new SwitchyardError('invalid_request', `the body is not an OTLP ExportTraceServiceRequest in protobuf: ${(error as Error).message}`);
  }
  // Times stay decimal strings (nanoseconds exceed a double's exact range), as in OTLP/JSON.
  return idsToHex(type.toObject(message, { longs: String, bytes: String, defaults: false, arrays: true, oneofs: false }));
}
