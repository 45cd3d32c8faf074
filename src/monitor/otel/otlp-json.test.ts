import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { decodeOtlpTraces } from './otlp-json.js';
import { fuzzRuns } from '../../test-support/fuzz-runs.js';

const span = (overrides: Record<string, unknown> = {}) => ({ traceId: 'A'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: '', name: 'step', kind: 'SPAN_KIND_SERVER', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: 1_700_000_000_250_000_000, ...overrides });
const request = (spans: unknown[], resourceAttributes: unknown[] = []) => ({ resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ spans }] }] });

describe('OTLP/JSON trace exports', () => {
  it('reads ids, times, kinds, status and every attribute value type', () => {
    const [decoded] = decodeOtlpTraces(
      request(
        [
          span({
            status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
            attributes: [
              { key: 's', value: { stringValue: 'x' } },
              { key: 'i', value: { intValue: '42' } },
              { key: 'd', value: { doubleValue: 0.5 } },
              { key: 'b', value: { boolValue: true } },
              { key: 'a', value: { arrayValue: { values: [{ stringValue: 'p' }, { intValue: 1 }] } } },
              { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { stringValue: 'v' } }] } } },
            ],
          }),
        ],
        [{ key: 'service.name', value: { stringValue: 'agent' } }],
      ),
    );
    expect(decoded).toEqual({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      parentSpanId: null,
      name: 'step',
      kind: 2,
      service: 'agent',
      startMs: 1_700_000_000_000,
      endMs: 1_700_000_000_250,
      statusCode: 2,
      statusMessage: 'boom',
      attributes: { s: 'x', i: 42, d: 0.5, b: true, a: ['p', 1], kv: { inner: 'v' } },
    });
  });

  it('names the field at fault', () => {
    const message = (body: unknown) => {
      try {
        decodeOtlpTraces(body);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message([])).toBe('body: expected an object, got []');
    expect(message({ resourceSpans: {} })).toBe('resourceSpans: expected an array, got {}');
    expect(message(request([span({ spanId: 'xyz' })]))).toBe('resourceSpans[0].scopeSpans[0].spans[0].spanId: expected 16 hex digits, got "xyz"');
    expect(message(request([span({ kind: 9 })]))).toBe('resourceSpans[0].scopeSpans[0].spans[0].kind: expected an integer from 0 to 5, got 9');
    expect(message(request([span({ startTimeUnixNano: 'yesterday' })]))).toContain('spans[0].startTimeUnixNano: expected nanoseconds since the epoch');
    expect(message(request([span({ attributes: [{ key: 1 }] })]))).toBe('resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key: expected a string, got 1');
  });

  it('either decodes or refuses with a 400 or 413 — never any other failure — whatever JSON arrives', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('traceId', 'spanId', 'name', 'attributes', 'key', 'value', 'stringValue', 'intValue', 'arrayValue', 'kvlistValue', 'values', 'status', 'code', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'resourceSpans', 'scopeSpans', 'spans', 'resource'), tie('any'), { maxKeys: 5 })),
    })).any;
    const shaped = fc.record({ traceId: fc.oneof(fc.constant('a'.repeat(32)), fc.string()), spanId: fc.oneof(fc.constant('b'.repeat(16)), fc.string()), name: value, startTimeUnixNano: value, endTimeUnixNano: value, attributes: value, status: value, kind: value });
    fc.assert(
      fc.property(fc.oneof(value, shaped.map((s) => request([s]))), (body) => {
        try {
          decodeOtlpTraces(body);
        } catch (error) {
          expect(error).toBeInstanceOf(SwitchyardError);
          expect([400, 413]).toContain((error as SwitchyardError).status);
        }
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });
});
