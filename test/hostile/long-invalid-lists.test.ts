import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A long list of bad items (a megabyte of `0,` in `tools`, a message's `tool_calls` or content):
 * the schema check made a problem object for every item before the 400 named three, 5 s of the
 * event loop for 1 MB (71 s and 3.4 GB for 8 MB), and past ~120,000 items nested in a message
 * zod's spread of them overflowed the stack, a 500. The check now stops at the first bad item
 * and words the 400 from the lists cut a little past it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const zeros = (n: number) => Array<number>(n).fill(0) as never[];

describe('a long list of invalid items', () => {
  it('in tools, from the openai client: a 400 naming the first three, counted in the first 256 items', async () => {
    const refused = await h.openai('sk-sy-test').chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'hi' }], tools: zeros(500_000) })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = refused as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error.error).toMatchObject({ param: 'tools[0]', message: 'invalid request: tools[0]: expected object, got 0; tools[1]: expected object, got 0; tools[2]: expected object, got 0 (and 253 more in the first 256 items of each list)' });
  });

  it("in a past turn's tool_calls, past the length zod's spread overflowed at: a 400, not a 500, and the bad items after good ones are named", async () => {
    const call = { id: 'c', type: 'function' as const, function: { name: 'f', arguments: '{}' } };
    const refused = await h.openai('sk-sy-test').chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', tool_calls: [...Array(300).fill(call), ...zeros(200_000)] }] })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as Error).message).toContain('messages[1].tool_calls[300]: expected object, got 0; messages[1].tool_calls[301]');
    expect((refused as Error).message).toContain('more in the first 1,024 items of each list');
  });

  it("in an Anthropic client's message content and system: the first bad block named", async () => {
    const client = h.anthropic('sk-sy-test');
    for (const [body, start] of [
      [{ messages: [{ role: 'user', content: zeros(300_000) }] }, 'invalid request: messages[0].content[0]: expected object, got 0'],
      [{ messages: [{ role: 'user', content: 'hi' }], system: zeros(300_000) }, 'invalid request: system[0]: expected object, got 0'],
    ] as const) {
      const refused = await client.messages.create({ model: 'claude', max_tokens: 5, ...body } as never).then(() => undefined, (e: unknown) => e);
      expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
      expect((refused as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(start);
    }
  });

  it('behind 70,000 good tool_calls (5.3 MB): the first bad one named, not "too many invalid items to check"', async () => {
    // Checked on growing prefixes, the round that failed held 192,000 bad items: zod's spread of them
    // overflowed, and the 400 named nothing, after 3.2 s of the event loop.
    const call = { id: 'c', type: 'function' as const, function: { name: 'f', arguments: '{}' } };
    const refused = await h.openai('sk-sy-test').chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', tool_calls: [...Array(70_000).fill(call), ...zeros(200_000)] }] })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const error = (refused as InstanceType<typeof OpenAI.BadRequestError>).error as { param: string; message: string };
    expect(error.param).toBe('messages[1].tool_calls[70000]');
    expect(error.message).toMatch(/^invalid request: messages\[1\]\.tool_calls\[70000\]: expected object, got 0; messages\[1\]\.tool_calls\[70001\]: expected object, got 0; messages\[1\]\.tool_calls\[70002\]: expected object, got 0 \(and 1021 more in the first 71,024 items of each list\)$/);
  });

  it("behind good ones, bad blocks that a refinement finds (an Anthropic text block's text of 5; a Responses function_call_output's empty call_id): the first named at its field", async () => {
    const blocks = [...Array(70_000).fill({ type: 'text', text: 'some words' }), ...Array(200_000).fill({ type: 'text', text: 5 })];
    const anthropic = await h.anthropic('sk-sy-test').messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: blocks }] } as never).then(() => undefined, (e: unknown) => e);
    expect(anthropic).toBeInstanceOf(Anthropic.BadRequestError);
    expect((anthropic as Error).message).toContain('invalid request: messages[0].content[70000].text: expected string, got 5; messages[0].content[70001].text: expected string, got 5');
    const items = [...Array(40_000).fill({ role: 'user', content: [{ type: 'input_text', text: 'some words' }] }), ...Array(100_000).fill({ type: 'function_call_output', call_id: '', output: 'x' })];
    const responses = await h.openai('sk-sy-test').responses.create({ model: 'small', input: items } as never).then(() => undefined, (e: unknown) => e);
    expect(responses).toBeInstanceOf(OpenAI.BadRequestError);
    expect((responses as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ param: 'input[40000].call_id' });
    expect((responses as Error).message).toContain('input[40000].call_id: must be the call_id of the function_call it answers (got an empty string); input[40001].call_id');
  });

  it('a long valid conversation still answers (each list checked whole in the end)', async () => {
    const turns = Array.from({ length: 600 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: [{ type: 'text' as const, text: `turn ${i}` }] }));
    const answer = await h.openai('sk-sy-test').chat.completions.create({ model: 'small', messages: [...turns, { role: 'user', content: 'and now?' }], stop: ['\n\n'] });
    expect(answer.choices[0]?.message.role).toBe('assistant');
    // A bad part after 600 good turns is still found.
    const late = await h.openai('sk-sy-test').chat.completions
      .create({ model: 'small', messages: [...turns, { role: 'user', content: [{ type: 'text', text: 5 as never }] }] })
      .then(() => undefined, (e: unknown) => e);
    expect((late as Error).message).toContain('messages[600].content');
  });
});
