import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const ADMIN = 'sk-sy-admin-hostile';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(async () => {
  await h.close();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function call(method: string, path: string, init: { body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<Answer> {
  const auth = path.startsWith('/api') || path === '/metrics' ? ADMIN : 'sk-sy-test';
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${auth}`, 'anthropic-version': '2023-06-01', ...init.headers }, body: init.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The error message of an answer in either API shape, or a failure naming what came instead. */
function messageOf(answer: Answer): string {
  const body = JSON.parse(answer.text) as { error?: { message?: unknown } };
  if (typeof body.error?.message !== 'string') throw new Error(`no error message in ${answer.text.slice(0, 200)}`);
  return body.error.message;
}

async function stillServing(): Promise<void> {
  expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
}

describe('a method a path does not take is a 405 naming the ones it does', () => {
  it.each([
    ['PATCH', '/api/traces', 'GET, HEAD'],
    ['PUT', '/api/keys', 'GET, POST, HEAD'],
    ['DELETE', '/api/overview', 'GET, HEAD'],
    ['PATCH', '/api/session', 'GET, POST, DELETE, HEAD'],
    ['PUT', '/api/feedback', 'POST, GET, HEAD'],
    ['POST', '/metrics', 'GET, HEAD'],
    ['GET', '/v1/traces', 'POST'],
    ['PUT', '/v1/chat/completions', 'POST'],
    ['DELETE', '/v1/messages', 'POST'],
    ['GET', '/v1/messages/count_tokens', 'POST'],
    ['PATCH', '/v1/responses/resp_nope', 'GET, DELETE, HEAD'],
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['POST', '/v1/models', 'GET, HEAD'],
    ['PUT', '/v1/models/small', 'GET, HEAD'],
  ])('%s %s → 405, Allow: %s, a JSON error naming the method', async (method, path, allow) => {
    const answer = await call(method, path, { body: method === 'GET' ? undefined : '{}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allow);
    expect(messageOf(answer)).toMatch(new RegExp(`takes .*, not ${method}$`));
  });

  it('GET and HEAD still answer /health and /v1/models', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('HEAD', '/health')).status).toBe(200);
    expect((await call('GET', '/v1/models')).status).toBe(200);
    expect((await call('HEAD', '/v1/models')).status).toBe(200);
  });
});
