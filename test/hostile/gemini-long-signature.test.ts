import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUpstream } from '../../src/test-support/fake-upstream.js';
import type { Harness } from '../../src/test-support/gateway-harness.js';
import { answerToolCall, geminiToolTurn, LOOKUP_ORDER_TOOL } from '../../src/test-support/gemini-tool-turn.js';
import { MAX_TOOL_CALL_ID_LENGTH } from '../../src/core/wire-schemas.js';

/**
 * A Gemini model's thought signature travels to a client of another API inside the tool call id,
 * and must come back with the call. One past ~49,000 characters made an id past the ids' bound
 * (65,536), which the gateway itself refused on the client's next turn ("messages[1].tool_calls[0].id:
 * must be at most 65,536 characters"): the client could not continue its conversation. Now such a
 * signature is kept in the gateway (`SignatureVault`) and the id carries its key (round 21, hostile21).
 */
const SIGNATURE = `${'Zm9v'.repeat(20_000)}YmFy`; // 80,004 characters of base64
const CALL = { functionCall: { name: 'lookup_order', args: { order_id: '42' } }, thoughtSignature: SIGNATURE };

let upstream: FakeUpstream;
let h: Harness;
beforeAll(async () => {
  ({ h, upstream } = await geminiToolTurn(() => CALL, 'sig'));
});
afterAll(async () => {
  await h.close();
  await upstream.close();
});

const tools = [LOOKUP_ORDER_TOOL];
const lastSent = () => JSON.parse(upstream.requests.at(-1)!.body) as { contents: { parts: { thoughtSignature?: string; functionResponse?: unknown }[] }[] };

describe('a thought signature too long for the tool call id', () => {
  it.each([false, true])('comes back to Gemini on a chat client\'s next turn (streamed: %s)', async (stream) => {
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
    expect(call.id.length).toBeLessThan(100);
    const next = await openai.chat.completions.create({
      model: 'pro',
      tools,
      messages: [...messages, { role: 'assistant', tool_calls: [{ id: call.id, type: 'function', function: call.function }] }, { role: 'tool', tool_call_id: call.id, content: 'shipped' }],
    });
    expect(next.choices[0]!.message.content).toBe('Order 42 shipped.');
    const modelTurn = lastSent().contents[1]!;
    expect(modelTurn.parts[0]!.thoughtSignature).toBe(SIGNATURE);
  });

  it("comes back on an Anthropic client's next turn", async () => {
    const anthropic = h.anthropic('sk-sy-test');
    const first = await anthropic.messages.create({ model: 'pro', max_tokens: 100, messages: [{ role: 'user', content: 'Where is order 42?' }], tools: [{ name: 'lookup_order', input_schema: { type: 'object', properties: {} } }] });
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use.id.length).toBeLessThanOrEqual(MAX_TOOL_CALL_ID_LENGTH);
    const next = await anthropic.messages.create({
      model: 'pro',
      max_tokens: 100,
      tools: [{ name: 'lookup_order', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'Where is order 42?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'shipped' }] },
      ],
    });
    expect(next.content[0]).toMatchObject({ type: 'text', text: 'Order 42 shipped.' });
    expect(lastSent().contents[1]!.parts[0]!.thoughtSignature).toBe(SIGNATURE);
  });

  it('a key this gateway does not hold (another replica\'s) sends the signature Google documents for a history without one', async () => {
    const unknown = `call_abc123t0_h${'A'.repeat(43)}`;
    const next = await answerToolCall(h, unknown);
    expect(next.choices[0]!.message.content).toBe('Order 42 shipped.');
    expect(lastSent().contents[1]!.parts[0]!.thoughtSignature).toBe('skip_thought_signature_validator');
  });
});
