import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { responsesConfig } from '../gateway/responses-config.js';

/**
 * Long lists of parts, translated for another vendor: each converter appended a message's parts
 * with `push(...parts)`, which passes every part as an argument, and past ~120,000 of them the
 * stack overflowed — a 500 "Maximum call stack size exceeded" for a body well inside the 10 MB
 * limit (2.4-5.4 MB). Measured 2026-12-07 (helper hostile20).
 */
const N = 200_000;
const textParts = (type: 'text' | 'input_text' = 'text') => Array.from({ length: N }, () => ({ type, text: 'a' }));

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-alpha-key', 'x-api-key': 'sk-sy-alpha-key', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: (await response.text()).slice(0, 300) };
}

describe('200,000 parts in one message, translated for another vendor', () => {
  it.each([
    ['a chat system message to Claude', 'claude', [{ role: 'system', content: textParts() }, { role: 'user', content: 'hi' }]],
    ['a chat system message alone to Claude (it becomes the user turn)', 'claude', [{ role: 'system', content: textParts() }]],
    ['a chat system message to Gemini', 'flash', [{ role: 'system', content: textParts() }, { role: 'user', content: 'hi' }]],
    ['a chat system message alone to Gemini', 'flash', [{ role: 'system', content: textParts() }]],
    ['a second user message to Claude (merged with the first)', 'claude', [{ role: 'user', content: 'x' }, { role: 'user', content: textParts() }]],
    ['a second user message to Gemini (merged with the first)', 'flash', [{ role: 'user', content: 'x' }, { role: 'user', content: textParts() }]],
  ])('%s is answered', async (_, model, messages) => {
    expect(await post('/v1/chat/completions', { model, max_tokens: 5, messages })).toMatchObject({ status: 200 });
  }, 60_000);

  it('a Responses system item to Gemini is answered', async () => {
    const input = [{ role: 'system', content: textParts('input_text') }, { role: 'user', content: 'hi' }];
    expect(await post('/v1/responses', { model: 'flash', max_output_tokens: 16, input })).toMatchObject({ status: 200 });
  }, 60_000);

  it('an Anthropic system of text blocks to Gemini is answered', async () => {
    expect(await post('/v1/messages', { model: 'flash', max_tokens: 5, system: textParts(), messages: [{ role: 'user', content: 'hi' }] })).toMatchObject({ status: 200 });
  }, 60_000);

  it("a Gemini client's function responses to an OpenAI model are answered", async () => {
    const responses = Array.from({ length: N }, () => ({ functionResponse: { name: 'f', response: {} } }));
    const contents = [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] }, { role: 'user', parts: responses }];
    const answer = await post('/v1beta/models/small:generateContent', { contents });
    // Each result answers the one call: the upstream's own answer, not a stack overflow.
    expect(answer.text).not.toContain('call stack');
    expect(answer.status).not.toBe(500);
  }, 60_000);
});
