import { connect, type Socket } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { hostileJson } from '../../src/test-support/hostile-json.js';

/**
 * Hostile clients of the Responses API's WebSocket mode (`/v1/responses` upgraded): every bad
 * message gets a 400 `error` event naming what is wrong and the socket keeps serving; a message
 * too big (as sent, or once inflated) closes the socket with 1009; a client that floods the socket
 * while reading none of its events is closed (1008) instead of making the gateway hold every refusal.
 */
let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startHarness();
  url = `${h.gateway.url.replace('http:', 'ws:')}/v1/responses`;
});
afterAll(() => h.close());

type ErrorEvent = { type: string; status?: number; error?: { message: string; param: string | null; code: string | null } };

/** A socket whose events are read in order. */
async function open(): Promise<{ ws: WebSocket; next: () => Promise<ErrorEvent> }> {
  const ws = new WebSocket(url, { headers: { authorization: 'Bearer sk-sy-test' }, perMessageDeflate: false });
  const events: ErrorEvent[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    events.push(JSON.parse(String(data)) as ErrorEvent);
    waiters.shift()?.();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = async () => {
    while (events.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return events.shift() as ErrorEvent;
  };
  return { ws, next };
}

/** After a refused message, the same socket still answers a warm-up. */
async function stillServes(ws: WebSocket, next: () => Promise<ErrorEvent>): Promise<void> {
  ws.send(JSON.stringify({ type: 'response.create', model: 'small', input: 'hi', generate: false }));
  expect((await next()).type).toBe('response.created');
  expect((await next()).type).toBe('response.completed');
}

describe('bad messages get a 400 error event naming the field, and the socket keeps serving', () => {
  it('a message nested deeper than 128 levels is named, not a 500 (stack overflow)', async () => {
    const { ws, next } = await open();
    ws.send(`{"type":"response.create","model":"small","input":"hi","metadata":{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`);
    const event = await next();
    expect(event).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_json' } });
    expect(event.error?.message).toMatch(/^the message nests objects and arrays more than 128 levels deep \(at metadata\.a\[0\]/);
    await stillServes(ws, next);
    ws.close();
  });

  it('a warm-up (generate: false) is checked as a call is: its body is echoed and continued', async () => {
    const { ws, next } = await open();
    for (const [body, param, message] of [
      [{ model: 5, input: 'hi' }, 'model', /model/],
      [{ model: 'small', input: 'hi', tools: 'bash' }, 'tools', /^invalid request: tools: expected array, got "bash"/],
      [{ model: 'small', input: 'hi', reasoning: { effort: 'maximal' } }, 'reasoning.effort', /reasoning\.effort/],
      [{ model: 'small', input: 'hi', background: true }, 'background', /background/],
    ] as const) {
      ws.send(JSON.stringify({ type: 'response.create', generate: false, ...body }));
      const event = await next();
      expect(event, JSON.stringify(body)).toMatchObject({ type: 'error', status: 400, error: { param } });
      expect(event.error?.message).toMatch(message);
    }
    await stillServes(ws, next);
    ws.close();
  });

  it('a number past ±1.8e308 is named as over HTTP, not sent on as null (no cap, no temperature)', async () => {
    const { ws, next } = await open();
    // The message was written out again for the pipeline, and JSON.stringify makes Infinity null:
    // max_output_tokens 1e999 was a call with no cap, temperature -1e999 one at the default.
    for (const [field, literal, shown] of [['max_output_tokens', '1e999', 'Infinity'], ['temperature', '-1e999', '-Infinity'], ['metadata', '{"n":1e999}', 'Infinity']] as const) {
      ws.send(`{"type":"response.create","model":"small","input":"hi","${field}":${literal}}`);
      const event = await next();
      const path = field === 'metadata' ? 'metadata.n' : field;
      expect(event).toMatchObject({ type: 'error', status: 400, error: { param: path } });
      expect(event.error?.message).toBe(`${path}: ${shown} (a number past ±1.8e308: 1e999 in JSON, .inf in YAML): send a finite number`);
    }
    await stillServes(ws, next);
    ws.close();
  });

  it('generate must be a boolean: "no" is not a call with a model answer', async () => {
    const { ws, next } = await open();
    for (const generate of ['no', 0, 'false', {}]) {
      ws.send(JSON.stringify({ type: 'response.create', model: 'small', input: 'hi', generate }));
      const event = await next();
      expect(event).toMatchObject({ type: 'error', status: 400, error: { param: 'generate' } });
      expect(event.error?.message).toBe(`generate must be a boolean (false: a warm-up without a model call), got ${JSON.stringify(generate)}`);
    }
    await stillServes(ws, next);
    ws.close();
  });

  it('any JSON value as a message, or in any field of a warm-up, is answered with events, never a 500', async () => {
    const { ws, next } = await open();
    const anyJson = fc.oneof(hostileJson(['type', 'role', 'content', 'text', 'name']), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, '', [], {}, -1, 1e308, 'x'.repeat(5000), '\u0000\u001b[2J'));
    const field = fc.constantFrom('type', 'model', 'input', 'generate', 'previous_response_id', 'tools', 'client_metadata', 'instructions', 'store', 'metadata', 'text', 'reasoning');
    await fc.assert(
      fc.asyncProperty(field, anyJson, fc.boolean(), async (name, value, warm) => {
        ws.send(JSON.stringify({ type: 'response.create', model: 'small', input: 'hi', ...(warm ? { generate: false } : {}), [name]: value }));
        // Read to the end of the answer: an error event, response.completed/incomplete/failed, or nothing (response.processed).
        if (name === 'type' && value === 'response.processed') return;
        for (;;) {
          const event = await next();
          if (event.type === 'error') {
            expect(event.status, JSON.stringify(event)).toBeLessThan(500);
            expect(event.error?.message.length).toBeLessThan(600);
            return;
          }
          if (['response.completed', 'response.incomplete', 'response.failed'].includes(event.type)) return;
        }
      }),
      { numRuns: fuzzRuns(60) },
    );
    await stillServes(ws, next);
    ws.close();
  }, 120_000);
});

/** A hand-made WebSocket client frame (masked, FIN; `rsv1` for a compressed message). */
function clientFrame(payload: Buffer, rsv1 = false): Buffer {
  const first = 0x80 | (rsv1 ? 0x40 : 0) | 0x1;
  const length = payload.length;
  const head = length < 126 ? Buffer.from([first, 0x80 | length]) : Buffer.alloc(10);
  if (length >= 126) {
    head[0] = first;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([head, mask, masked]);
}

/** A raw upgraded socket, for what a well-behaved client library will not send. */
async function rawSocket(deflate: boolean): Promise<Socket> {
  const socket = connect(Number(new URL(h.gateway.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const extension = deflate ? 'Sec-WebSocket-Extensions: permessage-deflate\r\n' : '';
  socket.write(`GET /v1/responses HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer sk-sy-test\r\n${extension}\r\n`);
  const head = await new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  return socket;
}

describe('sizes and readers', () => {
  it('a compressed message that inflates past the body limit (a 64 KB zip bomb of 64 MB) closes the socket with 1009', async () => {
    const socket = await rawSocket(true);
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    const received: Buffer[] = [];
    socket.on('data', (data) => received.push(data));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(clientFrame(bomb, true));
    await closed;
    const reply = Buffer.concat(received);
    expect(reply[0]).toBe(0x88); // a close frame
    expect(reply.readUInt16BE(2)).toBe(1009);
    // The reason follows the code: the frame's length (at most 125) less the code's two bytes.
    expect(reply.subarray(4, 2 + ((reply[1] as number) & 0x7f)).toString()).toMatch(/^message over the limit of .+ as sent or once inflated/);
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
  }, 60_000);

  it('a client that floods the socket and reads none of its events is closed, not buffered for', async () => {
    const socket = await rawSocket(false);
    socket.pause(); // never reads
    let closed = false;
    socket.once('close', () => (closed = true));
    socket.on('error', () => {});
    // 1,000 one-byte messages a write: each a refusal of ~300 bytes the gateway would keep.
    const burst = Buffer.concat(Array.from({ length: 1000 }, () => clientFrame(Buffer.from('x'))));
    let sent = 0;
    const deadline = Date.now() + 30_000;
    while (!closed && Date.now() < deadline) {
      if (!socket.write(burst)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), new Promise((resolve) => setTimeout(resolve, 200))]);
      sent += 1000;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(closed, `still open after ${sent} messages`).toBe(true);
    socket.destroy();
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
  }, 60_000);
});
