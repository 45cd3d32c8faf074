/**
 * Claude's prompt cache in the simulator as the official `@anthropic-ai/sdk` sees it, beyond one
 * fixed breakpoint (anthropic.test.ts): the breakpoint that moves to the newest message each turn
 * (Anthropic's advice for conversations, and what Claude Code sends), the top-level
 * `cache_control` that does it automatically, and one-hour lifetimes, which Anthropic bills at 2×
 * the input price where five-minute writes cost 1.25×. Before, the simulator read no cache on a
 * conversation's second turn, ignored the top-level field, and reported every write as five-minute.
 */
import Anthropic from '@anthropic-ai/sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import { anthropicOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let client: Anthropic;

simulatorPerFile((started) => {
  sim = started;
  client = anthropicOn(sim);
});
beforeEach(() => fetch(`${sim.url}/_sim/reset`, { method: 'POST' }));

const model = 'claude-sonnet-4-6';
const handbook = 'Policy handbook. '.repeat(400);
type Turn = Anthropic.MessageParam;
const marked = (text: string, ttl?: '5m' | '1h'): Anthropic.TextBlockParam => ({ type: 'text', text, cache_control: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } });

/** Asks, then returns the usage and the conversation with the answer appended (unmarked). */
async function turn(history: Turn[], question: Turn, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) {
  const message = await client.messages.create({ model, max_tokens: 20, system: handbook, messages: [...history, question], ...extra });
  const plain: Turn = { role: 'user', content: typeof question.content === 'string' ? question.content : question.content.map((b) => ({ ...b, cache_control: null })) };
  return { usage: message.usage, history: [...history, plain, { role: 'assistant' as const, content: message.content }] };
}

describe('a conversation whose breakpoint moves to the newest message', () => {
  it('reads the previous turn from the cache and writes only what is new', async () => {
    const first = await turn([], { role: 'user', content: [marked('first question')] });
    const second = await turn(first.history, { role: 'user', content: [marked('second question')] });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    // The answer and the new question: tens of tokens, not the handbook again.
    expect(second.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.usage.cache_creation_input_tokens).toBeLessThan(100);
  });

  it('finds no hit more than 20 blocks before the breakpoint, as Claude looks back no further', async () => {
    const first = await turn([], { role: 'user', content: [marked('first question')] });
    const filler: Turn[] = Array.from({ length: 11 }, (_, i): Turn[] => [{ role: 'user', content: `aside ${i}` }, { role: 'assistant', content: `noted ${i}` }]).flat();
    const far = await turn([...first.history, ...filler], { role: 'user', content: [marked('a much later question')] });
    expect(far.usage.cache_read_input_tokens).toBe(0);
    expect(far.usage.cache_creation_input_tokens).toBeGreaterThan(first.usage.cache_creation_input_tokens ?? 0);
  });
});

describe('the top-level cache_control (automatic caching)', () => {
  it('marks the last block: written on the first turn, read on the next', async () => {
    const automatic = { cache_control: { type: 'ephemeral' as const } };
    const first = await turn([], { role: 'user', content: 'first question' }, automatic);
    const second = await turn(first.history, { role: 'user', content: 'second question' }, automatic);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBeLessThan(100);
  });
});

describe('cache lifetimes (ttl)', () => {
  const system = [marked(`${handbook} Part one.`, '1h'), marked(`${handbook} Part two.`)];
  const ask = (blocks: Anthropic.TextBlockParam[]) => client.messages.create({ model, max_tokens: 20, system: blocks, messages: [{ role: 'user', content: 'hi' }] });

  it('reports writes up to the last one-hour breakpoint as one-hour writes, the rest as five-minute ones', async () => {
    const first = await ask(system);
    const creation = first.usage.cache_creation;
    expect(creation?.ephemeral_1h_input_tokens).toBeGreaterThan(1024);
    expect(creation?.ephemeral_5m_input_tokens).toBeGreaterThan(1024);
    expect((creation?.ephemeral_1h_input_tokens ?? 0) + (creation?.ephemeral_5m_input_tokens ?? 0)).toBe(first.usage.cache_creation_input_tokens);
    const second = await ask(system);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 });
  });

  it('writes only the part past a one-hour prefix already cached', async () => {
    await ask([system[0] as Anthropic.TextBlockParam]);
    const both = await ask(system);
    expect(both.usage.cache_read_input_tokens).toBeGreaterThan(1024);
    expect(both.usage.cache_creation?.ephemeral_1h_input_tokens).toBe(0);
    expect(both.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(both.usage.cache_creation_input_tokens);
  });

  it("refuses a one-hour breakpoint after a five-minute one, and a lifetime other than 5m or 1h, in Anthropic's words", async () => {
    const late = await ask([system[1], system[0]] as Anthropic.TextBlockParam[]).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(Anthropic.BadRequestError);
    expect((late as Error).message).toContain("system.1.cache_control.ttl: a ttl='1h' must not come after a ttl='5m' cache_control block");
    // Tools come before the system prompt: a five-minute tool makes the one-hour system block late.
    const tool = { name: 'lookup', input_schema: { type: 'object' as const }, cache_control: { type: 'ephemeral' as const } };
    const afterTool = await client.messages.create({ model, max_tokens: 20, tools: [tool], system: [system[0] as Anthropic.TextBlockParam], messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((afterTool as Error).message).toContain("system.0.cache_control.ttl: a ttl='1h' must not come after");
    const odd = { type: 'ephemeral', ttl: '2h' } as unknown as Anthropic.CacheControlEphemeral;
    const wrong = await ask([{ type: 'text', text: handbook, cache_control: odd }]).catch((e: unknown) => e);
    expect((wrong as Error).message).toContain("system.0.cache_control.ephemeral.ttl: Input should be '5m' or '1h'");
  });
});
