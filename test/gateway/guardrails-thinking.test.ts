import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// A model reasons with the placeholders it was sent; the client sees its own values in the
// reasoning as in the answer (or, with `restore_thinking: false`, the reasoning exactly as the
// provider wrote and signed it).

let h: Harness;
let openai: OpenAI;
let claude: Anthropic;

const EMAIL = 'jo.smith@example.com';
const QUESTION = `Please write to ${EMAIL} about my order.`;
const THOUGHT = 'They want a reply sent to <EMAIL_1>, so I will confirm <EMAIL_1> first.';
const RESTORED_THOUGHT = `They want a reply sent to ${EMAIL}, so I will confirm ${EMAIL} first.`;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  claude:   { provider: anth, model: claude-standin }
  sonnet:   { provider: anth, model: claude-sonnet-4-5-20250929 }
  reasoner: { provider: sim, model: standin-r1 }
  signed:   { provider: sim, model: standin-r1-signed }
keys:
  - { key: sk-sy-app, name: app }
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies:
    private: { pii: { default_action: redact } }
    as-signed: { pii: { default_action: redact }, restore_thinking: false }
  apply:
    routes: { claude: private, sonnet: private, reasoner: private, signed: as-signed }
retry: { max_attempts: 1 }
`);
  openai = h.openai('sk-sy-app');
  claude = h.anthropic('sk-sy-app');
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sim.clearScripts();
  h.sim.addScript({ match: 'jo\\.smith', reply: 'LEAKED', thinking: 'LEAKED' });
  // An OpenAI-compatible reasoning server (DeepSeek, vLLM): `reasoning_content` before the answer.
  h.sim.addScript({ match: '<EMAIL_1>', thinking: THOUGHT, reply: 'I will write to <EMAIL_1> today.' });
});

describe('PII in the model reasoning', () => {
  it('Anthropic client, whole answer: the thinking block is restored like the text', async () => {
    const message = await claude.messages.create({ model: 'reasoner', max_tokens: 200, messages: [{ role: 'user', content: QUESTION }] });
    const thinking = message.content.find((b) => b.type === 'thinking');
    expect(thinking?.type === 'thinking' ? thinking.thinking : null).toBe(RESTORED_THOUGHT);
    expect(message.content.find((b) => b.type === 'text')).toMatchObject({ text: `I will write to ${EMAIL} today.` });
  });

  it('Anthropic client, streamed: thinking deltas are restored with placeholders split across chunks', async () => {
    const stream = claude.messages.stream({ model: 'reasoner', max_tokens: 200, messages: [{ role: 'user', content: QUESTION }] });
    let thought = '';
    let deltas = 0;
    stream.on('thinking', (delta) => {
      thought += delta;
      deltas += 1;
    });
    const final = await stream.finalMessage();
    expect(deltas).toBeGreaterThan(5);
    expect(thought).toBe(RESTORED_THOUGHT);
    const block = final.content.find((b) => b.type === 'thinking');
    expect(block?.type === 'thinking' ? block.thinking : null).toBe(RESTORED_THOUGHT);
  });

  it('OpenAI client: `reasoning_content` is restored, whole and streamed', async () => {
    const whole = await openai.chat.completions.create({ model: 'reasoner', messages: [{ role: 'user', content: QUESTION }] });
    expect((whole.choices[0]?.message as unknown as { reasoning_content?: string }).reasoning_content).toBe(RESTORED_THOUGHT);
    const stream = await openai.chat.completions.create({ model: 'reasoner', messages: [{ role: 'user', content: QUESTION }], stream: true });
    let thought = '';
    let text = '';
    for await (const chunk of stream) {
      thought += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(thought).toBe(RESTORED_THOUGHT);
    expect(text).toBe(`I will write to ${EMAIL} today.`);
  });

  it('Responses client: the reasoning item is restored, whole and streamed', async () => {
    const response = await openai.responses.create({ model: 'reasoner', input: QUESTION });
    const item = response.output.find((o) => o.type === 'reasoning');
    expect(item?.type === 'reasoning' ? item.content?.[0]?.text : null).toBe(RESTORED_THOUGHT);
    const stream = openai.responses.stream({ model: 'reasoner', input: QUESTION });
    let thought = '';
    stream.on('response.reasoning_text.delta', (e) => {
      thought += e.delta;
    });
    await stream.finalResponse();
    expect(thought).toBe(RESTORED_THOUGHT);
  });

  it('Responses client asking for a reasoning summary: the summary is restored, whole and streamed', async () => {
    const reasoning = { effort: 'low', summary: 'auto' } as const;
    const response = await openai.responses.create({ model: 'reasoner', input: QUESTION, reasoning });
    const item = response.output.find((o) => o.type === 'reasoning');
    expect(item?.type === 'reasoning' ? item.summary[0]?.text : null).toBe(RESTORED_THOUGHT);
    const stream = openai.responses.stream({ model: 'reasoner', input: QUESTION, reasoning });
    let thought = '';
    let deltas = 0;
    stream.on('response.reasoning_summary_text.delta', (e) => {
      thought += e.delta;
      deltas += 1;
    });
    const final = await stream.finalResponse();
    expect(deltas).toBeGreaterThan(5);
    expect(thought).toBe(RESTORED_THOUGHT);
    const streamed = final.output.find((o) => o.type === 'reasoning');
    expect(streamed?.type === 'reasoning' ? streamed.summary[0]?.text : null).toBe(RESTORED_THOUGHT);
  });

  it('`restore_thinking: false`: the reasoning stays as the provider wrote it; the answer is still restored', async () => {
    const message = await claude.messages.create({ model: 'signed', max_tokens: 200, messages: [{ role: 'user', content: QUESTION }] });
    expect(message.content.find((b) => b.type === 'thinking')).toMatchObject({ thinking: THOUGHT });
    expect(message.content.find((b) => b.type === 'text')).toMatchObject({ text: `I will write to ${EMAIL} today.` });
    const stream = claude.messages.stream({ model: 'signed', max_tokens: 200, messages: [{ role: 'user', content: QUESTION }] });
    let thought = '';
    stream.on('thinking', (delta) => {
      thought += delta;
    });
    await stream.finalMessage();
    expect(thought).toBe(THOUGHT);
  });
});

describe('Anthropic extended thinking through a redacting policy', () => {
  const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
  type Upstream = { thinking?: unknown; messages: { role: string; content: unknown }[] };

  it('the request goes natively, thinking on; the client sees its values; the signature comes back exactly as signed', async () => {
    const first = await claude.messages.create({ model: 'claude', max_tokens: 2000, thinking, messages: [{ role: 'user', content: QUESTION }] });
    const sent = h.sim.stats().lastRequests.at(-1);
    expect(sent?.path).toBe('/v1/messages');
    expect((sent?.body as Upstream).thinking).toEqual(thinking);
    expect(JSON.stringify(sent?.body)).toContain('<EMAIL_1>');
    const block = first.content[0];
    if (block?.type !== 'thinking') throw new Error(`expected a thinking block, got ${block?.type}`);
    expect(block.thinking).toBe(RESTORED_THOUGHT);
    expect(block.signature.length).toBeGreaterThan(0);

    // The next turn sends the thinking block back, as Anthropic requires with tools: the provider
    // gets the text it wrote, placeholders and all, so its signature still matches.
    await claude.messages.create({
      model: 'claude',
      max_tokens: 2000,
      thinking,
      messages: [
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: first.content },
        { role: 'user', content: 'Thanks, go ahead.' },
      ],
    });
    const replayed = (h.sim.stats().lastRequests.at(-1)?.body as Upstream).messages[1]?.content as { type: string; thinking?: string; signature?: string }[];
    expect(replayed[0]).toEqual({ type: 'thinking', thinking: THOUGHT, signature: block.signature });
    expect(JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body)).not.toContain(EMAIL);
  });

  it('streamed: thinking deltas restored, the signature delta passed on unchanged', async () => {
    const stream = claude.messages.stream({ model: 'claude', max_tokens: 2000, thinking, messages: [{ role: 'user', content: QUESTION }] });
    let thought = '';
    let signature = '';
    stream.on('thinking', (delta) => {
      thought += delta;
    });
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'signature_delta') signature += event.delta.signature;
    });
    const final = await stream.finalMessage();
    expect(thought).toBe(RESTORED_THOUGHT);
    const block = final.content[0];
    expect(block?.type === 'thinking' ? block.signature : null).toBe(signature);
    expect(signature.length).toBeGreaterThan(0);
  });
});

describe('a chat client’s thinking_blocks through a redacting policy', () => {
  type ThinkingMessage = OpenAI.ChatCompletionMessage & { thinking_blocks?: { type: string; thinking?: string; signature?: string }[] };
  type Upstream = { thinking?: unknown; messages: { role: string; content: { type: string; thinking?: string; signature?: string }[] }[] };

  it('come restored for the client and go back to Claude with the placeholders it signed: the values never leave, thinking stays on', async () => {
    const first = await openai.chat.completions.create({ model: 'sonnet', reasoning_effort: 'low', messages: [{ role: 'user', content: QUESTION }] });
    const message = first.choices[0]?.message as ThinkingMessage;
    const block = message.thinking_blocks?.[0];
    expect(block).toMatchObject({ type: 'thinking', thinking: RESTORED_THOUGHT, signature: expect.stringMatching(/.+/) });

    const next = await openai.chat.completions.create({
      model: 'claude',
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: QUESTION }, { role: 'assistant', content: message.content, thinking_blocks: message.thinking_blocks } as OpenAI.ChatCompletionAssistantMessageParam, { role: 'user', content: 'Thanks, go ahead.' }],
    });
    expect(next.choices[0]?.finish_reason).toBe('stop');
    const sent = h.sim.stats().lastRequests.at(-1)?.body as Upstream;
    expect(sent.messages[1]?.content[0]).toEqual({ type: 'thinking', thinking: THOUGHT, signature: block?.signature });
    expect(JSON.stringify(sent)).not.toContain(EMAIL);
  });
});

