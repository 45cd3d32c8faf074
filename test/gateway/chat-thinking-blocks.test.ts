/**
 * Claude's signed thinking for Chat Completions clients, through the official `openai` SDK: the
 * answer carries `thinking_blocks` beside `reasoning_content` (LiteLLM's documented convention),
 * whole and streamed, and a client that sends them back on the assistant message keeps Claude
 * thinking through a tool loop (without them Claude would refuse thinking on the tool-answer
 * turn, so the gateway turned it off). Other vendors never see the blocks.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-5.4-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
`);
  openai = h.openai('x');
});
afterAll(() => h.close());

type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };
/** The SDK's message with the two fields it does not type. */
type ThinkingMessage = OpenAI.ChatCompletionMessage & { reasoning_content?: string; thinking_blocks?: ThinkingBlock[] };

const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
];
const asked: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Oslo?' };
const request = { model: 'sonnet', tools, reasoning_effort: 'low' as const };

/** The next turn's messages: the question, the answer as the client keeps it (its own fields), the tool's result. */
function answering(message: ThinkingMessage, keep: (message: ThinkingMessage) => Record<string, unknown> = ({ thinking_blocks }) => ({ thinking_blocks })): OpenAI.ChatCompletionMessageParam[] {
  const call = message.tool_calls?.[0];
  expect(call?.type === 'function' && call.function.name).toBe('get_weather');
  const assistant = { role: 'assistant', content: message.content, tool_calls: message.tool_calls, ...keep(message) } as OpenAI.ChatCompletionAssistantMessageParam;
  return [asked, assistant, { role: 'tool', tool_call_id: call!.id, content: '4°C and clear' }];
}

/** The last request the simulator received. */
function upstream(): { thinking?: { type: string }; messages?: { role: string; content: unknown }[]; contents?: unknown[] } {
  return h.sim.stats().lastRequests.at(-1)?.body as ReturnType<typeof upstream>;
}

function claudeTurn(): { type: string; signature?: string }[] {
  const turn = upstream().messages?.find((message) => message.role === 'assistant');
  return (turn?.content ?? []) as { type: string; signature?: string }[];
}

describe('thinking_blocks on a chat answer from Claude', () => {
  it('come with the answer beside reasoning_content, and sent back keep thinking on for the tool-answer turn', async () => {
    const first = await openai.chat.completions.create({ ...request, messages: [asked] });
    const message = first.choices[0]?.message as ThinkingMessage;
    expect(message.thinking_blocks).toEqual([{ type: 'thinking', thinking: message.reasoning_content, signature: expect.stringMatching(/.+/) }]);
    const second = await openai.chat.completions.create({ ...request, messages: answering(message) });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(upstream().thinking?.type).toBe('enabled');
    expect(claudeTurn().map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(claudeTurn()[0]?.signature).toBe(message.thinking_blocks?.[0]?.type === 'thinking' ? message.thinking_blocks[0].signature : 'none');
    // Without them the turn goes without thinking, as Claude requires, and the trace says why.
    const bare = await openai.chat.completions.create({ ...request, messages: answering(message, () => ({})) }).withResponse();
    expect(upstream().thinking).toBeUndefined();
    expect((await h.traceOf(bare.response.headers.get('x-switchyard-trace-id'))).decisions).toMatchObject({ thinking: { applied: false } });
  });

  it('stream as one delta per signed block once it closes, which the SDK’s stream helper keeps on the message', async () => {
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await openai.chat.completions.create({ ...request, messages: [asked], stream: true })) chunks.push(chunk);
    const withBlocks = chunks.filter((chunk) => (chunk.choices[0]?.delta as { thinking_blocks?: unknown } | undefined)?.thinking_blocks !== undefined);
    expect(withBlocks).toHaveLength(1);
    const streamedText = chunks.map((chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '').join('');
    expect((withBlocks[0]?.choices[0]?.delta as { thinking_blocks: ThinkingBlock[] }).thinking_blocks).toEqual([{ type: 'thinking', thinking: streamedText, signature: expect.stringMatching(/.+/) }]);

    const final = await openai.chat.completions.stream({ ...request, messages: [asked] }).finalChatCompletion();
    const message = final.choices[0]?.message as ThinkingMessage;
    expect(message.thinking_blocks?.[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/.+/) });
    for await (const _ of await openai.chat.completions.create({ ...request, messages: answering(message), stream: true }));
    expect(upstream().thinking?.type).toBe('enabled');
    expect(claudeTurn()[0]?.type).toBe('thinking');
  });

  it('reach no other vendor, and blocks Claude would refuse (unsigned, malformed) are left out rather than failing the turn', async () => {
    const first = await openai.chat.completions.create({ ...request, messages: [asked] });
    const message = first.choices[0]?.message as ThinkingMessage;
    for (const model of ['gpt', 'flash']) {
      const answer = await openai.chat.completions.create({ ...request, model, messages: answering(message) });
      expect([model, answer.choices[0]?.message.content?.length ?? 0]).toEqual([model, expect.any(Number)]);
      expect([model, JSON.stringify(upstream()).includes('thinking_blocks'), JSON.stringify(upstream()).includes(message.reasoning_content ?? '?')]).toEqual([model, false, false]);
    }
    const unsigned = answering(message, ({ reasoning_content }) => ({ thinking_blocks: [{ type: 'thinking', thinking: reasoning_content, signature: '' }, { type: 'thinking', text: 'no fields' }] }));
    const answer = await openai.chat.completions.create({ ...request, messages: unsigned });
    expect(answer.choices[0]?.finish_reason).toBe('stop');
    expect(upstream().thinking).toBeUndefined();
    expect(claudeTurn().some((block) => block.type === 'thinking')).toBe(false);
  });

  it('are not made up for vendors that sign nothing', async () => {
    for (const model of ['gpt', 'flash']) {
      const answer = await openai.chat.completions.create({ ...request, model, messages: [asked] });
      expect([model, answer.choices[0]?.message]).toEqual([model, expect.not.objectContaining({ thinking_blocks: expect.anything() })]);
    }
  });
});
