import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * A tool call id of megabytes, sent back by a client in each API's field for it: Claude documents
 * only the ids' alphabet, so a 5 MB id went on whole into the translation to Claude, the trace and
 * its rollups. Each is a 400 naming the field, the id's length and the bound (65,536 characters,
 * far above Claude's ~30, proxies' 256 and this gateway's own ids carrying a Gemini signature).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  haiku: { provider: anth, model: claude-haiku-4-5 }
  mini:  { provider: oai, model: gpt-4.1-mini }
keys:
  - key: sk-sy-test
    name: ids
`);
});
afterAll(() => h.close());

const huge = `toolu_${'A'.repeat(5 * 1024 * 1024)}`;
const bound = 'must be at most 65,536 characters (a tool call id; Claude\'s are ~30), got 5,242,886';
const refusal = (e: unknown) => e;

describe('a tool call id past 65,536 characters', () => {
  it("in an Anthropic client's tool_use and tool_result: a 400 naming the field, its length and the bound", async () => {
    const client = h.anthropic('sk-sy-test');
    const turns = (useId: string, resultId: string) => [
      { role: 'user' as const, content: 'weather?' },
      { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: useId, name: 'weather', input: {} }] },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: resultId, content: 'sunny' }] },
    ];
    for (const [messages, param] of [
      [turns(huge, 'toolu_1'), 'messages[1].content[0].id'],
      [turns('toolu_1', huge), 'messages[2].content[0].tool_use_id'],
    ] as const) {
      const refused = await client.messages.create({ model: 'haiku', max_tokens: 20, messages: messages as never }).then(() => undefined, refusal);
      expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
      expect((refused as Error).message).toContain(`invalid request: ${param}: ${bound}`);
    }
  });

  it("in a chat client's tool_calls and tool message, and a Responses client's call_id, to Claude: the same 400", async () => {
    const openai = h.openai('sk-sy-test');
    const chat = await openai.chat.completions
      .create({ model: 'haiku', messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', tool_calls: [{ id: huge, type: 'function', function: { name: 'weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'call_1', content: 'sunny' }] })
      .then(() => undefined, refusal);
    expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
    expect((chat as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ param: 'messages[1].tool_calls[0].id', code: 'string_above_max_length' });
    expect((chat as Error).message).toContain(`messages[1].tool_calls[0].id: ${bound}`);
    const responses = await openai.responses
      .create({ model: 'haiku', input: [{ type: 'function_call', call_id: huge, name: 'weather', arguments: '{}' }, { type: 'function_call_output', call_id: 'call_1', output: 'sunny' }] })
      .then(() => undefined, refusal);
    expect(responses).toBeInstanceOf(OpenAI.BadRequestError);
    expect((responses as Error).message).toContain(`input[0].call_id: ${bound}`);
  });

  it("in a Gemini client's functionCall id, to Claude: the same 400", async () => {
    const res = await fetch(`${h.gateway.url}/v1beta/models/haiku:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-test' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'weather?' }] }, { role: 'model', parts: [{ functionCall: { id: huge, name: 'weather', args: {} } }] }, { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { sky: 'sunny' } } }] }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`contents[1].parts[0].functionCall.id: ${bound}`);
  });

  it("a proxy's 256-character id and one at the bound still reach Claude and OpenAI models", async () => {
    for (const id of [`call_${'x'.repeat(251)}`, 'a'.repeat(65_536)]) {
      for (const model of ['haiku', 'mini']) {
        const answer = await h.openai('sk-sy-test').chat.completions.create({ model, messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', tool_calls: [{ id, type: 'function', function: { name: 'weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: id, content: 'sunny' }] });
        expect(answer.choices[0]?.message.role).toBe('assistant');
      }
    }
  });
});
