import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// The harness's clients connect from 127.0.0.1: one gateway trusts that address as its load
// balancer, the other trusts only a subnet the test never connects from.
const ADMIN = 'admin-key-for-proxy-tests';
let trusting: Harness;
let untrusting: Harness;

beforeAll(async () => {
  [trusting, untrusting] = await Promise.all([
    startHarness(`server: { admin_key: ${ADMIN}, trusted_proxies: [127.0.0.1/32] }`),
    startHarness(`server: { admin_key: ${ADMIN}, trusted_proxies: [10.0.0.0/8] }`),
  ]);
});
afterAll(async () => {
  await Promise.all([trusting?.close(), untrusting?.close()]);
});

/** A dashboard sign-in as a browser behind the load balancer sends it; the status it got. */
async function signIn(h: Harness, forwardedFor: string, password: string): Promise<number> {
  const res = await fetch(`${h.gateway.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ name: 'ana', password }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the admin sign-in throttle behind a load balancer (server.trusted_proxies)', () => {
  it('counts the client the trusted proxy forwards: a guesser is locked out, another admin is not', async () => {
    for (let i = 0; i < 10; i++) expect(await signIn(trusting, '203.0.113.7', 'wrong-admin-key')).toBe(401);
    expect(await signIn(trusting, '203.0.113.7', ADMIN)).toBe(429);
    // Writing another address at the left changes nothing: the proxy's entry is the right-most.
    expect(await signIn(trusting, '198.51.100.1, 203.0.113.7', ADMIN)).toBe(429);
    expect(await signIn(trusting, '203.0.113.8', ADMIN)).toBe(200);
    expect(await signIn(trusting, '[2001:db8::8]:50000', ADMIN)).toBe(200);
  });

  it('survives a 10 kB X-Forwarded-For of garbage and of thousands of entries through the trusted peer', async () => {
    // Garbage stops the walk at the hop that wrote it: the peer, whose bucket the guesser above never touched.
    expect(await signIn(trusting, `203.0.113.7, ${'x'.repeat(10_000)}`, ADMIN)).toBe(200);
    expect(await signIn(trusting, Array.from({ length: 900 }, (_, i) => `198.51.${i >> 8}.${i & 255}`).join(','), ADMIN)).toBe(200);
    expect(await signIn(trusting, `${'[::1]:1, unknown, '.repeat(500)}203.0.113.9`, ADMIN)).toBe(200);
  });

  it('counts the peer when it is not a trusted proxy: forged X-Forwarded-For entries buy no fresh bucket', async () => {
    for (let i = 0; i < 10; i++) expect(await signIn(untrusting, `203.0.113.${i}`, 'wrong-admin-key')).toBe(401);
    expect(await signIn(untrusting, '203.0.113.200', ADMIN)).toBe(429);
  });

  it('believes X-Forwarded-Proto for the not-found hint only from a trusted proxy', async () => {
    const hint = async (h: Harness) => {
      const res = await fetch(`${h.gateway.url}/v1/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-forwarded-proto': 'https' }, body: '{}' });
      expect(res.status).toBe(404);
      return ((await res.json()) as { error: { message: string } }).error.message;
    };
    expect(await hint(trusting)).toContain(`use the host root, ${trusting.gateway.url.replace('http:', 'https:')}`);
    expect(await hint(untrusting)).toContain(`use the host root, ${untrusting.gateway.url})`);
  });
});
