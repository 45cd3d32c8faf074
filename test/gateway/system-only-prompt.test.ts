import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * A chat request whose only message is a system message, as BAML (`@boundaryml/baml` 0.226)
 * sends a prompt written without roles to an OpenAI-compatible client: the body below is what
 * `b.request.Hello('trains')` built for `provider openai-generic`, recorded on 2026-12-07.
 * OpenAI answers it. Anthropic and Google refuse an empty conversation, which BAML's own
 * Anthropic and Google clients avoid by sending the text as the user turn; the gateway answered
 * the same function 400 "messages must contain at least one non-empty user or assistant message"
 * on every Claude and Gemini model.
 */
const baml = { messages: [{ role: 'system', content: [{ type: 'text', text: 'Say hello to trains in one sentence.' }] }] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

describe('a prompt of system messages alone', () => {
  it.each(MODELS)('%s answers it in text', async (model) => {
    const { data, response } = await h.openai('sk-sy-alpha-key').chat.completions.create({ model, ...baml } as never).withResponse();
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    const trace = await h.traceOf(response);
    if (model === 'claude' || model === 'flash') expect(trace.decisions?.['system_as_user']).toMatchObject({ reason: expect.stringContaining('only system messages') });
    else expect(trace.decisions?.['system_as_user']).toBeUndefined();
  });

  it('reaches Claude as the user turn and Gemini as the user content, with no system prompt left', async () => {
    const client = h.openai('sk-sy-alpha-key');
    await client.chat.completions.create({ model: 'claude', messages: [{ role: 'system', content: 'Say hello to trains.' }, { role: 'developer', content: 'Be brief.' }] });
    const claude = h.sim.stats().lastRequests.findLast((r) => r.path === '/v1/messages')?.body as { system?: unknown; messages: unknown };
    expect(claude.system).toBeUndefined();
    expect(claude.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Say hello to trains.' }, { type: 'text', text: 'Be brief.' }] }]);
    await client.chat.completions.create({ model: 'flash', ...baml } as never);
    const gemini = h.sim.stats().lastRequests.findLast((r) => r.path.includes(':generateContent'))?.body as { systemInstruction?: unknown; contents: unknown };
    expect(gemini.systemInstruction).toBeUndefined();
    expect(gemini.contents).toEqual([{ role: 'user', parts: [{ text: 'Say hello to trains in one sentence.' }] }]);
  });

  it('a conversation with nothing at all to say is still refused, naming messages', async () => {
    const refused = h.openai('sk-sy-alpha-key').chat.completions.create({ model: 'claude', messages: [{ role: 'system', content: '' }] });
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'messages' });
  });
});
