import type OpenAI from 'openai';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.js';
import { type Harness, startHarness } from './gateway-harness.js';

/** The model's answer to the turn that carries the function's result. */
export const GEMINI_TOOL_DONE = { text: 'Order 42 shipped.' };

/** The one tool both sides know, in OpenAI's shape. */
export const LOOKUP_ORDER_TOOL = { type: 'function' as const, function: { name: 'lookup_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } } } } };

/**
 * A gateway whose model `pro` is a Gemini upstream that asks for one function call (`call()`, read
 * at each request, so a test can change it) and answers the next turn, the one carrying the
 * function's result, with `GEMINI_TOOL_DONE`: whole, or as one SSE event for
 * `:streamGenerateContent`. For what must survive a tool call's round trip through another
 * API's client (long thought signatures and call ids).
 *
 * @example const { h, upstream } = await geminiToolTurn(() => ({ functionCall: { name: 'lookup_order', args: {} } }), 'sig')
 */
export async function geminiToolTurn(call: () => object, keyName: string): Promise<{ h: Harness; upstream: FakeUpstream }> {
  const upstream = await startFakeUpstream((req, body, res) => {
    const part = body.includes('functionResponse') ? GEMINI_TOOL_DONE : call();
    const answer = { candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } };
    if (req.url?.includes(':streamGenerateContent')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify(answer)}\r\n\r\n`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    }
  });
  const h = await startHarness('', () => `
providers:
  google: { type: gemini, base_url: "${upstream.url}", api_key: AIza-test }
models:
  pro: { provider: google, model: gemini-3-pro-preview }
keys:
  - { key: sk-sy-test, name: ${keyName} }
`);
  return { h, upstream };
}

/**
 * An OpenAI chat client's next turn to `pro` after a call to `lookup_order` whose tool call id is
 * `toolCallId` (one this gateway made, or one it does not hold), with the function's result.
 *
 * @example const next = await answerToolCall(h, 'call_abc123t0_kAAAA…')
 */
export function answerToolCall(h: Harness, toolCallId: string): Promise<OpenAI.ChatCompletion> {
  return h.openai('sk-sy-test').chat.completions.create({
    model: 'pro',
    tools: [LOOKUP_ORDER_TOOL],
    messages: [
      { role: 'user', content: 'Where is order 42?' },
      { role: 'assistant', tool_calls: [{ id: toolCallId, type: 'function', function: { name: 'lookup_order', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: toolCallId, content: 'shipped' },
    ],
  });
}
