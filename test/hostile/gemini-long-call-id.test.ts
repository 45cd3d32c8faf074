import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUpstream } from '../../src/test-support/fake-upstream.js';
import type { Harness } from '../../src/test-support/gateway-harness.js';
import { answerToolCall, geminiToolTurn, LOOKUP_ORDER_TOOL } from '../../src/test-support/gemini-tool-turn.js';

/**
 * A Gemini model's `functionCall.id` travels to a client of another API inside the tool call id
 * (base64url, a third longer), and must come back on the function response. An upstream id past
 * ~49,000 characters made a tool call id past the ids' bound (65,536), which the gateway refused
 * on the client's next turn: the conversation could not go on (round 22, hostile22). Now such an
 * id is kept in the gateway, as a long thought signature is, and the tool call id carries its key.
 */
const LONG_ID = `fc-${'a1b2'.repeat(17_500)}`; // 70,003 characters: 93,340 once in base64url
const SIGNATURE = `${'Zm9v'.repeat(5_000)}YmFy`; // 20,004 characters: fits beside a short id, not beside this one

let upstream: FakeUpstream;
let h: Harness;
let withSignature = false;
beforeAll(async () => {
  ({ h, upstream } = await geminiToolTurn(() => ({ functionCall: { name: 'lookup_order', args: { order_id: '42' }, id: LONG_ID }, ...(withSignature ? { thoughtSignature: SIGNATURE } : {}) }), 'ids'));
});
afterAll(async () => {
  await h.close();
  await upstream.close();
});

const tools = [LOOKUP_ORDER_TOOL];
type SentPart = { thoughtSignature?: string; functionCall?: { id?: string }; functionResponse?: { id?: string; name?: string } };
const lastSent = () => JSON.parse(upstream.requests.at(-1)!.body) as { contents: { parts: SentPart[] }[] };

describe("an upstream Gemini function call's id too long for the tool call id", () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
  ])("comes back to Gemini on a chat client's next turn (streamed: %s, with a thought signature: %s)", async (stream, signed) => {
    withSignature = signed;
    const openai = h.openai('sk-sy-test');
    const messages = [{ role: 'user' as const, content: 'Where is order 42?' }];
    let call: { id: string; function: { name: string; arguments: string } };
    if (stream) {
      const chunks = await openai.chat.completions.create({ model: 'pro', messages, tools, stream: true });
      const pieces: { id?: string; function?: { name?: string; arguments?: string } }[] = [];
      for await (const chunk of chunks) for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) pieces.push(delta);
      call = { id: pieces.find((p) => p.id)!.id!, function: { name: 'lookup_order', arguments: pieces.map((p) => p.function?.arguments ?? '').join('') } };
    } else {
      call = (await openai.chat.completions.create({ model: 'pro', messages, tools })).choices[0]!.message.tool_calls![0]! as typeof call;
    }
    // The id's key in place of the id; a signature that fits beside it still travels in the id.
    expect(call.id.length).toBeLessThan(signed ? SIGNATURE.length + 200 : 200);
    const next = await openai.chat.completions.create({
      model: 'pro',
      tools,
      messages: [...messages, { role: 'assistant', tool_calls: [{ id: call.id, type: 'function', function: call.function }] }, { role: 'tool', tool_call_id: call.id, content: 'shipped' }],
    });
    expect(next.choices[0]!.message.content).toBe('Order 42 shipped.');
    const sent = lastSent().contents;
    expect(sent[1]!.parts[0]!.functionCall!.id).toBe(LONG_ID);
    // Unsigned, a Gemini 3 model gets the signature Google documents for a history without one.
    expect(sent[1]!.parts[0]!.thoughtSignature).toBe(signed ? SIGNATURE : 'skip_thought_signature_validator');
    expect(sent[2]!.parts[0]!.functionResponse).toMatchObject({ id: LONG_ID, name: 'lookup_order' });
  });

  it("comes back on an Anthropic client's next turn", async () => {
    withSignature = false;
    const anthropic = h.anthropic('sk-sy-test');
    const toolsA = [{ name: 'lookup_order', input_schema: { type: 'object' as const, properties: {} } }];
    const first = await anthropic.messages.create({ model: 'pro', max_tokens: 100, messages: [{ role: 'user', content: 'Where is order 42?' }], tools: toolsA });
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use.id.length).toBeLessThan(200);
    const next = await anthropic.messages.create({
      model: 'pro',
      max_tokens: 100,
      tools: toolsA,
      messages: [
        { role: 'user', content: 'Where is order 42?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'shipped' }] },
      ],
    });
    expect(next.content[0]).toMatchObject({ type: 'text', text: 'Order 42 shipped.' });
    expect(lastSent().contents[2]!.parts[0]!.functionResponse).toMatchObject({ id: LONG_ID });
  });

  it('a key this gateway does not hold (another replica\'s) sends the response without an id, matched by name as Gemini matches calls without ids', async () => {
    const unknown = `call_abc123t0_k${'A'.repeat(43)}`;
    const next = await answerToolCall(h, unknown);
    expect(next.choices[0]!.message.content).toBe('Order 42 shipped.');
    const sent = lastSent().contents;
    expect(sent[1]!.parts[0]!.functionCall!.id).toBeUndefined();
    expect(sent[2]!.parts[0]!.functionResponse).toMatchObject({ name: 'lookup_order' });
    expect(sent[2]!.parts[0]!.functionResponse!.id).toBeUndefined();
  });
});
