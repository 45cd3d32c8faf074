/**
 * An Anthropic client's tool names that OpenAI or Gemini refuses (Claude Code's MCP tools run past
 * their 64 characters; Anthropic takes 128) reach an OpenAI or Gemini model as names it takes and
 * come back to the client under its own names, whole, streamed and across a tool loop.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let claude: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}\nmodels:\n  gpt: { provider: oai, model: gpt-4.1-mini }\n  flash: { provider: gem, model: gemini-2.5-flash }\nkeys:\n  - { key: sk-sy-test, name: t }`);
  claude = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

// 76 characters, as Claude Code names a tool of an MCP server with a long name.
const LONG = 'mcp__my-very-long-server-name-for-testing__list_all_repository_commits_since';
const tools: Anthropic.Tool[] = [
  { name: LONG, description: 'List commits', input_schema: { type: 'object', properties: { since: { type: 'string' } }, required: ['since'] } },
  { name: 'get_time', description: 'The time', input_schema: { type: 'object', properties: {} } },
];
const ask = { model: 'gpt', max_tokens: 300, tools, tool_choice: { type: 'tool' as const, name: LONG }, messages: [{ role: 'user' as const, content: 'Which commits landed since Monday?' }] };

/** The tool names the simulated OpenAI model was last sent, and its named tool_choice. */
function sentNames(): { tools: string[]; choice: string | undefined; history: string[] } {
  const body = h.sim.stats().lastRequests.at(-1)?.body as {
    tools: { function: { name: string } }[];
    tool_choice?: { function?: { name: string } };
    messages: { tool_calls?: { function: { name: string } }[] }[];
  };
  return { tools: body.tools.map((t) => t.function.name), choice: body.tool_choice?.function?.name, history: body.messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.function.name)) };
}

describe('tool names OpenAI refuses', () => {
  it('go to an OpenAI model as names it takes, and the call comes back under the client’s name', async () => {
    const message = await claude.messages.create(ask);
    const use = message.content.find((block) => block.type === 'tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe(LONG);
    const sent = sentNames();
    expect(sent.tools[1]).toBe('get_time');
    // The name's first 55 characters and 8 hex characters of its hash.
    expect(sent.tools[0]).toMatch(new RegExp(`^${LONG.slice(0, 55)}_[0-9a-f]{8}$`));
    expect(sent.tools[0]?.length).toBeLessThanOrEqual(64);
    expect(sent.choice).toBe(sent.tools[0]);
  });

  it('streamed too', async () => {
    const streamed = await claude.messages.stream(ask).finalMessage();
    const use = streamed.content.find((block) => block.type === 'tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe(LONG);
    expect(use?.type === 'tool_use' && use.input).toMatchObject({ since: expect.any(String) });
  });

  it('and across a tool loop: the earlier call goes back under the name OpenAI was given', async () => {
    const first = await claude.messages.create(ask);
    const use = first.content.find((block) => block.type === 'tool_use');
    if (use?.type !== 'tool_use') throw new Error('no tool call');
    const second = await claude.messages.create({
      model: 'gpt',
      max_tokens: 300,
      tools,
      messages: [...ask.messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '3 commits' }] }],
    });
    expect(second.stop_reason).toBe('end_turn');
    const sent = sentNames();
    expect(sent.history).toEqual([sent.tools[0]]);
  });
});

/** The function names the simulated Gemini model was last sent: declared, allowed, and called earlier. */
function sentToGemini(): { tools: string[]; allowed: string[] | undefined; history: string[] } {
  const body = h.sim.stats().lastRequests.at(-1)?.body as {
    tools: { functionDeclarations: { name: string }[] }[];
    toolConfig?: { functionCallingConfig?: { allowedFunctionNames?: string[] } };
    contents: { parts: { functionCall?: { name: string }; functionResponse?: { name: string } }[] }[];
  };
  return {
    tools: body.tools.flatMap((t) => t.functionDeclarations.map((d) => d.name)),
    allowed: body.toolConfig?.functionCallingConfig?.allowedFunctionNames,
    history: body.contents.flatMap((c) => c.parts.flatMap((p) => [p.functionCall?.name, p.functionResponse?.name].filter((n): n is string => n !== undefined))),
  };
}

describe('tool names Gemini refuses', () => {
  // Anthropic takes a name that starts with a digit; Gemini wants a letter or an underscore first.
  const geminiTools: Anthropic.Tool[] = [...tools, { name: '1st_pass', description: 'A first pass', input_schema: { type: 'object', properties: {} } }];
  const geminiAsk = { ...ask, model: 'flash', tools: geminiTools };

  it('go to a Gemini model as names it takes (Google\'s 400 otherwise), and the call comes back under the client’s name', async () => {
    const message = await claude.messages.create(geminiAsk);
    const use = message.content.find((block) => block.type === 'tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe(LONG);
    const sent = sentToGemini();
    expect(sent.tools[0]).toMatch(new RegExp(`^${LONG.slice(0, 55)}_[0-9a-f]{8}$`));
    expect(sent.tools[1]).toBe('get_time');
    expect(sent.tools[2]).toMatch(/^_1st_pass_[0-9a-f]{8}$/);
    expect(sent.allowed).toEqual([sent.tools[0]]);
  });

  it('streamed too', async () => {
    const streamed = await claude.messages.stream(geminiAsk).finalMessage();
    const use = streamed.content.find((block) => block.type === 'tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe(LONG);
  });

  it('and across a tool loop: the earlier call and its result go back under the name Gemini was given', async () => {
    const first = await claude.messages.create(geminiAsk);
    const use = first.content.find((block) => block.type === 'tool_use');
    if (use?.type !== 'tool_use') throw new Error('no tool call');
    const second = await claude.messages.create({
      model: 'flash',
      max_tokens: 300,
      tools: geminiTools,
      messages: [...ask.messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '3 commits' }] }],
    });
    expect(second.stop_reason).toBe('end_turn');
    const sent = sentToGemini();
    expect(sent.history).toEqual([sent.tools[0], sent.tools[0]]);
  });
});
