/**
 * Claude Code's tool search through the gateway. Claude Code 2.1.332 (`claude -p`, Node 22) sends
 * its rarer tools as deferred (`defer_loading: true`, the `advanced-tool-use-2025-11-20` beta)
 * with a `DeferredToolPlaceholder` that stays deferred for good; its ToolSearch tool answers with
 * `tool_reference` blocks, and the next request declares the tools found (deferred still). The
 * turns below are what it sent, recorded through a logging proxy, replayed with the official SDK.
 *
 * Before: a model the gateway translates was offered the placeholder and every deferred tool, and
 * the turn after a search was a 400 (`content block type "tool_reference" cannot be sent to an
 * OpenAI-compatible model`); Claude Code retried it three times, then turned tool search off.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  claude-gpt: { provider: oai, model: gpt-5.4 }
  gem:        { provider: gem, model: gemini-2.5-flash }
  sonnet:     { provider: anth, model: claude-sonnet-4-6 }
keys:
  - { key: sk-sy-test, name: t }
`);
  client = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const BETAS = [
  'claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'mid-conversation-tool-changes-2026-07-01',
  'thinking-token-count-2026-05-13', 'advanced-tool-use-2025-11-20', 'effort-2025-11-24',
];

const toolSearch = {
  name: 'ToolSearch',
  description: 'Fetches full schema definitions for deferred tools so they can be called.',
  input_schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      query: { description: 'Query to find deferred tools. Use "select:<tool_name>" for direct selection, or keywords to search.', type: 'string' },
      max_results: { description: 'Maximum number of results to return (default: 5)', default: 5, type: 'number' },
    },
    required: ['query'],
    additionalProperties: false,
  },
};
const read = { name: 'Read', description: 'Reads a file from the local filesystem.', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } };
const placeholder = { name: 'DeferredToolPlaceholder', description: 'Reserved placeholder that keeps deferred tool loading active; never call this tool.', input_schema: { type: 'object', properties: {} }, defer_loading: true };
const monitor = {
  name: 'Monitor',
  description: 'Start a background monitor that streams events from a long-running script.',
  input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  defer_loading: true,
};

const question = { role: 'user' as const, content: [{ type: 'text' as const, text: 'Monitor the build log for errors' }] };
const search = { type: 'tool_use' as const, id: 'call_zfHkLzKSz0Aygpf8yH3kj227', name: 'ToolSearch', input: { query: 'select:Monitor' } };

/** One Claude Code turn as it sends it: streamed, `?beta=true` with its betas, cached system blocks, adaptive thinking. */
function turn(model: string, tools: object[], messages: object[]): Anthropic.Beta.Messages.MessageCreateParamsStreaming {
  return {
    model,
    max_tokens: 32000,
    stream: true,
    betas: BETAS,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332; cc_entrypoint=sdk-cli;' },
      { type: 'text', text: 'You are an interactive agent that helps users with software engineering tasks.', cache_control: { type: 'ephemeral' } },
    ],
    tools: tools as Anthropic.Beta.Messages.BetaToolUnion[],
    messages: messages as Anthropic.Beta.Messages.BetaMessageParam[],
    metadata: { user_id: JSON.stringify({ device_id: 'd634', account_uuid: '', session_id: '5104c124' }) },
    thinking: { type: 'adaptive', display: 'omitted' } as never,
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'high' },
  };
}

/** The second turn: the search's result references Monitor, which the request now declares (deferred). */
function afterSearch(model: string, reference = 'Monitor'): Anthropic.Beta.Messages.MessageCreateParamsStreaming {
  return turn(model, [toolSearch, read, monitor, placeholder], [
    question,
    { role: 'assistant', content: [search] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: search.id, content: [{ type: 'tool_reference', tool_name: reference }], cache_control: { type: 'ephemeral' } }],
    },
  ]);
}

async function finish(body: Anthropic.Beta.Messages.MessageCreateParamsStreaming): Promise<{ stop: string | null; calls: string[] }> {
  const stream = await client.beta.messages.create(body);
  let stop: string | null = null;
  const calls: string[] = [];
  for await (const event of stream) {
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') calls.push(event.content_block.name);
    if (event.type === 'message_delta') stop = event.delta.stop_reason;
  }
  return { stop, calls };
}

function upstream(): Record<string, unknown> {
  return h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
}
const chatToolNames = (body: Record<string, unknown>): string[] => (body['tools'] as { function: { name: string } }[]).map((t) => t.function.name);

