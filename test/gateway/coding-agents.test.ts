import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Requests shaped as coding agents send them, captured from Claude Code 2.1.197 (`claude -p`) and
 * the Codex CLI 0.171 (`codex exec`) through a logging proxy in front of the gateway, and
 * replayed with the official SDKs.
 */
let h: Harness;
let client: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  claude-opus-4-8: { provider: anth, model: claude-opus-4-8 }
  coder:           { provider: oai, model: gpt-5.4 }
  gem-coder:       { provider: gem, model: gemini-2.5-flash }
  codex-claude:    { provider: anth, model: claude-sonnet-4-6 }
  sonnet-coder:    { provider: anth, model: claude-sonnet-4-6 }
`);
  client = h.anthropic('sk-any');
  openai = h.openai('sk-any');
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

  it('folds it into the user turn for a Claude model that takes none (an alias of Sonnet 4.6), as Claude Code writes it there', async () => {
    const { data: stream, response } = await client.beta.messages.create(claudeCodeTurn('sonnet-coder')).withResponse();
    for await (const _event of stream);
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string; content: { type: string; text: string }[] }[] };
    expect(upstream.messages.map((m) => m.role)).toEqual(['user']);
    expect(upstream.messages[0]?.content.at(-1)).toEqual({ type: 'text', text: `<system-reminder>\n${reminder}\n</system-reminder>` });
    const trace = await h.traceOf(response);
    expect(trace.decisions).toMatchObject({ system_turns: { model: 'claude-sonnet-4-6', folded: 1 } });
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

/** Codex's sub-agent tools: a Responses API namespace of function tools. */
const multiAgent = {
  type: 'namespace',
  name: 'multi_agent_v1',
  description: 'Tools for spawning and managing sub-agents.',
  tools: [
    { type: 'function', name: 'spawn_agent', description: 'Spawn a sub-agent for a well-scoped task.', strict: false, parameters: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'], additionalProperties: false } },
    { type: 'function', name: 'close_agent', description: 'Close an agent.', strict: false, parameters: { type: 'object', properties: { target: { type: 'string' } }, required: ['target'], additionalProperties: false } },
  ],
};

/** One Codex turn: stateless (`store: false`), reasoning carried as encrypted content, its metadata. */
function codexTurn(input: unknown[]): OpenAI.Responses.ResponseCreateParamsStreaming {
  return {
    model: 'codex-claude',
    instructions: 'You are a coding agent running in the Codex CLI.',
    input,
    tools: [multiAgent],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { effort: 'medium', summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: '01a23c1c-922c-7982',
    client_metadata: { session_id: '01a23c1c-922c-7982', turn_id: '01a23c1c-9244' },
  } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming;
}

async function completed(body: OpenAI.Responses.ResponseCreateParamsStreaming): Promise<OpenAI.Responses.Response> {
  const stream = await openai.responses.create(body);
  for await (const event of stream) if (event.type === 'response.completed') return event.response;
  throw new Error('no response.completed');
}

describe('Codex CLI through the gateway', () => {
  it('calls a namespaced tool on a translated model and takes the call and its output back', async () => {
    const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Spawn an agent to fix the build' }] };
    const first = await completed(codexTurn([user]));
    const chat = h.sim.stats().lastRequests.at(-1)?.body as { tools: { name: string }[] };
    expect(chat.tools.map((t) => t.name)).toEqual(['multi_agent_v1__spawn_agent', 'multi_agent_v1__close_agent']);
    const calls = first.output.filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.namespace).toBe('multi_agent_v1');
      expect(['spawn_agent', 'close_agent']).toContain(call.name);
    }
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.type === 'reasoning' && reasoning.encrypted_content).toBeTruthy();

    // Stateless: the next turn sends everything back, the reasoning item included.
    const outputs = calls.map((call) => ({ type: 'function_call_output', call_id: call.call_id, output: 'done' }));
    const second = await completed(codexTurn([user, ...first.output, ...outputs]));
    expect(second.status).toBe('completed');
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string; content: { type: string; name?: string }[] }[] };
    const assistant = upstream.messages.find((m) => m.role === 'assistant');
    // Claude's signed thinking leads the turn again, and the calls go back under their chat names.
    expect(assistant?.content[0]?.type).toBe('thinking');
    expect(assistant?.content.filter((b) => b.type === 'tool_use').map((b) => b.name)).toEqual(calls.map((call) => `multi_agent_v1__${call.name}`));
  });

  it('refuses a namespace without its tools, naming it', async () => {
    const body = { ...codexTurn([]), input: 'hi', tools: [{ type: 'namespace', name: 'multi_agent_v1' }] } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming;
    await expect(openai.responses.create(body)).rejects.toMatchObject({ status: 400, param: 'tools[0].tools' });
  });
});
