/**
 * An OpenAI conversation that ends on the assistant's turn, sent to Claude: OpenAI takes it (and
 * answers), Claude 4.5 and earlier continue it as a prefill, and the 4.6 generation on refuses it
 * ("This model does not support assistant message prefill."). The gateway sent it anyway: one
 * wasted call, and a fallback chain of Claude Sonnet 4.6 then GPT failed where GPT would answer.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet-4-6: { provider: anth, model: claude-sonnet-4-6 }
  sonnet-4-5: { provider: anth, model: claude-sonnet-4-5-20250929 }
  sonnet-then-gpt: { fallbacks: [ { provider: anth, model: claude-sonnet-4-6 }, { provider: oai, model: gpt-4.1-mini } ] }
keys:
  - { key: sk-sy-test, name: compat }
`);
  openai = h.openai('sk-sy-test');
});
afterAll(() => h.close());

const endsOnAssistant: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Name a colour' },
  { role: 'assistant', content: 'Blue' },
];
const refusal = 'messages[1] is an assistant message at the end of the conversation, which Claude would continue (a prefill), and claude-sonnet-4-6 takes no prefill (Claude 4.6 and later refuse one): end the conversation with a user message';

describe('a chat conversation that ends on the assistant, for Claude 4.6', () => {
  it('is refused with a 400 naming the message, before anything is sent, whole and streamed', async () => {
    const before = h.sim.stats().requests;
    const error = await openai.chat.completions.create({ model: 'sonnet-4-6', messages: endsOnAssistant }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'messages[1]', message: expect.stringContaining(refusal) });
    const streamed = await openai.chat.completions.create({ model: 'sonnet-4-6', messages: endsOnAssistant, stream: true }).catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
    // The Responses API's input ending on the assistant is the same conversation.
    const responses = await openai.responses.create({ model: 'sonnet-4-6', input: [{ role: 'user', content: 'Name a colour' }, { role: 'assistant', content: 'Blue' }] }).catch((e: unknown) => e);
    expect(responses).toBeInstanceOf(OpenAI.BadRequestError);
    expect(h.sim.stats().requests).toBe(before);
  });

  it('falls through a fallback chain to a model that answers it, the skip on the trace', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'sonnet-then-gpt', messages: endsOnAssistant }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ status: 200, provider: 'oai', upstreamModel: 'gpt-4.1-mini' });
    expect(trace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['oai:200']);
    expect(trace.decisions?.unsupported).toEqual({ skipped: [{ target: 'anth/claude-sonnet-4-6', param: 'messages[1]', reason: expect.stringContaining('takes no prefill') }] });
  });

  it('still reaches Claude 4.5, which continues it, and Claude 4.6 once the user has the last word', async () => {
    expect((await openai.chat.completions.create({ model: 'sonnet-4-5', messages: endsOnAssistant })).choices[0]?.finish_reason).toBe('stop');
    expect(h.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ model: 'claude-sonnet-4-5-20250929', messages: [{ role: 'user' }, { role: 'assistant' }] });
    const answered = await openai.chat.completions.create({ model: 'sonnet-4-6', messages: [...endsOnAssistant, { role: 'user', content: 'Another' }] });
    expect(answered.choices[0]?.finish_reason).toBe('stop');
  });
});
