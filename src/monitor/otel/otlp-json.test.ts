import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { decodeOtlpTraces } from './otlp-json.js';
import { fuzzRuns } from '../../test-support/fuzz-runs.js';
import { hostileJson } from '../../test-support/hostile-json.js';

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

  it('takes only its own names for a kind or a status: "toString" was a known kind, and its function was stored', () => {
    const at = 'resourceSpans[0].scopeSpans[0].spans[0]';
    expect(() => decodeOtlpTraces(request([span({ kind: 'toString' })]))).toThrow(`${at}.kind: expected an integer from 0 to 5, got "toString"`);
    expect(() => decodeOtlpTraces(request([span({ status: { code: 'constructor' } })]))).toThrow(`${at}.status.code: expected an integer from 0 to 2, got "constructor"`);
    expect(decodeOtlpTraces(request([span({ kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_OK' } })]))[0]).toMatchObject({ kind: 3, statusCode: 1 });
  });

  it('refuses an attribute value that is an object where text or a number belongs (String() on {"toString":[]} threw: a 500)', () => {
    const at = 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value';
    for (const field of ['stringValue', 'intValue', 'doubleValue', 'bytesValue']) {
      const expected = { stringValue: 'a string', intValue: 'an integer', doubleValue: 'a number', bytesValue: 'base64 text' }[field];
      expect(() => decodeOtlpTraces(request([span({ attributes: [{ key: 'k', value: { [field]: { toString: [] } } }] })]))).toThrow(`${at}.${field}: expected ${expected}, got {"toString":[]}`);
    }
    // Scalars of another type are read as before.
    expect(decodeOtlpTraces(request([span({ attributes: [{ key: 's', value: { stringValue: 5 } }, { key: 'i', value: { intValue: '7' } }, { key: 'd', value: { doubleValue: '0.25' } }] })]))[0]?.attributes).toEqual({ s: '5', i: 7, d: 0.25 });
  });

  it('cuts long text at a whole character: a cut through an emoji stored half of it, "\\ud83d" in JSON', () => {
    const long = `${'a'.repeat(4_095)}🙈 and more`;
    const [decoded] = decodeOtlpTraces(request([span({ name: long, attributes: [{ key: 's', value: { stringValue: long } }] })]));
    expect(decoded?.name).toBe(`${'a'.repeat(4_095)}…`);
    expect(decoded?.attributes).toEqual({ s: `${'a'.repeat(4_095)}…` });
  });

  it('keeps an attribute named __proto__ as an attribute (assigning it set the object\'s prototype and lost it)', () => {
    const [decoded] = decodeOtlpTraces(request([span({ attributes: [{ key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } }, { key: 'constructor', value: { stringValue: 'c' } }] })]));
    expect(JSON.parse(JSON.stringify(decoded?.attributes))).toEqual(JSON.parse('{"__proto__":{"polluted":true},"constructor":"c"}'));
    expect((decoded?.attributes as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('either decodes or refuses with a 400 or 413 — never any other failure — whatever JSON arrives', () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, hostileJson(['stringValue', 'intValue', 'doubleValue', 'bytesValue', 'kvlistValue', 'values', 'key', 'value', 'code'], 2), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('traceId', 'spanId', 'name', 'attributes', 'key', 'value', 'stringValue', 'intValue', 'arrayValue', 'kvlistValue', 'values', 'status', 'code', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'resourceSpans', 'scopeSpans', 'spans', 'resource'), tie('any'), { maxKeys: 5 })),
    })).any;
    const shaped = fc.record({ traceId: fc.oneof(fc.constant('a'.repeat(32)), fc.string()), spanId: fc.oneof(fc.constant('b'.repeat(16)), fc.string()), name: value, startTimeUnixNano: value, endTimeUnixNano: value, attributes: value, status: value, kind: value });
    fc.assert(
      fc.property(fc.oneof(value, shaped.map((s) => request([s]))), (body) => {
        try {
          // What is decoded is stored as JSON: a kind or status that is not a number, or text that cannot be written, is not decoded.
          for (const decoded of decodeOtlpTraces(body)) {
            expect(typeof decoded.kind).toBe('number');
            expect(typeof decoded.statusCode).toBe('number');
            JSON.stringify(decoded);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(SwitchyardError);
          expect([400, 413]).toContain((error as SwitchyardError).status);
        }
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });
});
