import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintSecret } from '../../src/limits/keys.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// A client still sending a runtime key's old secret (rotated away: once or twice) or a revoked key
// is told so, and when, in each API's own 401 (OpenAI's invalid_api_key, Anthropic's
// authentication_error), and on the admin API its key reads traces with; never the new secret nor
// anything about another key. A secret that was never a key's gets the general 401.
const ADMIN = 'admin-key-retired-401';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
}, 60_000);
afterAll(() => h.close());

async function admin(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
}

const hello = { messages: [{ role: 'user' as const, content: 'hi' }] };
async function openaiError(secret: string): Promise<InstanceType<typeof OpenAI.APIError>> {
  const client = h.openai(secret);
  return (await client.chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
}
async function anthropicError(secret: string): Promise<InstanceType<typeof Anthropic.APIError>> {
  const client = h.anthropic(secret);
  return (await client.messages.create({ model: 'claude', max_tokens: 20, ...hello }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
}
async function adminApiMessage(secret: string): Promise<[number, string]> {
  const response = await fetch(`${h.gateway.url}/api/traces`, { headers: { authorization: `Bearer ${secret}` } });
  return [response.status, ((await response.json()) as { error: { message: string } }).error.message];
}

describe('a runtime key’s old secret', () => {
  it('is told it was replaced by a rotation and when its grace ended, through two rotations, in each API’s 401', async () => {
    const first = (await admin('/api/keys', { name: 'rotating-bot' })).key as string;
    const second = await admin('/api/keys/rotating-bot/rotate', { grace_seconds: 0 });
    const third = await admin('/api/keys/rotating-bot/rotate', { grace_seconds: 0 });
    const newest = third.key as string;
    expect((await h.openai(newest).chat.completions.create({ model: 'small', ...hello })).choices).toHaveLength(1);
    for (const [old, rotation] of [
      [first, second],
      [second.key as string, third],
    ] as const) {
      const endedAt = new Date(rotation.rotatedAt as number).toISOString();
      const said = `invalid API key (fingerprint ${fingerprintSecret(old)}): this is the previous secret of key "rotating-bot", replaced by a rotation whose grace period ended at ${endedAt}; use the key's new secret`;
      const openai = await openaiError(old);
      expect(openai).toMatchObject({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: `401 ${said}` });
      const anthropic = await anthropicError(old);
      expect(anthropic).toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error', message: said } } });
      expect(await adminApiMessage(old)).toEqual([401, said]);
      for (const message of [openai.message, anthropic.message]) expect(message).not.toContain(newest.slice(6, 16));
    }
  });

  it('of a revoked key is told the key was revoked and when, whichever of its secrets it is', async () => {
    const first = (await admin('/api/keys', { name: 'gone-bot' })).key as string;
    const second = (await admin('/api/keys/gone-bot/rotate', { grace_seconds: 0 })).key as string;
    const revoked = await fetch(`${h.gateway.url}/api/keys/gone-bot`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    const at = new Date(((await revoked.json()) as { revokedAt: number }).revokedAt).toISOString();
    for (const secret of [first, second]) {
      const said = `invalid API key (fingerprint ${fingerprintSecret(secret)}): key "gone-bot" was revoked at ${at}; ask the gateway's admin for a new key`;
      expect(await openaiError(secret)).toMatchObject({ status: 401, code: 'invalid_api_key', message: `401 ${said}` });
      expect((await anthropicError(secret)).error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: said } });
      expect(await adminApiMessage(secret)).toEqual([401, said]);
      // Calls that are not model calls (a token count, the model list) say it the same way.
      const counted = (await h.anthropic(secret).messages.countTokens({ model: 'claude', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
      expect(counted).toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error', message: said } } });
      const listed = (await h.openai(secret).models.list().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(listed).toMatchObject({ status: 401, message: `401 ${said}` });
    }
  });

  it('that was never a key’s gets the general 401, naming no key', async () => {
    const error = await openaiError('sk-sy-never-a-key-of-this-gateway');
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(error.message).toContain('it is not a virtual key of this gateway');
    expect(error.message).not.toMatch(/bot/);
    expect(await adminApiMessage('sk-sy-never-a-key-of-this-gateway')).toEqual([401, 'the presented key is neither the admin key nor a virtual key of this gateway']);
  });
});
