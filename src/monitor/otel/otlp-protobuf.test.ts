import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { decodeOtlpTraces } from './otlp-json.js';
import { otlpProtobufToJson } from './otlp-protobuf.js';
import { fuzzRuns } from '../../test-support/fuzz-runs.js';

/** A varint: seven bits per byte, low first, the top bit saying more follow. */
function varint(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; ; v >>>= 7) {
    if (v < 0x80) return Buffer.from([...bytes, v]);
    bytes.push((v & 0x7f) | 0x80);
  }
}
/** A length-delimited protobuf field: tag (number << 3 | 2), length, payload. */
const field = (number: number, payload: Buffer) => Buffer.concat([Buffer.from([(number << 3) | 2]), varint(payload.length), payload]);
const fixed64 = (number: number, value: bigint) => {
  const bytes = Buffer.alloc(9);
  bytes[0] = (number << 3) | 1;
  bytes.writeBigUInt64LE(value, 1);
  return bytes;
};

describe('OTLP/HTTP protobuf trace exports', () => {
  it('reads the fields the JSON form has: hex ids, nanosecond times as decimal strings, kind, status and attributes', async () => {
    const attribute = field(9, Buffer.concat([field(1, Buffer.from('order.id')), field(2, field(1, Buffer.from('A-17')))]));
    const status = field(15, Buffer.concat([field(2, Buffer.from('timed out')), Buffer.from([(3 << 3) | 0, 2])]));
    const span = Buffer.concat([
      field(1, Buffer.alloc(16, 0xab)),
      field(2, Buffer.alloc(8, 0xcd)),
      field(4, Buffer.alloc(8, 0xef)),
      field(5, Buffer.from('tool lookup')),
      Buffer.from([(6 << 3) | 0, 3]),
      fixed64(7, 1_700_000_000_000_000_000n),
      fixed64(8, 1_700_000_000_250_000_000n),
      attribute,
      status,
    ]);
    const body = field(1, Buffer.concat([field(1, field(1, Buffer.concat([field(1, Buffer.from('service.name')), field(2, field(1, Buffer.from('agent')))]))), field(2, field(2, span))]));
    expect(decodeOtlpTraces(await otlpProtobufToJson(body))).toEqual([
      { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), parentSpanId: 'ef'.repeat(8), name: 'tool lookup', kind: 3, service: 'agent', startMs: 1_700_000_000_000, endMs: 1_700_000_000_250, statusCode: 2, statusMessage: 'timed out', attributes: { 'order.id': 'A-17' } },
    ]);
  });

  it('either decodes or refuses with a 400 — never any other failure — whatever bytes arrive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          decodeOtlpTraces(await otlpProtobufToJson(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(SwitchyardError);
          expect((error as SwitchyardError).status).toBe(400);
        }
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });

  it('loads protobufjs on the first protobuf export, not with the gateway', async () => {
    // A process of its own (the built modules, as `serve` runs them), so no other test has loaded it.
    const server = new URL('../../../dist/server.js', import.meta.url).href;
    const decoder = new URL('../../../dist/monitor/otel/otlp-protobuf.js', import.meta.url).href;
    const script = [
      "const { createRequire } = await import('node:module');",
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/protobufjs/'));",
      `await import(${JSON.stringify(server)});`,
      'const before = loaded();',
      `await (await import(${JSON.stringify(decoder)})).otlpProtobufToJson(new Uint8Array());`,
      'console.log(JSON.stringify({ before, after: loaded() }));',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ before: false, after: true });
  });
});
