import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuMs } from '../../src/test-support/cpu-clock.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(`
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies:
    all:
      pii: { default_action: redact }
      injection: { action: flag }
      output: { pii: { action: flag }, banned_words: { words: [forbidden] }, stream: buffer }
  apply: { default: all }
`);
  // Echo-like answers: whatever placeholders the model is sent come back to be restored.
  h.sim.addScript({ match: '<', reply: 'Noted <EMAIL_1>, <PERSON_1> and <PHONE_2> <EMAIL_9> <' });
});
afterAll(async () => {
  await h?.close();
});

const fragment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('ann@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', 'DE89370400440532013000', 'John Smith', '<EMAIL_1>', '<PERSON_', '\u200b', '"', '\\', '\n\n', 'data: [DONE]'),
);
const text = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(' '));

async function send(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('guarded gateway under hostile text', () => {
  for (const [path, make] of [
    ['/v1/chat/completions', (content: string, stream: boolean) => ({ model: 'small', stream, messages: [{ role: 'system', content }, { role: 'user', content }] })],
    ['/v1/messages', (content: string, stream: boolean) => ({ model: 'claude', max_tokens: 20, stream, system: content, messages: [{ role: 'user', content }] })],
    ['/v1/responses', (content: string, stream: boolean) => ({ model: 'small', stream, instructions: content, input: content })],
  ] as const) {
    it(`${path}: any text is answered below 500, and no raw value it redacted comes back as a placeholder`, async () => {
      await fc.assert(
        fc.asyncProperty(text, fc.boolean(), async (content, stream) => {
          const { status, text: answer } = await send(path, make(content, stream));
          expect(status).toBeLessThan(500);
          if (status === 200 && content.includes('ann@example.com') && !stream) expect(answer).not.toContain('<EMAIL_1>');
        }),
        { numRuns: fuzzRuns(25) },
      );
    });
  }
});

describe('guarded gateway under blank lines', () => {
  // A run of newlines made one heuristic rule (`\n\s*dan:`) quadratic: three requests of 150,000
  // held every guarded request behind them for 22 s on a two-core host (helper hostile3, 2026-12-06).
  it('three requests of 150,000 newlines each are answered at once, and a request beside them too', async () => {
    const started = cpuMs();
    const blank = Array.from({ length: 3 }, () => send('/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: `hi${'\n'.repeat(150_000)}there` }] }));
    const beside = await send('/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    expect(beside.status).toBe(200);
    expect((await Promise.all(blank)).map((r) => r.status)).toEqual([200, 200, 200]);
    // Linear scans take well under a second here; the quadratic rule took 20 s and more.
    expect(cpuMs() - started).toBeLessThan(8_000);
  }, 60_000);
});
