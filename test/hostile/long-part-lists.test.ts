import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuMs } from '../../src/test-support/cpu-clock.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { responsesConfig } from '../gateway/responses-config.js';

/**
 * Long lists of parts, translated for another vendor: each converter appended a message's parts
 * with `push(...parts)`, which passes every part as an argument, and past ~120,000 of them the
 * stack overflowed — a 500 "Maximum call stack size exceeded" for a body well inside the 10 MB
 * limit (2.4-5.4 MB). Measured 2026-12-07 (helper hostile20).
 */
const N = 200_000;
const textParts = (type: 'text' | 'input_text' = 'text') => Array.from({ length: N }, () => ({ type, text: 'a' }));

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-alpha-key', 'x-api-key': 'sk-sy-alpha-key', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: (await response.text()).slice(0, 300) };
}

describe('200,000 parts in one message, translated for another vendor', () => {
  it.each([
    ['a chat system message to Claude', 'claude', [{ role: 'system', content: textParts() }, { role: 'user', content: 'hi' }]],
    ['a chat system message alone to Claude (it becomes the user turn)', 'claude', [{ role: 'system', content: textParts() }]],
    ['a chat system message to Gemini', 'flash', [{ role: 'system', content: textParts() }, { role: 'user', content: 'hi' }]],
    ['a chat system message alone to Gemini', 'flash', [{ role: 'system', content: textParts() }]],
    ['a second user message to Claude (merged with the first)', 'claude', [{ role: 'user', content: 'x' }, { role: 'user', content: textParts() }]],
    ['a second user message to Gemini (merged with the first)', 'flash', [{ role: 'user', content: 'x' }, { role: 'user', content: textParts() }]],
  ])('%s is answered', async (_, model, messages) => {
    expect(await post('/v1/chat/completions', { model, max_tokens: 5, messages })).toMatchObject({ status: 200 });
  }, 60_000);

  it('a Responses system item to Gemini is answered', async () => {
    const input = [{ role: 'system', content: textParts('input_text') }, { role: 'user', content: 'hi' }];
    expect(await post('/v1/responses', { model: 'flash', max_output_tokens: 16, input })).toMatchObject({ status: 200 });
  }, 60_000);

  it('an Anthropic system of text blocks to Gemini is answered', async () => {
    expect(await post('/v1/messages', { model: 'flash', max_tokens: 5, system: textParts(), messages: [{ role: 'user', content: 'hi' }] })).toMatchObject({ status: 200 });
  }, 60_000);

  it("a Gemini client's 200,000 function responses to one call reach no model: the second is named", async () => {
    const responses = Array.from({ length: N }, () => ({ functionResponse: { name: 'f', response: {} } }));
    const contents = [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] }, { role: 'user', parts: responses }];
    const answer = await post('/v1beta/models/small:generateContent', { contents });
    // Round 21 (hostile21): the 199,999 extra results went to GPT as tool messages (4.5 MB), whose
    // 400 named a tool_call_id the client never wrote; Google refuses more responses than calls.
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('contents[2].parts[1].functionResponse (name \\"f\\") answers no function call: each of the 1 function calls of contents[1] is answered by an earlier part');
  }, 60_000);

  it("a Gemini client's 100,000 function calls answered in reverse order reach the model (whose own 400 names the translated list)", async () => {
    const n = 100_000;
    const calls = Array.from({ length: n }, (_, i) => ({ functionCall: { name: `f${i}` } }));
    const responses = Array.from({ length: n }, (_, i) => ({ functionResponse: { name: `f${n - 1 - i}`, response: {} } }));
    const contents = [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts: calls }, { role: 'user', parts: responses }];
    const started = cpuMs();
    const answer = await post('/v1beta/models/small:generateContent', { contents });
    // Matched by a scan per response, this held the event loop for about a minute (80,000: 34 s).
    // Matched and translated, the turns reach GPT, which takes at most 2,048 messages (OpenAI's own
    // 400, as the simulator gives it since round 22).
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('provider \\"standin-openai\\" answered 400: ');
    // The length is of the translated list, and said so: "Invalid 'contents': … length 100002" named a length the client never sent.
    expect(answer.text).toContain("Invalid 'messages': array too long. Expected an array with maximum length 2048, but got an array with length 100002 instead. (the messages its contents became for this model");
    expect(cpuMs() - started).toBeLessThan(40_000);
  }, 120_000);

  it("a Gemini model turn of 200 function calls to GPT gets OpenAI's cap of 128 named at the turn's parts", async () => {
    const calls = Array.from({ length: 200 }, (_, i) => ({ functionCall: { name: 'f', args: { i } } }));
    const responses = Array.from({ length: 200 }, (_, i) => ({ functionResponse: { name: 'f', response: { i } } }));
    const contents = [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts: calls }, { role: 'user', parts: responses }];
    const answer = await post('/v1beta/models/small:generateContent', { contents });
    // Named `contents[1].tool_calls` before (round 22): a field Gemini's turns do not have.
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Invalid 'contents[1].parts': array too long. Expected an array with maximum length 128, but got an array with length 200 instead.");
  }, 60_000);

  it("a Responses client's 129 function_call items to GPT get OpenAI's cap of 128 named at the items", async () => {
    const input = [
      { role: 'user', content: 'q' },
      ...Array.from({ length: 129 }, (_, i) => ({ type: 'function_call', call_id: `c${i}`, name: 'f', arguments: '{}' })),
      ...Array.from({ length: 129 }, (_, i) => ({ type: 'function_call_output', call_id: `c${i}`, output: 'x' })),
    ];
    const answer = await post('/v1/responses', { model: 'small', input, tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }] });
    // Named `input[1].tool_calls` before (round 22): a field no input item has.
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Invalid 'input[1] and the function_call items after it (one assistant turn)': array too long. Expected an array with maximum length 128, but got an array with length 129 instead.");
    expect(answer.text).toContain('"param":"input[1]"');
  }, 60_000);
});
