import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const ADMIN = 'sk-sy-admin-content-type';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(async () => {
  await h.close();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A raw POST with exactly the headers given, as curl sends it (fetch would add its own content-type). */
function post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(path, h.gateway.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const chat = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
const messages = JSON.stringify({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
const openai = { authorization: 'Bearer sk-sy-test' };
const anthropic = { 'x-api-key': 'sk-sy-test', 'anthropic-version': '2023-06-01' };
const multipart = (field: string) => `--xyz\r\nContent-Disposition: form-data; name="${field}"\r\n\r\nsmall\r\n--xyz--\r\n`;

const messageOf = (answer: Answer) => (answer.body.error as { message: string }).message;

describe('a JSON body sent with another content-type', () => {
  it.each([
    ['application/x-www-form-urlencoded', '/v1/chat/completions', chat, openai],
    ['text/plain', '/v1/chat/completions', chat, openai],
    ['application/x-www-form-urlencoded', '/v1/messages', messages, anthropic],
    ['application/octet-stream', '/v1/messages', ` \r\n${messages}`, anthropic],
  ])('as %s to %s is read as JSON (curl -d sends a form type)', async (type, path, body, headers) => {
    const answer = await post(path, body, { 'content-type': type, ...headers });
    expect(answer.status).toBe(200);
  });
});

describe('a body that is not JSON and was not sent as JSON', () => {
  it('multipart on the OpenAI API is a 415 in its shape, naming the header and the fix', async () => {
    const answer = await post('/v1/chat/completions', multipart('model'), { 'content-type': 'multipart/form-data; boundary=xyz', ...openai });
    expect(answer.status).toBe(415);
    expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported' });
    expect(messageOf(answer)).toBe(
      'request body was sent as content-type "multipart/form-data; boundary=xyz" and is not a JSON object, which this endpoint takes: send one with "content-type: application/json"',
    );
  });

  it('multipart on the Anthropic API is a 415 in its shape', async () => {
    const answer = await post('/v1/messages', multipart('model'), { 'content-type': 'multipart/form-data; boundary=xyz', ...anthropic });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(messageOf(answer)).toContain('content-type "multipart/form-data; boundary=xyz"');
  });

  it('form fields say what curl -d did', async () => {
    const answer = await post('/v1/chat/completions', 'model=small&messages=hi', { 'content-type': 'application/x-www-form-urlencoded', ...openai });
    expect(answer.status).toBe(415);
    expect(messageOf(answer)).toContain(`curl's -d sends its text as a form: give it the JSON object itself`);
  });

  it('a file of bytes is a 415, not "not valid UTF-8"', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    const answer = await post('/v1/embeddings', png, { 'content-type': 'image/png', ...openai });
    expect(answer.status).toBe(415);
    expect(messageOf(answer)).toContain('content-type "image/png"');
  });

  it('a JSON value that is no object, sent as text, is not called "not JSON"', async () => {
    const answer = await post('/v1/chat/completions', '"hi"', { 'content-type': 'text/plain', ...openai });
    expect(answer.status).toBe(415);
    expect(messageOf(answer)).toContain('content-type "text/plain" and is not a JSON object');
  });

  it('the header is quoted cut short, however long', async () => {
    const answer = await post('/v1/responses', 'x', { 'content-type': `text/${'x'.repeat(5_000)}`, ...openai });
    expect(answer.status).toBe(415);
    expect(messageOf(answer).length).toBeLessThan(400);
  });

  it('counting tokens refuses it the same way, in each API', async () => {
    const type = { 'content-type': 'multipart/form-data; boundary=xyz' };
    const anthropicCount = await post('/v1/messages/count_tokens', multipart('model'), { ...type, ...anthropic });
    expect(anthropicCount.status).toBe(415);
    expect(anthropicCount.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const gemini = await post('/v1beta/models/small:countTokens', multipart('contents'), { ...type, 'x-goog-api-key': 'sk-sy-test' });
    expect(gemini.status).toBe(415);
    expect(gemini.body).toMatchObject({ error: { code: 415 } });
    const geminiCall = await post('/v1beta/models/small:generateContent', multipart('contents'), { ...type, 'x-goog-api-key': 'sk-sy-test' });
    expect(geminiCall.status).toBe(415);
    expect(messageOf(geminiCall)).toContain('"content-type: application/json"');
  });

  it('broken JSON sent as JSON keeps the parser’s 400, and the refused call is traced', async () => {
    const broken = await post('/v1/chat/completions', '{"model":', { 'content-type': 'application/json', ...openai });
    expect(broken.status).toBe(400);
    expect(messageOf(broken)).toMatch(/^request body is not valid JSON/);
    await post('/v1/chat/completions', multipart('model'), { 'content-type': 'multipart/form-data; boundary=xyz', ...openai });
    const trace = await h.waitForTrace((t) => t.status === 415);
    expect(trace.errorMessage).toContain('multipart/form-data');
  });
});

describe('a JSON body in UTF-16', () => {
  it('is named as UTF-16 on the model and admin APIs, with or without a byte order mark', async () => {
    const le = Buffer.from(chat, 'utf16le');
    const noMark = await post('/v1/chat/completions', le, { 'content-type': 'application/json', ...openai });
    expect(noMark.status).toBe(400);
    expect(messageOf(noMark)).toBe('request body is UTF-16 (little-endian, no byte order mark), not UTF-8: send JSON encoded as UTF-8');
    const marked = await post('/v1/messages', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(messages, 'utf16le')]), { 'content-type': 'application/json; charset=utf-16', ...anthropic });
    expect(messageOf(marked)).toContain('request body is UTF-16 (little-endian, byte order mark FF FE)');
    const admin = await post('/api/review/rules', Buffer.from(JSON.stringify({ name: 'all', rate: 1 }), 'utf16le'), { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` });
    expect(admin.status).toBe(400);
    expect(messageOf(admin)).toContain('request body is UTF-16 (little-endian, no byte order mark)');
  });
});

describe('the admin and eval APIs take application/json only', () => {
  it.each([
    ['/api/review/rules', 'text/plain', JSON.stringify({ name: 'all', rate: 1 })],
    ['/api/datasets/d/items', 'application/x-www-form-urlencoded', JSON.stringify({ items: [{ input: 'hi' }] })],
    ['/api/datasets/d/items', 'multipart/form-data; boundary=xyz', multipart('items')],
  ])('%s as %s is a 415 naming the header', async (path, type, body) => {
    const answer = await post(path, body, { 'content-type': type, authorization: `Bearer ${ADMIN}` });
    expect(answer.status).toBe(415);
    expect(messageOf(answer)).toContain(`"content-type: application/json" (got "${type}")`);
  });
});
