import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { hostileJson } from '../../src/test-support/hostile-json.js';

/**
 * Hostile values in the fields the last sessions taught the gateway to translate: Codex's custom
 * tools, namespaces and `additional_tools` items, custom tool calls sent back, each API's web
 * search settings, and the session read from a body's user id. A bad value is a 400 naming the
 * field and the value, never a 500 and never dropped silently on a translated model.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function post(path: string, body: unknown): Promise<{ status: number; error?: { message: string; param?: string | null }; headers: Headers }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { message: string; param?: string | null } };
  return { status: res.status, error: json.error, headers: res.headers };
}

const fn = { type: 'function', name: 'f', parameters: { type: 'object', properties: {} } };
const user = { role: 'user', content: 'hi' };

/** [what, body fields, the 400's param, its message]; each sent to a native and a translated model. */
const RESPONSES_CASES: [string, Record<string, unknown>, string, RegExp][] = [
  ['a namespace holding null and a number', { tools: [{ type: 'namespace', name: 'crm', tools: [fn, null, 5] }] }, 'tools[0].tools[1]', /tools\[0\]\.tools\[1\]: expected object, got null/],
  ['a namespace tool without a name', { tools: [{ type: 'namespace', name: 'crm', tools: [{ type: 'function' }] }] }, 'tools[0].tools[0].name', /tools\[0\]\.tools\[0\]\.name: expected string/],
  ['additional_tools holding null', { input: [{ type: 'additional_tools', role: 'developer', tools: [null, fn] }, user] }, 'input[0].tools[0]', /input\[0\]\.tools\[0\]: expected object, got null/],
  ['additional_tools that is not a list', { input: [{ type: 'additional_tools', role: 'developer', tools: 'exec' }, user] }, 'input[0].tools', /input\[0\]\.tools: expected array, got "exec"/],
  ['a custom tool named by a number', { tools: [{ type: 'custom', name: 7 }] }, 'tools[0].name', /tools\[0\]\.name: expected string, got 7/],
  ['a custom tool whose format is a string', { tools: [{ type: 'custom', name: 'exec', format: 'lark' }] }, 'tools[0].format', /tools\[0\]\.format: expected object, got "lark"/],
  ['a grammar of an unknown syntax', { tools: [{ type: 'custom', name: 'exec', format: { type: 'grammar', syntax: 'peg', definition: 'x' } }] }, 'tools[0].format.syntax', /tools\[0\]\.format\.syntax: "peg" is not one of "lark", "regex"/],
  ['a custom tool call whose input is a number', { input: [user, { type: 'custom_tool_call', call_id: 'c1', name: 'exec', input: 5 }, { type: 'custom_tool_call_output', call_id: 'c1', output: 'ok' }] }, 'input[1].input', /input\[1\]\.input: expected string, got 5/],
  ['a custom tool output that is an object', { input: [user, { type: 'custom_tool_call', call_id: 'c1', name: 'exec', input: 'ls' }, { type: 'custom_tool_call_output', call_id: 'c1', output: { x: 1 } }] }, 'input[2].output', /input\[2\]\.output: expected string or array, got \{"x":1\}/],
  ['an input item of type "constructor"', { input: [{ type: 'constructor', role: 'user', content: 'hi' }] }, 'input[0].type', /./],
  ['web search of context size "huge"', { tools: [{ type: 'web_search', search_context_size: 'huge' }] }, 'tools[0].search_context_size', /tools\[0\]\.search_context_size: "huge" is not one of "low", "medium", "high"/],
  ['web search domains as a string', { tools: [{ type: 'web_search_preview', filters: { allowed_domains: 'nodejs.org' } }] }, 'tools[0].filters.allowed_domains', /tools\[0\]\.filters\.allowed_domains: expected array, got "nodejs\.org"/],
  ['web search from an exact place', { tools: [{ type: 'web_search', user_location: { type: 'exact', city: 'Lyon' } }] }, 'tools[0].user_location.type', /tools\[0\]\.user_location\.type: "exact" is not one of "approximate"/],
];