describe('Claude Code tool search on a model the gateway translates', () => {
  it('offers an OpenAI model the tools Claude would see: none deferred before a search', async () => {
    const first = await finish(turn('claude-gpt', [toolSearch, read, placeholder], [question]));
    expect(first.stop).not.toBeNull();
    expect(first.calls).not.toContain('DeferredToolPlaceholder');
    expect(chatToolNames(upstream())).toEqual(['ToolSearch', 'Read']);
  });

  it('takes the search result: the referenced tool is offered, the reference reads as text', async () => {
    const second = await finish(afterSearch('claude-gpt'));
    expect(second.stop).not.toBeNull();
    const body = upstream();
    expect(chatToolNames(body)).toEqual(['ToolSearch', 'Read', 'Monitor']);
    const tool = (body['messages'] as { role: string; tool_call_id?: string; content: unknown }[]).find((m) => m.role === 'tool');
    expect(tool).toEqual({ role: 'tool', tool_call_id: search.id, content: 'Tool "Monitor" is loaded and can be called.' });
  });

  it('names a loaded MCP tool as the model knows it, when its name is too long for OpenAI', async () => {
    // Claude Code defers an MCP server's tools; this name runs past OpenAI's 64 characters.
    const long = 'mcp__my-very-long-server-name-for-testing__list_all_repository_commits_since';
    const mcp = { ...monitor, name: long, description: 'List the commits of the repository since a date' };
    const body = afterSearch('claude-gpt', long);
    const second = await finish({ ...body, tools: [toolSearch, read, mcp, placeholder] as Anthropic.Beta.Messages.BetaToolUnion[] });
    expect(second.stop).not.toBeNull();
    const sent = upstream();
    const shortened = chatToolNames(sent)[2]!;
    expect(shortened).toMatch(/^mcp__my-very-long-server-name-for-testing__list_all_rep_[0-9a-f]{8}$/);
    const tool = (sent['messages'] as { role: string; content: unknown }[]).find((m) => m.role === 'tool');
    expect(tool?.content).toBe(`Tool "${shortened}" is loaded and can be called.`);
  });

  it('and on Gemini', async () => {
    const second = await finish(afterSearch('gem'));
    expect(second.stop).not.toBeNull();
    const declarations = (upstream()['tools'] as { functionDeclarations?: { name: string }[] }[]).flatMap((t) => t.functionDeclarations ?? []);
    expect(declarations.map((d) => d.name)).toEqual(['ToolSearch', 'Read', 'Monitor']);
  });

  it('counts the tokens of a conversation with a reference (Claude Code counts before it compacts)', async () => {
    const { model, messages, tools, system } = afterSearch('claude-gpt');
    const count = await client.beta.messages.countTokens({ model, messages, tools: tools as Anthropic.Beta.Messages.BetaToolUnion[], system, betas: BETAS });
    expect(count.input_tokens).toBeGreaterThan(0);
  });

  it('refuses a reference to a tool the request does not declare, in Anthropic\'s code', async () => {
    const refused = await client.beta.messages.create(afterSearch('claude-gpt', 'WebSearch')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Anthropic.ToolReferenceUnresolvedError);
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining('messages[2].content[0].content[0].tool_name') });
    expect((refused as Error).message).toContain('WebSearch');
  });
});

describe('the simulated Claude, as Claude does', () => {
  it('never calls a deferred tool no search has loaded, though the question names it', async () => {
    const deferred = ['Monitor', 'CronCreate', 'WebFetch', 'NotebookEdit'].map((name) => ({ ...monitor, name, description: `${name}: monitor the build log` }));
    for (const text of ['Monitor the build log', 'Monitor the log for errors', 'Watch the build with Monitor', 'Start a monitor on the build log']) {
      const body = turn('sonnet', [toolSearch, ...deferred, placeholder], [{ role: 'user', content: text }]);
      const { calls } = await finish({ ...body, tool_choice: { type: 'any' } });
      expect(calls.length).toBeGreaterThan(0);
      expect(new Set(calls)).toEqual(new Set(['ToolSearch']));
    }
  });

  it('calls a deferred tool once a search has loaded it', async () => {
    const { calls } = await finish({ ...afterSearch('sonnet'), tool_choice: { type: 'tool', name: 'Monitor' } });
    expect(calls).toEqual(['Monitor']);
  });
});
