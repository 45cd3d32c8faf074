/**
 * OpenAI clients' reasoning effort on Claude models that take adaptive thinking only, driven with
 * the official `openai` SDK (chat completions and Responses) and the Responses WebSocket mode.
 * Opus 4.7 and later refuse `thinking: {type: "enabled", budget_tokens}` with a 400 (Anthropic's
 * extended-thinking page), and the simulator does too: the gateway sends adaptive thinking with
 * `output_config.effort`, asks for the thinking in summary (Opus 4.7 omits it by default), and
 * keeps a budget for the models without adaptive thinking.
 */
import OpenAI from 'openai';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  opus: { provider: anth, model: claude-opus-4-7 }
  mythos: { provider: anth, model: claude-mythos-5 }
  sonnet45: { provider: anth, model: claude-sonnet-4-5-20250929 }
`);
  openai = h.openai('x');
});
afterAll(() => h.close());

type Upstream = { model: string; max_tokens: number; thinking?: Record<string, unknown>; output_config?: Record<string, unknown> };
const upstream = (): Upstream => h.sim.stats().lastRequests.at(-1)?.body as Upstream;
const question = 'Why is the sky blue?';

describe('reasoning_effort on Claude Opus 4.7 (chat completions)', () => {
  it('succeeds with adaptive thinking and the effort upstream, and the reasoning shows', async () => {
    const completion = await openai.chat.completions.create({ model: 'opus', reasoning_effort: 'high', messages: [{ role: 'user', content: question }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect((completion.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toMatch(/\S/);
    expect(upstream()).toMatchObject({ model: 'claude-opus-4-7', thinking: { type: 'adaptive', display: 'summarized' }, output_config: { effort: 'high' } });
    expect(upstream().thinking).not.toHaveProperty('budget_tokens');
  });

  it('streams too, at minimal effort as Claude\'s low, on Mythos 5', async () => {
    const stream = await openai.chat.completions.create({ model: 'mythos', reasoning_effort: 'minimal', stream: true, messages: [{ role: 'user', content: question }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBeTruthy();
    expect(upstream()).toMatchObject({ model: 'claude-mythos-5', thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
  });

  it('keeps a thinking budget for a model without adaptive thinking (Sonnet 4.5)', async () => {
    await openai.chat.completions.create({ model: 'sonnet45', reasoning_effort: 'low', messages: [{ role: 'user', content: question }] });
    expect(upstream()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(upstream()).not.toHaveProperty('output_config');
  });
});

describe("an OpenAI client's Anthropic-style thinking field on Claude (as Anthropic's own OpenAI-compatible endpoint takes it)", () => {
  const ask = (model: string, thinking: unknown) =>
    openai.chat.completions.create({ model, messages: [{ role: 'user', content: question }], ...({ thinking } as object) });

  it('turns a budget on for a model that takes one, the reasoning shown and temperature gone', async () => {
    const completion = await openai.chat.completions.create({ model: 'sonnet45', temperature: 0.2, messages: [{ role: 'user', content: question }], ...({ thinking: { type: 'enabled', budget_tokens: 2048 } } as object) });
    expect((completion.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toMatch(/\S/);
    expect(upstream()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 + 2048 });
    expect(upstream()).not.toHaveProperty('temperature');
  });

  it('becomes adaptive thinking with the effort its budget stands for on Opus 4.7, which refuses budgets', async () => {
    await ask('opus', { type: 'enabled', budget_tokens: 10000 });
    expect(upstream()).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } });
    expect(upstream().thinking).not.toHaveProperty('budget_tokens');
  });

  it('wins over reasoning_effort, and disabled sends no thinking', async () => {
    await openai.chat.completions.create({ model: 'sonnet45', reasoning_effort: 'high', messages: [{ role: 'user', content: question }], ...({ thinking: { type: 'disabled' } } as object) });
    expect(upstream()).not.toHaveProperty('thinking');
  });

  it('of any other shape is a 400 naming the field and the shapes it takes', async () => {
    for (const thinking of [{ type: 'enabled', budget_tokens: 100 }, { type: 'enabled' }, { type: 'bogus' }, 'on', [{ toString: [] }]]) {
      const error = await ask('sonnet45', thinking).catch((e: unknown) => e);
      expect(error, JSON.stringify(thinking)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, param: 'thinking' });
      expect((error as Error).message).toContain('thinking must be {"type": "enabled", "budget_tokens": N} with N an integer of at least 1024');
    }
  });
});

describe('reasoning.effort on Claude Opus 4.7 (Responses)', () => {
  it('succeeds with adaptive thinking and the effort upstream, the summary from Claude\'s thinking', async () => {
    const response = await openai.responses.create({ model: 'opus', input: question, reasoning: { effort: 'xhigh', summary: 'auto' } });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBeTruthy();
    const reasoning = response.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.type === 'reasoning' && reasoning.summary[0]?.text).toMatch(/\S/);
    expect(upstream()).toMatchObject({ thinking: { type: 'adaptive', display: 'summarized' }, output_config: { effort: 'xhigh' } });
  });

  it('over the WebSocket mode', async () => {
    const ws = new WebSocket(`${h.gateway.url.replace('http:', 'ws:')}/v1/responses`, { headers: { authorization: 'Bearer x' } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const done = new Promise<{ type: string; response?: { status: string } }>((resolve) => {
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; response?: { status: string } };
        if (event.type === 'response.completed' || event.type === 'response.failed' || event.type === 'error') resolve(event);
      });
    });
    ws.send(JSON.stringify({ type: 'response.create', model: 'opus', input: question, reasoning: { effort: 'medium' } }));
    const event = await done;
    ws.close();
    expect(event).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(upstream()).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } });
  });
});
