import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Chat completions pairs a tool message with the assistant turn before it, so a client may reuse an
 * id from turn to turn (local model servers answer `call_0` every time); Claude wants every
 * `tool_use` id of the request unique, and takes fewer characters. The translation gives each call
 * an id of its own and each result the id of the latest call it answers.
 */
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
`);
  openai = h.openai('x');
});
afterAll(() => h.close());

const weather = { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const call = (id: string, city: string) => ({ id, type: 'function' as const, function: { name: 'weather', arguments: JSON.stringify({ city }) } });
type Block = { type: string; id?: string; tool_use_id?: string };
const upstreamBlocks = () => {
  const last = h.sim.stats().lastRequests.at(-1)!;
  return ((last.body as { messages: { content: Block[] }[] }).messages).flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((b) => b.type === 'tool_use' || b.type === 'tool_result');
};

describe("a chat client's tool call ids, said to Claude", () => {
  it('answers a conversation that reuses call_0 in every turn, each result paired with its own turn\'s call', async () => {
    const answer = await openai.chat.completions.create({
      model: 'sonnet',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Oslo, then in Rome?' },
        { role: 'assistant', content: null, tool_calls: [call('call_0', 'Oslo')] },
        { role: 'tool', tool_call_id: 'call_0', content: 'sunny' },
        { role: 'assistant', content: null, tool_calls: [call('call_0', 'Rome')] },
        { role: 'tool', tool_call_id: 'call_0', content: 'rain' },
      ],
    });
    expect(answer.choices[0]?.message.role).toBe('assistant');
    expect(upstreamBlocks()).toMatchObject([
      { type: 'tool_use', id: 'call_0' },
      { type: 'tool_result', tool_use_id: 'call_0' },
      { type: 'tool_use', id: 'call_0_2' },
      { type: 'tool_result', tool_use_id: 'call_0_2' },
    ]);
  });

  it('keeps apart two ids that Claude\'s alphabet would make one (call.1 and call:1)', async () => {
    await openai.chat.completions.create({
      model: 'sonnet',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        { role: 'assistant', content: null, tool_calls: [call('call.1', 'Oslo'), call('call:1', 'Rome')] },
        { role: 'tool', tool_call_id: 'call:1', content: 'rain' },
        { role: 'tool', tool_call_id: 'call.1', content: 'sunny' },
      ],
    });
    expect(upstreamBlocks()).toMatchObject([
      { type: 'tool_use', id: 'call_1' },
      { type: 'tool_use', id: 'call_1_2' },
      { type: 'tool_result', tool_use_id: 'call_1_2' },
      { type: 'tool_result', tool_use_id: 'call_1' },
    ]);
  });

  it('refuses two calls of one turn with one id, naming the second: their results could not be told apart', async () => {
    const failure = (await openai.chat.completions
      .create({
        model: 'sonnet',
        tools: [weather],
        messages: [
          { role: 'user', content: 'Weather in Oslo and Rome?' },
          { role: 'assistant', content: null, tool_calls: [call('call_0', 'Oslo'), call('call_0', 'Rome')] },
          { role: 'tool', tool_call_id: 'call_0', content: 'sunny' },
        ],
      })
      .catch((error: unknown) => error)) as { status: number; param?: string; message: string };
    expect(failure).toMatchObject({ status: 400, param: 'messages[1].tool_calls[1].id' });
    expect(failure.message).toContain('messages[1].tool_calls[1].id "call_0" repeats messages[1].tool_calls[0].id');
  });

  it('is what Claude itself (the simulator) says to a repeated tool_use id', async () => {
    const claude = new Anthropic({ apiKey: 'sk-up', baseURL: h.sim.url, maxRetries: 0 });
    const use = (id: string) => ({ type: 'tool_use' as const, id, name: 'weather', input: { city: 'Oslo' } });
    const result = (id: string) => ({ type: 'tool_result' as const, tool_use_id: id, content: 'sunny' });
    const failure = (await claude.messages
      .create({
        model: 'claude-sonnet-4-5-20250929',
        max_tokens: 50,
        tools: [{ name: 'weather', input_schema: { type: 'object' } }],
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: [use('toolu_1')] },
          { role: 'user', content: [result('toolu_1')] },
          { role: 'assistant', content: [{ type: 'text', text: 'Again.' }, use('toolu_1')] },
          { role: 'user', content: [result('toolu_1')] },
        ],
      })
      .catch((error: unknown) => error)) as { status: number; error?: { error?: { message?: string } } };
    expect(failure.status).toBe(400);
    expect(failure.error?.error?.message).toBe('messages.3.content.1: `tool_use` ids must be unique');
  });
});
