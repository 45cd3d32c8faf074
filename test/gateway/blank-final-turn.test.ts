import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * A chat conversation whose last user message is blank. OpenAI answers it; Claude takes no blank
 * turn, and leaving the message out would end the conversation on the assistant's turn, which
 * Claude continues (prefill) instead of answering: a different request. The gateway refuses it
 * for Claude with a 400 that names the message, so a route falls through to a model that takes it.
 * Gemini takes no blank turn either and was sent the conversation without it, so it continued
 * "Blue" instead of answering; it gets the same 400 now.
 */
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
  either:
    fallbacks: [ { provider: anth, model: claude-sonnet-4-5-20250929 }, { provider: oai, model: gpt-4.1-mini } ]
  either-gem:
    fallbacks: [ { provider: gem, model: gemini-2.5-flash }, { provider: oai, model: gpt-4.1-mini } ]
`);
  openai = h.openai('x');
});
afterAll(() => h.close());

const conversation = (last: string): OpenAI.ChatCompletionMessageParam[] => [
  { role: 'user', content: 'Name a colour.' },
  { role: 'assistant', content: 'Blue' },
  { role: 'user', content: last },
];

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const { status, param, error: body } = error as InstanceType<typeof OpenAI.APIError>;
  return { status, param, message: (body as { message?: string } | undefined)?.message };
}

describe('a blank last user message', () => {
  // Gemini takes whitespace as text; Claude refuses a whitespace-only block too.
  it.each([
    ['sonnet', 'Claude', ['', '  \n']],
    ['flash', 'Gemini', ['']],
  ])('gets a 400 naming the message from %s, whole and streamed, rather than the model continuing the assistant’s text', async (model, vendor, blanks) => {
    for (const last of blanks) {
      const sentBefore = h.sim.stats().lastRequests.length;
      for (const stream of [false, true]) {
        const refused = await refusal(openai.chat.completions.create({ model, messages: conversation(last), stream }));
        expect(refused).toMatchObject({ status: 400, param: 'messages[2].content' });
        expect(refused.message).toContain(`messages[2] is a user message with no text, and ${vendor} models take no blank turn`);
      }
      // Nothing reached the model.
      expect(h.sim.stats().lastRequests.length).toBe(sentBefore);
    }
  });

  it('names the Responses client’s own input item, not the chat message it became, whole and streamed', async () => {
    // With instructions, input[2] is the chat request's messages[3]: the client never sent that.
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: 'Name a colour.' },
      { role: 'assistant', content: 'Blue' },
      { role: 'user', content: [{ type: 'input_text', text: ' ' }] },
    ];
    for (const stream of [false, true]) {
      const refused = await refusal(openai.responses.create({ model: 'sonnet', instructions: 'Be brief.', input, stream }));
      expect(refused).toMatchObject({ status: 400, param: 'input[2].content' });
      expect(refused.message).toContain('input[2] is a user message with no text');
      expect(refused.message).not.toContain('messages[');
    }
  });

  it('names an input list with no turn in it `input`, the field the Responses client sent, on every vendor, whole and streamed', async () => {
    // OpenAI's 400 (an empty array) and the translators' (no user or assistant turn) named
    // `messages`, a field a Responses client never writes.
    for (const model of ['gpt', 'sonnet', 'flash']) {
      for (const stream of [false, true]) {
        const refused = await refusal(openai.responses.create({ model, input: [], stream }));
        expect([model, refused.status, refused.param]).toEqual([model, 400, 'input']);
        expect(refused.message, model).toMatch(/\binput\b/);
        expect(refused.message, model).not.toContain('messages');
      }
    }
  });

  it('names a Gemini client’s list with no turn in it `contents` (a Claude model takes no blank turn)', async () => {
    for (const model of ['sonnet']) {
      const answer = await fetch(`${h.gateway.url}/v1beta/models/${model}:generateContent`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'x' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: '' }] }] }),
      });
      const body = (await answer.json()) as { error: { code: number; message: string; status: string } };
      expect([model, answer.status, body.error.status]).toEqual([model, 400, 'INVALID_ARGUMENT']);
      expect(body.error.message, model).toMatch(/^contents\b/);
      expect(body.error.message, model).not.toContain('messages');
    }
  });

  it('names the client’s own input item when previous_response_id put the stored turns in front of it', async () => {
    const first = await openai.responses.create({ model: 'sonnet', input: 'Name a colour.' });
    // The model sees [user, assistant, user]: the blank item is input[2] upstream, the client's input[0].
    for (const stream of [false, true]) {
      const refused = await refusal(openai.responses.create({ model: 'sonnet', previous_response_id: first.id, input: [{ role: 'user', content: [{ type: 'input_text', text: ' ' }] }], stream }));
      expect(refused).toMatchObject({ status: 400, param: 'input[0].content' });
      expect(refused.message).toContain('input[0] is a user message with no text');
    }
  });

  it('is answered by an OpenAI model, and by a route that falls through to one', async () => {
    for (const model of ['gpt', 'either', 'either-gem']) {
      const answer = await openai.chat.completions.create({ model, messages: conversation('') });
      expect([model, typeof answer.choices[0]?.message.content]).toEqual([model, 'string']);
      expect([model, (h.sim.stats().lastRequests.at(-1)?.body as { model?: string }).model]).toEqual([model, 'gpt-4.1-mini']);
    }
  });

  it('leaves a conversation that ends on an assistant turn on purpose (prefill) to Claude, as before', async () => {
    const answer = await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'Name a colour.' }, { role: 'assistant', content: 'Blue' }] });
    expect(typeof answer.choices[0]?.message.content).toBe('string');
    expect((h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string }[] }).messages.at(-1)?.role).toBe('assistant');
  });

  it('gets an Anthropic client Claude’s own 400 for an empty content array on OpenAI and Gemini models too, where it was left out', async () => {
    // Mid-conversation, the turn left out ended it on the assistant's "Blue", which the model
    // continued; alone, OpenAI's 400 named an empty `messages` array the client never sent.
    const anthropic = h.anthropic('x');
    const conversations: [Anthropic.MessageParam[], number][] = [
      [[{ role: 'user', content: 'Name a colour.' }, { role: 'assistant', content: 'Blue' }, { role: 'user', content: [] }], 2],
      [[{ role: 'user', content: [] }], 0],
    ];
    for (const model of ['gpt', 'flash', 'sonnet']) {
      for (const [messages, at] of conversations) {
        const refused = await anthropic.messages.create({ model, max_tokens: 50, messages }).catch((e: unknown) => e);
        expect(refused, model).toBeInstanceOf(Anthropic.BadRequestError);
        expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error, model).toMatchObject({
          error: { type: 'invalid_request_error', message: `messages.${at}: all messages must have non-empty content except for the optional final assistant message` },
        });
      }
      // A text block with no text (or only spaces) is refused as Claude refuses it, wherever it stands.
      for (const [text, rule] of [['', 'text content blocks must be non-empty'], [' \n', 'text content blocks must contain non-whitespace text']] as const) {
        const blank = await anthropic.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: [{ type: 'text', text: 'Name a colour.' }, { type: 'text', text }] }] }).catch((e: unknown) => e);
        expect(blank, model).toBeInstanceOf(Anthropic.BadRequestError);
        expect((blank as InstanceType<typeof Anthropic.BadRequestError>).error, model).toMatchObject({ error: { type: 'invalid_request_error', message: `messages: ${rule}` } });
      }
      // An empty final assistant turn is Claude's to take, and the gateway's to leave out.
      const answer = await anthropic.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'Name a colour.' }, { role: 'assistant', content: [] }] });
      expect(answer.content[0]?.type, model).toBe('text');
    }
  });
});
