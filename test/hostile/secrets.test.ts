import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretScrubber } from '../../src/providers/scrub-secrets.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const OPENAI_SECRET = 'echo-openai-upstream-credential-7f3a9c';
const ANTHROPIC_SECRET = 'echo-anthropic-upstream-credential-b41e';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
providers:
  leaky-openai: { type: openai, base_url: ${simUrl}/v1, api_key: ${OPENAI_SECRET} }
  leaky-anthropic: { type: anthropic, base_url: ${simUrl}, api_key: ${ANTHROPIC_SECRET} }
models:
  leaky: { provider: leaky-openai, model: standin-small }
  leaky-claude: { provider: leaky-anthropic, model: claude-standin }
retry: { max_attempts: 1 }
`);
});
afterAll(async () => {
  await h.close();
});

function leaks(text: string, secret: string): boolean {
  return text.includes(secret) || text.includes(secret.slice(0, 8)) || text.includes(secret.slice(-8));
}

describe('a provider that echoes the credential it was sent', () => {
  it('leaks nothing to an OpenAI client or to the trace', async () => {
    const client = h.openai('any');
    const error = (await client.chat.completions.create({ model: 'leaky', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toContain('answered 401');
    expect(error.message).toContain('[redacted]');
    expect(leaks(JSON.stringify(error.error) + error.message, OPENAI_SECRET)).toBe(false);
    const trace = await h.waitForTrace((t) => t.requestedModel === 'leaky');
    expect(leaks(JSON.stringify(trace), OPENAI_SECRET)).toBe(false);
  });

  it('leaks nothing to an Anthropic client, streamed or not', async () => {
    const claude = h.anthropic('any');
    for (const stream of [false, true]) {
      const error = (await claude.messages.create({ model: 'leaky-claude', max_tokens: 10, stream, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect(leaks(error.message, ANTHROPIC_SECRET)).toBe(false);
    }
  });
});

describe('secretScrubber', () => {
  it('removes configured secrets, their masked fragments and key-shaped tokens, and keeps ordinary text', () => {
    const scrub = secretScrubber(['my-very-long-upstream-secret']);
    expect(scrub('bad key my-very-long-upstream-secret')).toBe('bad key [redacted]');
    expect(scrub('key my-very-...m-secret')).toBe('key [redacted]...[redacted]');
    expect(scrub('Incorrect API key provided: sk-proj-****abcd.')).toBe('Incorrect API key provided: [redacted].');
    expect(scrub('token AIzaSyA1234567890abcdefghijklmnop')).toBe('token [redacted]');
    expect(scrub('Authorization: Bearer abcdef1234567890xyz')).toBe('Authorization: [redacted]');
    expect(scrub('model "gpt-4o-mini" is overloaded, retry in 2 s')).toBe('model "gpt-4o-mini" is overloaded, retry in 2 s');
  });
});
