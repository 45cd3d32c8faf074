import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A request body's content-encoding (helper hostile3): a compressed JSON body is unpacked, on the
 * model APIs and the admin API as on OTLP ingest, and is bounded once unpacked; a body that is not
 * what its encoding says, or an encoding the gateway cannot unpack, is refused by name. Before, a
 * gzip body was "not valid UTF-8" and a plain one labelled gzip was served as if unlabelled.
 */
const ADMIN = 'sk-sy-admin-encoding';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN}, body_limit_mb: 1 }`);
});
afterAll(() => h.close());

const chat = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'zipped hello' }], max_tokens: 5 });
const post = (body: Buffer | string, encoding: string, path = '/v1/chat/completions') =>
  fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${path.startsWith('/api/') ? ADMIN : 'sk-sy-test'}`, 'content-encoding': encoding }, body });
const messageOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe('a request body with a content-encoding', () => {
  it.each([
    ['gzip', gzipSync(chat)],
    ['x-gzip', gzipSync(chat)],
    ['deflate', deflateSync(chat)],
    ['br', brotliCompressSync(chat)],
    [' GZIP ', gzipSync(chat)],
    ['identity', Buffer.from(chat)],
  ])('is unpacked and served when it is %j', async (encoding, body) => {
    const res = await post(body, encoding);
    expect({ status: res.status, text: (await res.text()).slice(0, 200) }).toMatchObject({ status: 200 });
  });

  it('unpacks an admin API body too', async () => {
    const res = await post(gzipSync(JSON.stringify({ name: 'zipped-rule', rate: 0.5 })), 'gzip', '/api/review/rules');
    expect(res.status).toBe(201);
  });

  it('is refused by name when the bytes are not what the encoding says', async () => {
    const res = await post(chat, 'gzip');
    expect(res.status).toBe(400);
    expect(await messageOf(res)).toBe('request body is not valid gzip data, as its content-encoding says: incorrect header check');
  });

  it('is a 413 naming the limit when it unpacks past it (a zip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    const res = await post(bomb, 'gzip');
    expect(res.status).toBe(413);
    expect(await messageOf(res)).toBe('request body is over the limit of 1 MB once unpacked (content-encoding gzip)');
  });

  it('is a 415 naming the encoding, cut short, when the gateway cannot unpack it', async () => {
    const compress = await post(chat, 'compress');
    expect(compress.status).toBe(415);
    expect(await messageOf(compress)).toBe('content-encoding must be gzip, deflate, br or none (identity), got "compress"');
    const proto = await post(chat, '__proto__');
    expect(await messageOf(proto)).toBe('content-encoding must be gzip, deflate, br or none (identity), got "__proto__"');
    const long = await post(chat, 'z'.repeat(5000));
    expect(long.status).toBe(415);
    expect((await messageOf(long)).length).toBeLessThan(200);
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
  });
});
