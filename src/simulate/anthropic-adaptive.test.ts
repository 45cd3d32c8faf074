/**
 * Adaptive thinking (`thinking: {type: "adaptive"}`) on the simulated Claude, as the clients that
 * now send it by default see it: the AI SDK 7's @ai-sdk/anthropic 4, @anthropic-ai/sdk 1.16 and
 * Claude Code 2.1 (which also asks for `display: "omitted"`). Their recorded requests are in
 * `__fixtures__/anthropic-adaptive-thinking-requests.json`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

interface RecordedRequest {
  client: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}
interface Block {
  type: string;
  thinking?: string;
  signature?: string;
  text?: string;
}
interface Message {
  content: Block[];
  usage: { output_tokens: number };
}

const { requests } = JSON.parse(readFileSync(new URL('./__fixtures__/anthropic-adaptive-thinking-requests.json', import.meta.url), 'utf8')) as { requests: RecordedRequest[] };
const [aiSdk, anthropicSdk, claudeCodeFirst, claudeCodeSecond] = requests as [RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest];

let sim: Simulator;
simulatorPerFile((started) => {
  sim = started;
});

function send(request: RecordedRequest, body: Record<string, unknown> = request.body): Promise<Response> {
  return fetch(`${sim.url}${request.path}`, { method: 'POST', headers: request.headers, body: JSON.stringify(body) });
}
async function create(request: RecordedRequest, body: Record<string, unknown> = request.body): Promise<Message> {
  const response = await send(request, { ...body, stream: false });
  expect(response.status).toBe(200);
  return (await response.json()) as Message;
}
/** The data of each SSE event of a streamed answer. */
async function events(request: RecordedRequest, body: Record<string, unknown> = request.body): Promise<Array<{ type: string; delta?: { type: string } }>> {
  const response = await send(request, { ...body, stream: true });
  expect(response.status).toBe(200);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as { type: string; delta?: { type: string } });
}

describe('adaptive thinking at the default or high effort thinks', () => {
  it('the AI SDK 7 stream gets thinking deltas and a signature before the text', async () => {
    expect(aiSdk.client).toContain('@ai-sdk/anthropic');
    const deltas = (await events(aiSdk)).filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.type);
    expect(deltas).toContain('thinking_delta');
    expect(deltas.indexOf('signature_delta')).toBeLessThan(deltas.indexOf('text_delta'));
  });

  it('@anthropic-ai/sdk 1.16 gets a signed thinking block first', async () => {
    const message = await create(anthropicSdk);
    expect(message.content[0]?.type).toBe('thinking');
    expect(message.content[0]?.thinking?.length).toBeGreaterThan(0);
    expect(message.content[0]?.signature?.length).toBeGreaterThan(0);
    expect(message.content.at(-1)?.type).toBe('text');
  });

  it('without an effort (high by default) it thinks too; at low effort it answers straight away', async () => {
    const { output_config: _, ...noEffort } = anthropicSdk.body;
    expect((await create(anthropicSdk, noEffort)).content[0]?.type).toBe('thinking');
    const low = await create(anthropicSdk, { ...anthropicSdk.body, output_config: { effort: 'low' } });
    expect(low.content.map((b) => b.type)).toEqual(['text']);
  });
});

describe('display: "omitted" (Claude Code)', () => {
  it('the thinking block comes empty but signed, streamed without thinking deltas, and billed', async () => {
    expect(claudeCodeFirst.body.thinking).toEqual({ type: 'adaptive', display: 'omitted' });
    const stream = await events(claudeCodeFirst);
    const starts = stream.filter((e) => e.type === 'content_block_start') as Array<{ content_block?: Block }>;
    expect(starts[0]?.content_block?.type).toBe('thinking');
    const deltas = stream.filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.type);
    expect(deltas).not.toContain('thinking_delta');
    expect(deltas).toContain('signature_delta');

    const message = await create(claudeCodeFirst);
    const thinking = message.content[0];
    expect(thinking).toMatchObject({ type: 'thinking', thinking: '' });
    expect(thinking?.signature?.length).toBeGreaterThan(0);
    const shown = await create(claudeCodeFirst, { ...claudeCodeFirst.body, thinking: { type: 'adaptive' } });
    // Omitted thinking is thought all the same: the same output tokens as when it is shown.
    expect(message.usage.output_tokens).toBe(shown.usage.output_tokens);
  });

  it('the omitted block sent back beside a tool result is accepted', async () => {
    const messages = claudeCodeSecond.body.messages as Array<{ role: string; content: Block[] }>;
    expect(messages[1]?.content[0]).toMatchObject({ type: 'thinking', thinking: '' });
    const response = await send(claudeCodeSecond);
    expect(response.status).toBe(200);
  });
});

describe('models that take adaptive thinking only', () => {
  const refusal = (type: string) => `"thinking.type.${type}" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`;

  it('refuse a budget (Opus 4.7 on, Mythos, Fable) and disabled thinking (Opus 4.7, Mythos, Fable) with a 400, as Anthropic does', async () => {
    const ask = (model: string, thinking: Record<string, unknown>) => send(anthropicSdk, { ...anthropicSdk.body, model, thinking, output_config: undefined, stream: false });
    for (const model of ['claude-opus-4-7', 'claude-opus-4-8', 'claude-opus-5', 'claude-mythos-preview', 'claude-fable-5']) {
      const response = await ask(model, { type: 'enabled', budget_tokens: 2048 });
      expect(response.status, model).toBe(400);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: refusal('enabled') } });
    }
    for (const model of ['claude-opus-4-7', 'claude-mythos-5', 'claude-fable-5']) {
      const response = await ask(model, { type: 'disabled' });
      expect(response.status, model).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(refusal('disabled'));
    }
    // The older models still take both; Opus 4.8 takes disabled.
    for (const [model, thinking] of [['claude-sonnet-4-6', { type: 'enabled', budget_tokens: 2048 }], ['claude-sonnet-4-5', { type: 'enabled', budget_tokens: 2048 }], ['claude-opus-4-8', { type: 'disabled' }]] as const) {
      expect((await ask(model, thinking)).status, model).toBe(200);
    }
  });

  it('Opus 4.7 returns the thinking empty unless display asks for it', async () => {
    const opus = { ...anthropicSdk.body, model: 'claude-opus-4-7' };
    expect((await create(anthropicSdk, opus)).content[0]).toMatchObject({ type: 'thinking', thinking: '' });
    const shown = await create(anthropicSdk, { ...opus, thinking: { type: 'adaptive', display: 'summarized' } });
    expect(shown.content[0]?.thinking?.length).toBeGreaterThan(0);
    // Sonnet 4.6 shows it by default.
    expect((await create(anthropicSdk)).content[0]?.thinking?.length).toBeGreaterThan(0);
  });

  it('Opus 5, Mythos and Fable think without `thinking`; Opus 4.8 does not; Opus 5 stops with disabled', async () => {
    const { thinking: _t, output_config: _o, ...bare } = anthropicSdk.body;
    const types = async (model: string, extra: Record<string, unknown> = {}) => (await create(anthropicSdk, { ...bare, model, ...extra })).content.map((b) => b.type);
    for (const model of ['claude-opus-5', 'claude-mythos-preview', 'claude-fable-5']) expect(await types(model), model).toEqual(['thinking', 'text']);
    expect(await types('claude-opus-4-8')).toEqual(['text']);
    expect(await types('claude-opus-5', { thinking: { type: 'disabled' } })).toEqual(['text']);
  });
});
