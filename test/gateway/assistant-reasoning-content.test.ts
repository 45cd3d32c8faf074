import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * A chat client that keeps `reasoning_content` on the assistant turns it sends back (LangChain,
 * LiteLLM and the gateway's own translated answers carry it) reaches OpenAI without it: the field
 * is no part of OpenAI's assistant message, and OpenAI refuses message fields it does not know
 * ("Additional properties are not allowed ('…' was unexpected) - 'messages.1'"). DeepSeek and
 * other OpenAI-compatible servers that need it back get it.
 */
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  gpt: { provider: oai, model: gpt-4.1-mini }
  deepseek: { provider: oai, model: deepseek-reasoner }
`);
  openai = h.openai('x');
});
afterAll(() => h.close());

const messages = [
  { role: 'user', content: 'What is 27 × 453?' },
  { role: 'assistant', content: '12,231', reasoning_content: '27 × 400 + 27 × 53 = 10,800 + 1,431' },
  { role: 'user', content: 'And times two?' },
] as OpenAI.ChatCompletionMessageParam[];

const sentMessages = () => (h.sim.stats().lastRequests.at(-1)?.body as { messages: Record<string, unknown>[] }).messages;

describe('reasoning_content on an assistant turn', () => {
  it('is left out for an OpenAI model, whole and streamed, and the rest of the turn goes as sent', async () => {
    await openai.chat.completions.create({ model: 'gpt', messages });
    expect(sentMessages()[1]).toEqual({ role: 'assistant', content: '12,231' });
    for await (const _ of await openai.chat.completions.create({ model: 'gpt', messages, stream: true }));
    expect(sentMessages()[1]).toEqual({ role: 'assistant', content: '12,231' });
  });

  it('reaches an OpenAI-compatible model that reads it back (DeepSeek)', async () => {
    await openai.chat.completions.create({ model: 'deepseek', messages });
    expect(sentMessages()[1]).toMatchObject({ reasoning_content: '27 × 400 + 27 × 53 = 10,800 + 1,431' });
  });
});