describe('Responses API: Codex tools and web search', () => {
  for (const [what, fields, param, message] of RESPONSES_CASES) {
    it(`${what}: 400 naming ${param}`, async () => {
      for (const model of ['claude', 'small']) {
        const { status, error } = await post('/v1/responses', { model, input: 'hi', max_output_tokens: 20, ...fields });
        expect({ model, status, param: error?.param }).toEqual({ model, status: 400, param });
        if (what.includes('constructor')) expect(error?.message).not.toMatch(/internal error/);
        else expect(error?.message, error?.message).toMatch(message);
      }
    });
  }

  it('any JSON value in any field of a custom tool, a namespace, an additional_tools item or a web search tool is answered below 500', async () => {
    const tools = {
      custom: { type: 'custom', name: 'exec', description: 'run', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      namespace: { type: 'namespace', name: 'crm', description: 'CRM', tools: [fn, { type: 'custom', name: 'note' }] },
      search: { type: 'web_search', search_context_size: 'low', filters: { allowed_domains: ['nodejs.org'] }, user_location: { type: 'approximate', city: 'Lyon' } },
    };
    const anyJson = fc.oneof(hostileJson(['type', 'name', 'tools', 'format', 'syntax', 'definition'], 2), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', [], {}, -1, [null], [5], 'x'.repeat(3000), '\u0000\u001b'));
    const field = fc.constantFrom(
      ['custom', 'name'], ['custom', 'format'], ['custom', 'description'], ['namespace', 'name'], ['namespace', 'tools'], ['namespace', 'description'],
      ['search', 'search_context_size'], ['search', 'filters'], ['search', 'user_location'], ['item', 'tools'], ['item', 'input'],
    );
    await fc.assert(
      fc.asyncProperty(field, anyJson, fc.constantFrom('claude', 'small'), async ([which, name], value, model) => {
        const body: Record<string, unknown> = { model, input: [user], max_output_tokens: 20 };
        if (which === 'item') {
          body.input = name === 'tools' ? [{ type: 'additional_tools', tools: value }, user] : [user, { type: 'custom_tool_call', call_id: 'c', name: 'exec', input: value }, { type: 'custom_tool_call_output', call_id: 'c', output: value }];
        } else {
          body.tools = [{ ...tools[which as keyof typeof tools], [name as string]: value }];
        }
        const { status, error } = await post('/v1/responses', body);
        expect(status, `${which}.${name} = ${JSON.stringify(value)?.slice(0, 80)}: ${error?.message}`).toBeLessThan(500);
      }),
      { numRuns: fuzzRuns(80) },
    );
  }, 120_000);
});

describe('web search settings translated for another vendor', () => {
  for (const [what, tool, param] of [
    ['max_uses -1', { max_uses: -1 }, 'tools[0].max_uses'],
    ['max_uses "many"', { max_uses: 'many' }, 'tools[0].max_uses'],
    ['max_uses 2.5', { max_uses: 2.5 }, 'tools[0].max_uses'],
    ['allowed_domains as a string', { allowed_domains: 'x.com' }, 'tools[0].allowed_domains'],
    ['blocked_domains holding a number', { blocked_domains: [5] }, 'tools[0].blocked_domains[0]'],
    ['an exact location', { user_location: { type: 'exact', city: 'Lyon' } }, 'tools[0].user_location.type'],
  ] as const) {
    it(`Anthropic's web search tool with ${what}: 400 naming ${param}, as Anthropic answers (not searched without it on gpt)`, async () => {
      for (const model of ['small', 'claude']) {
        const { status, error } = await post('/v1/messages', { model, max_tokens: 20, messages: [user], tools: [{ type: 'web_search_20250305', name: 'web_search', ...tool }] });
        expect({ model, status, param: error?.param ?? (error?.message.match(/tools\[0\][^:]*/)?.[0] ?? null) }).toEqual({ model, status: 400, param });
      }
    });
  }

  for (const [what, options, param] of [
    ['search_context_size "huge"', { search_context_size: 'huge' }, 'web_search_options.search_context_size'],
    ['a string', 'yes', 'web_search_options'],
    ['an exact location', { user_location: { type: 'exact', approximate: { city: 'Lyon' } } }, 'web_search_options.user_location.type'],
    ['a city that is a number', { user_location: { type: 'approximate', approximate: { city: 5 } } }, 'web_search_options.user_location.approximate.city'],
  ] as const) {
    it(`chat web_search_options with ${what}: 400 naming ${param}, not dropped on Claude`, async () => {
      const { status, error } = await post('/v1/chat/completions', { model: 'claude', max_tokens: 20, messages: [user], web_search_options: options });
      expect({ status, param: error?.param }).toEqual({ status: 400, param });
    });
  }
});

describe("a session read from a body's user id", () => {
  it('one holding control characters (ESC, BEL, NUL) is no session: it would drive the terminal of `switchyard traces`', async () => {
    for (const [path, body] of [
      ['/v1/messages', { model: 'claude', max_tokens: 20, messages: [user], metadata: { user_id: '{"session_id":"\u001b[2J\u0007ana"}' } }],
      ['/v1/chat/completions', { model: 'small', max_tokens: 20, messages: [user], user: 'user_x_account__session_\u0000abc' }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status).toBe(200);
      expect((await h.traceOf(res)).session ?? null, path).toBeNull();
    }
    // A well-formed one is still read.
    const ok = await post('/v1/messages', { model: 'claude', max_tokens: 20, messages: [user], metadata: { user_id: '{"session_id":"2c4e1cf0-7d0e-4b5c-8f11-2c3d4e5f6a7b"}' } });
    expect((await h.traceOf(ok)).session).toBe('2c4e1cf0-7d0e-4b5c-8f11-2c3d4e5f6a7b');
  });
});

describe("Claude Code's tool search on a translated model: hostile tool_reference blocks and block types", () => {
  const tools = [
    { name: 'ToolSearch', description: 'search', input_schema: { type: 'object' } },
    { name: 'Read', description: 'read', defer_loading: true, input_schema: { type: 'object' } },
  ];
  /** The turn after a tool search whose result holds `content`. */
  const afterSearch = (content: unknown) => ({
    model: 'small',
    max_tokens: 20,
    tools,
    messages: [{ role: 'user', content: 'find' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'ToolSearch', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content }] }],
  });
  const at = 'messages[2].content[0].content[0].tool_name';

  it.each([
    ['a number', 5, /tool_name: expected a string, got 5;/],
    ['null', null, /tool_name: expected a string, got null;/],
    ['an object', { toString: [] }, /tool_name: expected a string, got \{"toString":\[\]\};/],
    ['missing', undefined, /tool_name: missing;/],
    ['a bidi override before a declared name', '\u202eRead', /tool_name: "\\u202eRead" is not a tool this request declares/],
    ['100,000 characters', 'x'.repeat(100_000), /tool_name: "x{60,64}…" is not a tool this request declares/],
  ])('a tool_name that is %s: 400 tool_reference_unresolved naming it, bounded', async (_, name, message) => {
    const { status, error } = await post('/v1/messages', afterSearch([{ type: 'tool_reference', ...(name === undefined ? {} : { tool_name: name }) }]));
    expect(status).toBe(400);
    expect(error?.message).toMatch(message);
    expect(error?.message.length).toBeLessThan(400);
    // Anthropic's errors carry no param: the message starts with the field.
    expect(error?.message.startsWith(`${at}: `)).toBe(true);
  });

  it('20,000 references to a declared tool are read as lines and answered, not a 500', async () => {
    const { status } = await post('/v1/messages', afterSearch(Array.from({ length: 20_000 }, () => ({ type: 'tool_reference', tool_name: 'Read' }))));
    // The lines may exceed the model's window (400, prompt too long); anything but a crash.
    expect([200, 400]).toContain(status);
  });

  it('a tool_reference in a message rather than a tool result says where one goes', async () => {
    const { status, error } = await post('/v1/messages', { model: 'small', max_tokens: 20, tools, messages: [{ role: 'user', content: [{ type: 'tool_reference', tool_name: 'Read' }] }] });
    expect(status).toBe(400);
    expect(error?.message).toBe("messages[0].content[0]: a tool_reference block goes in a tool_result's content (the result of the tool search that loaded the tool), not in a message's");
  });

  it.each([
    ['a block type of 200,000 characters', [{ type: 'x'.repeat(200_000), text: 'a' }], 'messages[0].content[0]'],
    ['an image source type of 200,000 characters', [{ type: 'image', source: { type: 'x'.repeat(200_000) } }], 'messages[0].content[0]'],
    ['an image source type whose toString is not a function', [{ type: 'image', source: { type: { toString: [] } } }], 'messages[0].content[0]'],
    ['a tool result block of 200,000 characters', [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'y'.repeat(200_000) }] }], 'messages[0].content[0].content[0]'],
  ])('%s on a translated model: a 400 naming the block, not carrying it', async (_, content, param) => {
    const { status, error } = await post('/v1/messages', { model: 'small', max_tokens: 5, messages: [{ role: 'user', content }] });
    expect(status).toBe(400);
    expect(error?.message).toContain(`${param}`);
    expect(error?.message.length).toBeLessThan(300);
  });
});
