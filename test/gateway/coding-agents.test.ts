import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Requests shaped as coding agents send them, captured from Claude Code 2.1.197 (`claude -p`)
 * through a logging proxy in front of the gateway, and replayed with the official SDK.
 */
let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  claude-opus-4-8: { provider: anth, model: claude-opus-4-8 }
  coder:           { provider: oai, model: gpt-5.4 }
  gem-coder:       { provider: gem, model: gemini-2.5-flash }
`);
  client = new Anthropic({ apiKey: 'sk-any', baseURL: h.gateway.url, maxRetries: 0 });
});
afterAll(() => h.close());

const reminder = '<system-reminder>\nAvailable agent types for the Agent tool: general-purpose, Explore, Plan.\n</system-reminder>';

/**
 * One Claude Code turn: `?beta=true` with its betas, a cached system prompt and tools, adaptive
 * thinking, context management, effort, `metadata.user_id` as a JSON string, and the reminder it
 * sends as a mid-conversation system message to Opus 4.8 and to model names it does not know.
 */
function claudeCodeTurn(model: string): Anthropic.Beta.Messages.MessageCreateParamsStreaming {
  return {
    model,
    max_tokens: 64000, // what it asks of Opus 4.8 (32000 of a name it does not know)
    stream: true,
    betas: ['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'effort-2025-11-24'],
    system: [
      { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.", cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'You are an interactive agent that helps users with software engineering tasks.', cache_control: { type: 'ephemeral' } },
    ],
    tools: [
      {
        name: 'Read',
        description: 'Reads a file from the local filesystem.',
        input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
        cache_control: { type: 'ephemeral' },
      },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Read notes.txt and tell me what it says' }] },
      { role: 'system', content: reminder },
    ],
    metadata: { user_id: JSON.stringify({ device_id: 'd634', account_uuid: '', session_id: '5104c124' }) },
    thinking: { type: 'adaptive' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'high' },
  };
}

async function finish(body: Anthropic.Beta.Messages.MessageCreateParamsStreaming): Promise<Anthropic.Beta.Messages.BetaMessage> {
  const { data: stream } = await client.beta.messages.create(body).withResponse();
  let message: Anthropic.Beta.Messages.BetaMessage | undefined;
  const blocks: Anthropic.Beta.Messages.BetaContentBlock[] = [];
  for await (const event of stream) {
    if (event.type === 'message_start') message = event.message;
    if (event.type === 'content_block_start') blocks.push(event.content_block);
    if (event.type === 'message_delta' && message) message.stop_reason = event.delta.stop_reason;
  }
  if (!message) throw new Error('no message_start');
  return { ...message, content: blocks };
}

describe('Claude Code through the gateway', () => {
  it('passes its mid-conversation system message through to Claude Opus 4.8', async () => {
    const message = await finish(claudeCodeTurn('claude-opus-4-8'));
    expect(message.stop_reason).not.toBeNull();
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/messages');
    expect(upstream?.headers['anthropic-beta']).toContain('claude-code-20250219');
    expect((upstream?.body as { messages: unknown[] }).messages[1]).toEqual({ role: 'system', content: reminder });
  });

  it('keeps the system message at its place when the name is an OpenAI model', async () => {
    const message = await finish(claudeCodeTurn('coder'));
    expect(message.stop_reason).not.toBeNull();
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/chat/completions');
    const roles = (upstream?.body as { messages: { role: string }[] }).messages.map((m) => m.role);
    expect(roles).toEqual(['system', 'user', 'system']);
    expect((upstream?.body as { messages: unknown[] }).messages[2]).toEqual({ role: 'system', content: reminder });
  });

  it('folds it into Gemini\'s system instruction, text blocks included', async () => {
    const turn = claudeCodeTurn('gem-coder');
    turn.messages[1] = { role: 'system', content: [{ type: 'text', text: reminder }] };
    const message = await finish(turn);
    expect(message.stop_reason).not.toBeNull();
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(JSON.stringify((upstream?.body as { systemInstruction: unknown }).systemInstruction)).toContain('Available agent types');
  });

  it('names a non-text block of a system message sent to a translated model', async () => {
    const turn = claudeCodeTurn('coder');
    turn.messages[1] = { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] as never };
    await expect(client.beta.messages.create(turn)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('messages[1].content[0]') });
  });
});
