/**
 * Conversations that change provider between turns, as clients send them.
 *
 * A conversation the Vercel AI SDK began on a model that speaks the Responses API natively and
 * goes on with on Claude or Gemini (a model picker, a route, a fallback). With `store` left on,
 * `@ai-sdk/openai` 3.0.141 (`ai` 6.0.333, checked by hand from outside the checkout on
 * 2026-12-06) sends the earlier assistant message back as `{"type": "item_reference", "id":
 * "msg_…"}` with OpenAI's own id. The gateway stored that native answer as it passed through, so it
 * can put the item in; before, a translated model refused the turn with a 400 ("an
 * item_reference points at an item stored by OpenAI"). The bodies below are the SDK's, byte for
 * field, sent with raw fetch.
 *
 * The other way round, the OpenAI Agents SDK 0.20.0 (and LangChain's `ChatOpenAI` 1.5.8 with
 * `useResponsesApi`) send earlier turns back whole, each with the id it came with: after a turn on
 * Claude or Gemini those are ids the gateway named (`msg_<response>_0`), which OpenAI never stored
 * and answers with a 404 ("Item with id 'msg_…' not found."). The gateway leaves them out for a
 * native model, as it does for the turns `previous_response_id` puts in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { responsesConfig } from './responses-config.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

const weather = {
  type: 'function',
  name: 'weather',
  description: 'Get the weather for a city',
  parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

interface Answer {
  output: { type: string; id: string; call_id?: string; name?: string; arguments?: string }[];
  error?: { message: string };
}

async function create(body: object, key = 'sk-sy-alpha-key'): Promise<{ status: number; json: Answer }> {
  const res = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Answer };
}

const lastUpstream = () => h.sim.stats().lastRequests.at(-1);

/** The AI SDK's tool loop on the native model: a call, then the answer after its output. */
async function nativeTurn(): Promise<{ call: { call_id: string; name: string; arguments: string }; messageId: string }> {
  const question = { role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Oslo?' }] };
  const first = await create({ model: 'native', input: [question], tools: [weather], tool_choice: 'required' });
  const call = first.json.output.find((item) => item.type === 'function_call') as { call_id: string; name: string; arguments: string } | undefined;
  if (!call) throw new Error(`expected a function call: ${JSON.stringify(first.json)}`);
  const second = await create({
    model: 'native',
    input: [question, { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments }, { type: 'function_call_output', call_id: call.call_id, output: '{"city":"Oslo","tempC":12}' }],
    tools: [weather],
    tool_choice: 'auto',
  });
  const message = second.json.output.find((item) => item.type === 'message');
  if (!message) throw new Error(`expected a message: ${JSON.stringify(second.json)}`);
  return { call, messageId: message.id };
}

describe('an item_reference to an answer a native model gave, on a translated model', () => {
  for (const model of ['claude', 'flash']) {
    it(`puts the stored item in for ${model}`, async () => {
      const { call, messageId } = await nativeTurn();
      // OpenAI's own id, not one the gateway named: only the stored answer can resolve it.
      expect(messageId).not.toMatch(/^msg_[A-Za-z0-9]+_\d+$/);
      const answer = await create({
        model,
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Oslo?' }] },
          { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
          { type: 'function_call_output', call_id: call.call_id, output: '{"city":"Oslo","tempC":12}' },
          { type: 'item_reference', id: messageId },
          { role: 'user', content: [{ type: 'input_text', text: 'And the weather in Bergen?' }] },
        ],
        tools: [weather],
        tool_choice: 'auto',
      });
      expect(answer.json.error?.message).toBeUndefined();
      expect(answer.status).toBe(200);
      const sent = JSON.stringify(lastUpstream()?.body);
      expect(sent).not.toContain('item_reference');
      expect(sent).not.toContain(messageId);
    });
  }

  it("leaves another key's answer out: its item is not found", async () => {
    const { call, messageId } = await nativeTurn();
    const answer = await create(
      {
        model: 'claude',
        input: [
          { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
          { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
          { type: 'item_reference', id: messageId },
        ],
      },
      'sk-sy-bravo-key',
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error?.message).toMatch(/^input\[2\]: an item_reference \("msg_[^"]+"\) points at an item stored by OpenAI, found in no answer stored here for this key/);
    expect(answer.json.error?.message).toContain(JSON.stringify(messageId));
  });
});

describe("a translated model's answer sent back whole, with its ids, to a native model", () => {
  for (const model of ['claude', 'flash']) {
    it(`drops the ids the gateway gave ${model}'s items, which OpenAI never stored`, async () => {
      const hello = { role: 'user', content: 'Hello there' };
      const greeting = await create({ model, input: [hello] });
      const question = { role: 'user', content: 'What is the weather in Oslo?' };
      const first = await create({ model, input: [hello, ...greeting.json.output, question], tools: [weather], tool_choice: 'required' });
      const call = first.json.output.find((item) => item.type === 'function_call') as { id: string; call_id: string; name: string; arguments: string } | undefined;
      if (!call) throw new Error(`expected a function call: ${JSON.stringify(first.json)}`);
      const answer = await create({
        model: 'native',
        input: [
          hello,
          ...greeting.json.output,
          question,
          ...first.json.output,
          { type: 'function_call_output', call_id: call.call_id, output: 'Oslo: 12C' },
          { role: 'user', content: 'And the weather in Bergen?' },
        ],
        tools: [weather],
      });
      expect(answer.json.error?.message).toBeUndefined();
      expect(answer.status).toBe(200);
      const sent = lastUpstream()?.body as { input: { id?: string; type?: string; call_id?: string }[] };
      expect(sent.input.filter((item) => item.id !== undefined)).toEqual([]);
      // The call and its output still pair by call_id.
      expect(sent.input.some((item) => item.type === 'function_call' && item.call_id === call.call_id)).toBe(true);
    });
  }
});

describe('an item_reference without a string id', () => {
  // Before, a translated model said such a reference "points at an item stored by OpenAI"
  // (param input[0].type), of a reference that named nothing.
  for (const model of ['claude', 'native']) {
    for (const [label, reference] of [
      ['a number', { type: 'item_reference', id: 5 }],
      ['an object', { type: 'item_reference', id: { a: 1 } }],
      ['no id', { type: 'item_reference' }],
      ['an empty id', { type: 'item_reference', id: '' }],
    ] as const) {
      it(`is a 400 naming input[0].id on ${model}: ${label}`, async () => {
        const answer = await create({ model, input: [reference, { role: 'user', content: 'go on' }] });
        expect(answer.status).toBe(400);
        expect(answer.json.error).toMatchObject({ param: 'input[0].id' });
        expect(answer.json.error?.message).toMatch(/^invalid request: input\[0\]\.id: /);
      });
    }
  }
});
